// coloc calibrate against a fake runner (protocol handling) and the real calibration/runner.py with
// --backend sim (no torch, no GPU). The Ctrl-C test spawns bin/coloc.js, so it needs `npm run build` first
// (npm test does that).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eta, formatDuration, lineProgress } from '../src/calibrate/progress.js';
import { parseEventLine } from '../src/calibrate/events.js';
import { loadCalibrationDir } from '../src/data/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { coloc, tempDir } from './helpers/run.js';

const FAKE = join(PACKAGE_ROOT, 'test', 'helpers', 'fake-runner.mjs');

async function withEnv<T>(env: Record<string, string | undefined>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Spawns bin/coloc.js, sends SIGINT once `trigger` appears on its stderr, and waits for it to exit. */
async function interrupt(argv: string[], env: Record<string, string>, trigger: RegExp | string) {
  const cli = join(PACKAGE_ROOT, 'bin', 'coloc.js');
  expect(existsSync(join(PACKAGE_ROOT, 'dist', 'cli.js')), 'run npm run build first').toBe(true);
  const child = spawn(process.execPath, [cli, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let sent = false;
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Once the runner is up, coloc listens for SIGINT; send it once (a second one would mean "force").
      if (!sent && (typeof trigger === 'string' ? stderr.includes(trigger) : trigger.test(stderr))) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('exit', (c) => resolve(c));
  });
  return { code, stderr };
}

const fake = (scenario: string, ...argv: string[]) =>
  withEnv({ COLOC_RUNNER: FAKE, FAKE_SCENARIO: scenario }, () =>
    coloc('calibrate', '--gpu', 'h200', '--python', process.execPath, '--out', tempDir(), ...argv),
  );

describe('events and progress', () => {
  it('parses the protocol events and ignores anything else', () => {
    expect(parseEventLine('{"event":"progress","done":3,"total":57,"label":"pair timeslice llama+yolo"}')).toEqual({
      event: 'progress', done: 3, total: 57, label: 'pair timeslice llama+yolo',
    });
    expect(parseEventLine('{"event":"result","kind":"pairs","key":"k","status":"ok"}')).toEqual({ event: 'result', kind: 'pair', key: 'k', status: 'ok' });
    expect(parseEventLine('{"event":"error","message":"no GPU","code":3}')).toEqual({ event: 'error', message: 'no GPU' });
    for (const line of ['', 'plain text', '{"event":"progress"}', '{"event":"nope"}', '[1,2]', '{broken', '{"event":"result","kind":"x","key":"k","status":"ok"}']) {
      expect(parseEventLine(line), line).toBeUndefined();
    }
  });

  it('prints a line each time another 10 % is done, with an ETA', () => {
    const lines: string[] = [];
    let t = 0;
    const p = lineProgress((l) => lines.push(l), () => t);
    for (let done = 0; done <= 57; done++) {
      t = done * 1000;
      p.update(done, 57, `step ${done}`);
    }
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('calibrate: 0% (0/57) ETA ? - step 0');
    expect(lines[1]).toBe('calibrate: 11% (6/57) ETA 51s - step 6');
    expect(lines.at(-1)).toBe('calibrate: 100% (57/57) done - step 57');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(eta(10, 0, 5)).toBeUndefined();
  });
});

describe('coloc calibrate with a fake runner', () => {
  it('passes the options on, follows the events and prints a JSON summary', async () => {
    const argsFile = join(tempDir(), 'args.json');
    const out = tempDir();
    const r = await withEnv({ COLOC_RUNNER: FAKE, FAKE_SCENARIO: 'ok', FAKE_ARGS_FILE: argsFile }, () =>
      coloc('calibrate', '--gpu', 'h200', '--python', process.execPath, '--out', out, '--models', 'llama, yolo',
        '--model-file', 'my.py', '--modes', 'timeslice,mps', '--no-ncu', '--resume', '--backend', 'sim', '--window', '0.5', '--json'),
    );
    expect(r.code).toBe(0);
    const args = JSON.parse(readFileSync(argsFile, 'utf8')) as string[];
    expect(args).toEqual([
      'calibrate', '--gpu', 'h200', '--out', out, '--expect-sms', '132', '--expect-memory-gb', '141', '--models', 'llama,yolo', '--model-file', join(process.cwd(), 'my.py'),
      '--modes', 'timeslice,mps', '--no-ncu', '--resume', '--backend', 'sim', '--window', '0.5', '--jsonl',
    ]);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({
      gpu: 'h200', out, backend: 'sim', total: 20, measured: 19, skipped: 0, failed: 1, wallS: 1.5,
      results: { solo: { ok: 4, failed: 0 }, kernels: { ok: 2, failed: 0 }, pair: { ok: 13, failed: 1 } },
      failures: [{ key: 'timeslice:llama@b1s1024+yolo@b8s640', reason: 'worker crashed: CUDA out of memory' }],
      warnings: ['GPU clock not locked'],
      fitted: false,
    });
    // Not a terminal: one progress line per 10 %, plus the failure and the warning as they happen.
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('calibrate: '))).toHaveLength(11);
    expect(lines).toContain('failed: timeslice:llama@b1s1024+yolo@b8s640: worker crashed: CUDA out of memory');
    expect(lines).toContain('warning: GPU clock not locked');
  });

  it('prints a summary table without --json', async () => {
    const r = await fake('ok');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/19 measured, 0 skipped \(already there\), 1 failed/);
    expect(r.stdout).toMatch(/KIND\s+OK\s+FAILED\nsolo\s+4\s+0\nkernels\s+2\s+0\npair\s+13\s+1/);
    expect(r.stdout).toContain('  timeslice:llama@b1s1024+yolo@b8s640: worker crashed: CUDA out of memory');
  });

  it("a runner error event becomes one line with the runner's exit code", async () => {
    const r = await fake('error');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe("coloc: unknown workload 'gpt5'; known: bert, llama");
  });

  it('a crash without an error event names the exit code and says the data is kept', async () => {
    const r = await fake('crash');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^coloc: the runner exited with code 1 without reporting an error \(last stderr line: RuntimeError: something broke\); finished measurements are kept in .+$/,
    );
  });

  it('a runner killed by a signal names the signal', async () => {
    const r = await fake('killed');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/coloc: the runner was killed by SIGKILL without reporting an error; finished measurements are kept in /);
  });

  it('a missing runner script gives one line and exit 3', async () => {
    const r = await withEnv({ COLOC_RUNNER: join(tempDir(), 'runner.py') }, () => coloc('calibrate', '--gpu', 'h200', '--out', tempDir()));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^coloc: the calibration runner is missing: .*runner\.py\n$/);
  });

  it('a missing interpreter gives one line and exit 3', async () => {
    const r = await coloc('calibrate', '--gpu', 'h200', '--python', 'no-such-python3', '--out', tempDir());
    expect(r).toEqual({ code: 3, stdout: '', stderr: 'coloc: no-such-python3 not found (needed to run the calibration on the GPU host)\n' });
  });

  it('Ctrl-C is forwarded to the runner, which stops; exit 130', async () => {
    const r = await interrupt(['calibrate', '--gpu', 'h200', '--python', process.execPath, '--out', tempDir()], { COLOC_RUNNER: FAKE, FAKE_SCENARIO: 'wait' }, 'calibrate: 0%');
    expect(r.code).toBe(130);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^coloc: interrupted; finished measurements are kept in .+ \(--resume continues\)$/);
  });
});

