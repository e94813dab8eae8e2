// A stand-in for calibration/runner.py that speaks the JSON-lines protocol (docs/runner-protocol.md).
// Run as `node fake-runner.mjs calibrate ... --jsonl`; FAKE_SCENARIO picks what it does:
//   ok      start, 20 progress steps with results, one failed measurement, a warning, done; exit 0
//   error   an error event, exit 2
//   crash   a few events, a line on stderr, exit 1 without an error event
//   killed  a few events, then SIGKILL to itself
//   wait    start, then wait for SIGINT: error event "interrupted", exit 130
// FAKE_ARGS_FILE, when set, receives the argument list as JSON.
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (process.env.FAKE_ARGS_FILE) writeFileSync(process.env.FAKE_ARGS_FILE, JSON.stringify(args));
const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const gpu = args[args.indexOf('--gpu') + 1];
const scenario = process.env.FAKE_SCENARIO ?? 'ok';

if (scenario === 'ok') {
  const total = 20;
  emit({ event: 'start', gpu, total, backend: 'sim' });
  process.stdout.write('some plain text from python\n');
  for (let i = 1; i <= total; i++) {
    const kind = i <= 4 ? 'solo' : i <= 6 ? 'kernels' : 'pairs';
    if (i === 7) {
      emit({ event: 'failed', key: 'timeslice:llama@b1s1024+yolo@b8s640', reason: 'worker crashed: CUDA out of memory' });
      emit({ event: 'result', kind, key: `k${i}`, status: 'failed' });
    } else {
      emit({ event: 'result', kind, key: `k${i}`, status: 'ok' });
    }
    emit({ event: 'progress', done: i, total, label: `step ${i}` });
  }
  emit({ event: 'warning', message: 'GPU clock not locked' });
  emit({ event: 'something-new', x: 1 });
  emit({ event: 'done', wallS: 1.5, measured: 19, skipped: 0, failed: 1 });
  process.exit(0);
} else if (scenario === 'error') {
  emit({ event: 'start', gpu, total: 3, backend: 'sim' });
  emit({ event: 'error', message: "unknown workload 'gpt5'; known: bert, llama", code: 2 });
  process.exit(2);
} else if (scenario === 'crash') {
  emit({ event: 'start', gpu, total: 3, backend: 'sim' });
  emit({ event: 'progress', done: 1, total: 3, label: 'solo llama' });
  process.stderr.write('Traceback (most recent call last):\nRuntimeError: something broke\n');
  process.exit(1);
} else if (scenario === 'killed') {
  emit({ event: 'start', gpu, total: 3, backend: 'sim' });
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 20);
} else if (scenario === 'wait') {
  process.on('SIGINT', () => {
    emit({ event: 'error', message: 'interrupted: finished measurements are kept (run again with --resume)', code: 130 });
    process.exit(130);
  });
  emit({ event: 'start', gpu, total: 3, backend: 'sim' });
  setInterval(() => {}, 1000);
}
