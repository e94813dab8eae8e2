// Time from process start to output of `coloc predict`, median of N runs.
// Usage: node benchmarks/startup.mjs [--n 15] [--gpu h200] [--pair llama,yolo] [--mode timeslice] [--rates 10,10]
// Needs a built package (npm run build) and, for a meaningful figure, calibration/<gpu>/model.json
// (without it predict fits on the fly, which it says on stdout).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const n = Number(opt('n', '15'));
const cmd = ['bin/coloc.js', 'predict', '--pair', opt('pair', 'llama,yolo'), '--gpu', opt('gpu', 'h200'), '--mode', opt('mode', 'timeslice')];
if (opt('rates')) cmd.push('--rates', opt('rates'));
if (args.includes('--json')) cmd.push('--json');

const times = [];
let last;
for (let i = 0; i < n + 1; i++) {
  const t0 = process.hrtime.bigint();
  last = spawnSync(process.execPath, cmd, { cwd: root, encoding: 'utf8', env: process.env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (last.status !== 0) {
    console.error(`coloc exited ${last.status}: ${last.stderr.trim()}`);
    process.exit(1);
  }
  if (i > 0) times.push(ms); // the first run warms the file cache (and writes bin/coloc.js's code cache after a build)
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
if (/fitted on the fly/.test(last.stdout)) console.error('note: model.json missing or stale, predict fitted on the fly');
console.log(JSON.stringify({ command: `node ${cmd.join(' ')}`, runs: n, medianMs: Math.round(median), minMs: Math.round(times[0]), maxMs: Math.round(times[times.length - 1]) }));