const SIM_ENV = { COLOC_SIM_SPEED: '0.002', COLOC_SIM_NOISE: '0.001' };
const sim = (out: string, ...argv: string[]) =>
  coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', out, '--models', 'llama,yolo', '--modes', 'timeslice',
    '--window', '0.2', '--repeats', '2', '--no-probes', '--json', ...argv);

describe('coloc calibrate with calibration/runner.py --backend sim', () => {
  it('measures, writes schema-valid data, and --resume skips what is there', async () => {
    const out = join(tempDir(), 'simgpu');
    const first = await withEnv(SIM_ENV, () => sim(out));
    expect(first.stderr).toContain('calibrate: 100%');
    expect(first.code).toBe(0);
    const s1 = JSON.parse(first.stdout) as { measured: number; skipped: number; failed: number; results: Record<string, { ok: number }> };
    expect(s1.failed).toBe(0);
    expect(s1.skipped).toBe(0);
    expect(s1.measured).toBeGreaterThanOrEqual(5);
    expect(s1.results.solo!.ok).toBe(2);
    const data = loadCalibrationDir(out);
    expect(data.meta.method.backend).toBe('sim');
    expect(new Set(data.solo.filter((x) => x.status === 'ok').map((x) => x.workload.id))).toEqual(new Set(['llama@b1s1024', 'yolo@b8s640']));
    expect(data.pairs.filter((p) => p.mode === 'timeslice' && p.status === 'ok').length).toBeGreaterThanOrEqual(1);
    // every kernel of the request has its launch shape, in the order of sequenceUs
    for (const k of data.kernels) {
      expect(k.sequenceShape?.length).toBe(k.sequenceUs?.length);
      expect(k.sequenceShape?.every((s) => s.length === 5)).toBe(true);
    }

    const again = await withEnv(SIM_ENV, () => sim(out, '--resume'));
    expect(again.code).toBe(0);
    const s2 = JSON.parse(again.stdout) as { measured: number; skipped: number };
    expect(s2.measured).toBe(0);
    expect(s2.skipped).toBe(s1.measured);

    // the same models listed the other way round: the stored pairs keep their order, nothing is measured twice
    const swapped = await withEnv(SIM_ENV, () =>
      coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', out, '--models', 'yolo,llama', '--modes', 'timeslice',
        '--window', '0.2', '--repeats', '2', '--no-probes', '--json', '--resume'),
    );
    expect(swapped.code).toBe(0);
    expect((JSON.parse(swapped.stdout) as { measured: number }).measured).toBe(0);
    expect(loadCalibrationDir(out).pairs.length).toBe(data.pairs.length);

    // another device measuring into this folder (an H100 given the H200's calibration) stops before it measures
    const files = ['solo.json', 'pairs.json', 'meta.json'].map((f) => readFileSync(join(out, f), 'utf8'));
    const other = await withEnv({ ...SIM_ENV, COLOC_SIM_DEVICE: 'NVIDIA H100 80GB HBM3' }, () =>
      coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', out, '--models', 'llama,yolo,bert', '--modes', 'timeslice',
        '--window', '0.2', '--no-probes', '--json', '--resume'),
    );
    expect(other.code).toBe(3);
    expect(other.stderr.trimEnd().split('\n').at(-1)).toBe(
      `coloc: ${out} was measured on Simulated GPU, but this GPU is NVIDIA H100 80GB HBM3: measure into another folder (--gpu names it, e.g. calibration/<gpu>)`,
    );
    expect(['solo.json', 'pairs.json', 'meta.json'].map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(files);
  }, 300_000);

  it('open loop: one long window per load, with the p99 of each 4 s sub-window beside the pooled one', async () => {
    const out = join(tempDir(), 'simgpu');
    const r = await withEnv(SIM_ENV, () => sim(out, '--no-pairs', '--openloop'));
    expect(r.code).toBe(0);
    const runs = loadCalibrationDir(out).openLoop.filter((x) => x.status === 'ok');
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const x of runs) {
      expect(x.windowS).toBe(16);
      expect(x.subWindowP99Ms?.map((v) => v.length)).toEqual([4, 4]);
      // the seeds each model's arrivals were drawn from, distinct per model
      const seed = Math.trunc(x.load * 1000) + 17;
      expect(x.arrivalSeeds).toEqual(x.mode === 'streams' ? [seed, seed + 7919] : [seed, seed + 101]);
      // the pooled p99 lies within the sub-windows' range
      x.subWindowP99Ms?.forEach((v, i) => {
        expect(x.p99Ms?.[i]).toBeGreaterThanOrEqual(Math.min(...v) - 1e-9);
        expect(x.p99Ms?.[i]).toBeLessThanOrEqual(Math.max(...v) + 1e-9);
      });
    }
  }, 300_000);

  it('open loop again at one load with a longer window (runner --redo openloop --openloop-loads); a bad load is one line', async () => {
    const out = join(tempDir(), 'simgpu');
    expect((await withEnv(SIM_ENV, () => sim(out, '--no-pairs', '--openloop'))).code).toBe(0);
    const before = loadCalibrationDir(out).openLoop;
    const runner = (...argv: string[]) =>
      spawnSync('python3', [join(PACKAGE_ROOT, 'calibration', 'runner.py'), 'calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', out,
        '--models', 'llama,yolo', '--modes', 'timeslice', '--window', '0.2', '--repeats', '2', '--no-pairs', '--openloop', '--resume', ...argv],
      { env: { ...process.env, ...SIM_ENV }, encoding: 'utf8' });
    const again = runner('--redo', 'openloop', '--openloop-loads', '0.9', '--openloop-window', '8');
    expect(again.status).toBe(0);
    const after = loadCalibrationDir(out).openLoop;
    expect(after.length).toBe(before.length);
    for (const x of after) expect(x.windowS).toBe(x.load === 0.9 ? 8 : 16);
    expect(after.filter((x) => x.load === 0.9 && x.status === 'ok').every((x) => x.subWindowP99Ms?.every((v) => v.length === 2))).toBe(true);
    const bad = runner('--openloop-loads', '0.9,high');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trimEnd().split('\n').at(-1)).toContain("bad load 'high' in --openloop-loads");
  }, 300_000);

  it('Ctrl-C stops the real runner; what was measured is kept and --resume skips it', async () => {
    const out = join(tempDir(), 'simgpu');
    const argv = ['calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', out, '--models', 'llama,yolo', '--modes', 'timeslice,mps', '--window', '0.2'];
    const r = await interrupt(argv, { COLOC_SIM_SPEED: '0.02' }, /calibrate: [1-9]\d*%/);
    expect(r.code).toBe(130);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^coloc: interrupted; finished measurements are kept in .+simgpu \(--resume continues\)$/);
    const d = loadCalibrationDir(out);
    const kept = [...d.solo, ...d.pairs].filter((x) => x.status === 'ok').length + d.kernels.length;
    expect(kept).toBeGreaterThanOrEqual(1);
    const again = await withEnv(SIM_ENV, () => coloc(...argv, '--resume', '--json'));
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { skipped: number }).skipped).toBeGreaterThanOrEqual(kept);
  }, 300_000);

  it('into the default folder ($COLOC_DATA_DIR/<gpu>) it fits the predictor when src/predictor/fit.ts exists', async () => {
    const root = tempDir();
    const r = await withEnv({ ...SIM_ENV, COLOC_DATA_DIR: root }, () =>
      coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--models', 'llama,yolo', '--modes', 'timeslice', '--window', '0.2', '--no-ncu', '--json'),
    );
    expect(r.code).toBe(0);
    const fitAvailable = existsSync(join(PACKAGE_ROOT, 'src', 'predictor', 'fit.ts'));
    expect((JSON.parse(r.stdout) as { fitted: boolean }).fitted).toBe(fitAvailable);
    expect(existsSync(join(root, 'simgpu', 'model.json'))).toBe(fitAvailable);
  }, 300_000);

  it('--memory-limit: a second instance that does not fit starts only for its self-pair, and every pair is measured', async () => {
    const out = join(tempDir(), 'simgpu');
    // The simulated workers allocate 1000 MiB each: two first instances leave no room for a second under 6 GiB.
    const r = await withEnv(SIM_ENV, () => sim(out, '--memory-limit', '6'));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('GPU memory: the second instance of llama@b1s1024, yolo@b8s640 starts only for its self-pair');
    const ok = loadCalibrationDir(out).pairs.filter((p) => p.status === 'ok').map((p) => `${p.a.id}+${p.b.id}`);
    expect(new Set(ok)).toEqual(new Set(['llama@b1s1024+llama@b1s1024', 'llama@b1s1024+yolo@b8s640', 'yolo@b8s640+yolo@b8s640']));
    const roomy = await withEnv(SIM_ENV, () => sim(join(tempDir(), 'simgpu'), '--memory-limit', '64'));
    expect(roomy.code).toBe(0);
    expect(roomy.stderr).not.toContain('GPU memory');
    const bad = await coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--memory-limit', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd()).toBe('coloc: --memory-limit must be a positive number');
  }, 300_000);

  it('a GPU name of the spec table on another device (SM count, memory) stops before measuring, in one line', async () => {
    const out = join(tempDir(), 'h100');
    const r = await withEnv(SIM_ENV, () =>
      coloc('calibrate', '--gpu', 'h100', '--backend', 'sim', '--out', out, '--models', 'llama', '--modes', 'timeslice', '--no-probes', '--window', '0.2'),
    );
    expect(r.code).toBe(3);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'coloc: this GPU (Simulated GPU: 100 SMs, 80 GiB) is not the h100 of the spec table (132 SMs, 80 GB): give --gpu the name of this GPU (a name not in the spec table is measured as it is)',
    );
    expect(existsSync(join(out, 'solo.json'))).toBe(false);
  }, 300_000);

  it('a crashing worker (COLOC_SIM_CRASH) marks only its measurements failed', async () => {
    const out = join(tempDir(), 'simgpu');
    const r = await withEnv({ ...SIM_ENV, COLOC_SIM_CRASH: 'yolo' }, () => sim(out));
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { failed: number; failures: { key: string; reason: string }[] };
    expect(s.failed).toBeGreaterThanOrEqual(1);
    expect(s.failures.every((f) => f.key.includes('yolo'))).toBe(true);
    const data = loadCalibrationDir(out);
    expect(data.solo.find((x) => x.workload.model === 'llama' && x.context === 'exclusive')?.status).toBe('ok');
    expect(data.solo.find((x) => x.workload.model === 'yolo' && x.context === 'exclusive')?.status).toBe('failed');
  }, 300_000);

  it('an unknown model is the runner\'s one-line error, exit 2', async () => {
    const r = await withEnv(SIM_ENV, () => coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', tempDir(), '--models', 'gpt5'));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^coloc: unknown workload 'gpt5'; known: .*llama/);
  }, 150_000);

  it('a catalog model at another size (NAME@b<batch>s<seq>) is measured under that id, next to its default size', async () => {
    const out = join(tempDir(), 'simgpu');
    const r = await withEnv(SIM_ENV, () =>
      coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', out, '--models', 'bert,bert@b64s128', '--modes', 'timeslice', '--window', '0.2', '--no-ncu', '--no-probes', '--json'),
    );
    expect(r.code).toBe(0);
    const d = loadCalibrationDir(out);
    const solo = new Map(d.solo.filter((x) => x.status === 'ok').map((x) => [x.workload.id, x]));
    expect([...solo.keys()].sort()).toEqual(['bert@b16s128', 'bert@b64s128']);
    expect(solo.get('bert@b64s128')?.workload).toEqual({ id: 'bert@b64s128', model: 'bert', batch: 64, seq: 128 });
    // the simulated GPU's work grows with batch x seq, so the larger size is slower alone
    expect(solo.get('bert@b64s128')!.latencyMs!.mean).toBeGreaterThan(2 * solo.get('bert@b16s128')!.latencyMs!.mean);
    // the host-gap probe recovers the simulated GPU's host gap (calibration/sim.py: 0.04 ms for bert) and GPU work
    for (const s of solo.values()) {
      expect(s.hostGap?.hostMs).toBeCloseTo(0.04, 1);
      expect(s.hostGap!.gpuMs + s.hostGap!.hostMs).toBeCloseTo(s.latencyMs!.mean, 0);
      expect(s.hostGap!.batchMs.map((b) => b.length)).toEqual([6, 6]);
    }
    expect(d.pairs.some((p) => p.a.id === 'bert@b16s128' && p.b.id === 'bert@b64s128' && p.status === 'ok')).toBe(true);
  }, 300_000);

  it('a malformed size or a user file whose build() takes no size is one line, exit 2', async () => {
    const bad = await withEnv(SIM_ENV, () => coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', tempDir(), '--models', 'bert@b64'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split('\n').at(-1)).toBe("coloc: bad workload id 'bert@b64' (expected NAME@b<batch>s<seq>, e.g. bert@b64s128)");
    const file = join(PACKAGE_ROOT, 'models', 'examples', 'vit_b16.py');
    const fixed = await withEnv(SIM_ENV, () =>
      coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', tempDir(), '--model-file', file, '--models', 'vit-b16@b8s224'),
    );
    expect(fixed.code).toBe(2);
    expect(fixed.stderr.trimEnd().split('\n').at(-1)).toMatch(/^coloc: 'vit-b16@b8s224': build\(\) in .+vit_b16\.py takes no batch or seq argument, so it runs only at vit-b16@b32s224$/);
  }, 150_000);

  it('a user workload the simulated GPU has no profile for runs at its own size (one solo per context), with its probe co-runs', async () => {
    const out = join(tempDir(), 'simgpu');
    const file = join(PACKAGE_ROOT, 'models', 'examples', 'convnext_t.py');
    const run = (dir: string, ...argv: string[]) => withEnv(SIM_ENV, () =>
      coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', dir, '--model-file', file, '--modes', 'timeslice,mps', '--window', '0.2', '--no-ncu', '--json', ...argv));
    const r = await run(out);
    expect(r.code).toBe(0);
    const data = loadCalibrationDir(out);
    const own = data.solo.filter((x) => x.workload.model === 'convnext-t');
    expect(own.map((x) => `${x.workload.id}:${x.context}:${x.status}`).sort()).toEqual(['convnext-t@b32s224:exclusive:ok', 'convnext-t@b32s224:mps:ok']);
    expect(own.every((x) => (x.latencyMs?.mean ?? 0) < 50)).toBe(true);
    // its only pairs: next to each probe of models/catalog.json, in both modes (the probes get the solo runs those need)
    const probes = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'models', 'catalog.json'), 'utf8')) as { probes: string[] }).probes;
    expect(probes.length).toBeGreaterThan(0);
    const pairs = data.pairs.filter((p) => p.status === 'ok').map((p) => `${p.mode}:${p.a.id}+${p.b.id}`).sort();
    expect(pairs).toEqual(['mps', 'timeslice'].flatMap((m) => probes.map((p) => `${m}:convnext-t@b32s224+${p}`)).sort());
    for (const p of probes) expect(data.solo.filter((x) => x.workload.id === p && x.status === 'ok').length).toBe(2);
    // --no-probes: solo profiles only
    const bare = join(tempDir(), 'simgpu');
    expect((await run(bare, '--no-probes')).code).toBe(0);
    expect(loadCalibrationDir(bare).pairs).toEqual([]);
  }, 450_000);

  it('a missing python gives one line and a non-zero exit', async () => {
    const r = await coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--out', tempDir(), '--python', '/nonexistent/python3');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('coloc: /nonexistent/python3 not found (needed to run the calibration on the GPU host)\n');
  });
});
