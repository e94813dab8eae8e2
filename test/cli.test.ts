import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/registry.js';
import { listGpus, loadCalibration, resolveWorkload } from '../src/data/index.js';
import { ColocError } from '../src/errors.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { fixtureCalibration } from './helpers/fixture.js';
import { coloc, tempDir, writeCalibration } from './helpers/run.js';

let dataDir: string;
const savedEnv = process.env.COLOC_DATA_DIR;
beforeAll(() => {
  dataDir = tempDir();
  writeCalibration(dataDir, 'h200', fixtureCalibration());
  process.env.COLOC_DATA_DIR = dataDir;
});
afterAll(() => {
  if (savedEnv === undefined) delete process.env.COLOC_DATA_DIR;
  else process.env.COLOC_DATA_DIR = savedEnv;
});

const oneLine = (s: string) => s.trimEnd().split('\n').length === 1;

describe('help and argument errors', () => {
  it('coloc --help lists every command', async () => {
    const r = await coloc('--help');
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`coloc ${c.name}`);
    expect(r.stderr).toBe('');
  });

  for (const c of COMMANDS) {
    it(`coloc ${c.name} --help shows its options`, async () => {
      const r = await coloc(c.name, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(c.describe);
      for (const [name, opt] of Object.entries(c.options)) {
        if (opt.hidden) expect(r.stdout).not.toContain(`--${name} `);
        else expect(r.stdout).toContain(`--${name}`);
      }
      if (c.name !== 'calibrate' && c.name !== 'validate' && c.name !== 'predict') return;
      expect(r.stdout).toContain('--gpu');
    });
  }

  it('every command that prints results has --json', () => {
    for (const c of COMMANDS) expect(Object.keys(c.options), c.name).toContain('json');
  });

  it('models --help documents the class rule', async () => {
    const r = await coloc('models', '--help');
    expect(r.stdout).toMatch(/latency-bound \(small\)\s+SM activity < 50 %/);
  });

  it('prints the version', async () => {
    const r = await coloc('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  const usage: [string[], RegExp][] = [
    [[], /^coloc: no command given \(try coloc --help\)$/],
    [['frobnicate'], /^coloc: unknown command 'frobnicate' \(commands: predict, validate, calibrate, models, gpus\)$/],
    [['models', '--bogus'], /^coloc: Unknown argument: bogus$/],
    [['predict'], /^coloc: Missing required argument: pair$/],
    [['predict', '--pair', 'a,b', '--mode', 'vgpu'], /^coloc: Invalid values: Argument: mode, Given: "vgpu", Choices: .*$/],
    [['calibrate'], /^coloc: Missing required argument: gpu$/],
    [['calibrate', '--gpu', '../etc', '--python', 'definitely-not-python'], /^coloc: bad GPU name '\.\.\/etc'/],
    [['calibrate', '--gpu', 'h200', '--modes', 'timeslice,vgpu', '--python', 'definitely-not-python'], /^coloc: unknown mode 'vgpu'/],
    [['validate', '--gpu', 'h200', '--offline', '--splits', 'lopo,lomx'], /^coloc: unknown split 'lomx' \(splits: lopo, lomo, lomf\)$/],
    [['validate', '--gpu', 'h200', '--splits', 'lomo', '--measured', 'nowhere'], /^coloc: --splits is for --offline/],
  ];
  for (const [argv, re] of usage) {
    it(`coloc ${argv.join(' ') || '(nothing)'} -> one line, exit 2`, async () => {
      const r = await coloc(...argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr.trimEnd()).toMatch(re);
    });
  }
});

describe('command modules', () => {
  it('a missing command module gives one line and exit 1', async () => {
    const missing = './no-such-command.js';
    COMMANDS.push({ name: 'ghost', describe: 'A command whose module is missing', source: 'src/commands/no-such-command.ts', load: () => import(missing), options: {}, examples: [] });
    try {
      const r = await coloc('ghost');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe("coloc: 'coloc ghost' is not available in this build (src/commands/no-such-command.ts is missing)\n");
    } finally {
      COMMANDS.pop();
    }
  });

  it('an unexpected error is one line without a stack; a ColocError keeps its code', async () => {
    const boom = { run: async () => { throw new TypeError('x is undefined\n    at somewhere (file.js:1:1)'); } };
    const typed = { run: async () => { throw new ColocError('GPU on fire', 3); } };
    COMMANDS.push(
      { name: 'boom', describe: 'throws', source: 'x', load: async () => boom, options: {}, examples: [] },
      { name: 'typed', describe: 'throws', source: 'x', load: async () => typed, options: {}, examples: [] },
    );
    try {
      const r = await coloc('boom');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('coloc: unexpected error: x is undefined (COLOC_DEBUG=1 shows details)\n');
      const t = await coloc('typed');
      expect(t).toEqual({ code: 3, stdout: '', stderr: 'coloc: GPU on fire\n' });
    } finally {
      COMMANDS.splice(-2, 2);
    }
  });
});

describe('models and gpus', () => {
  it('models --json lists the catalog with solo latency and class per calibrated GPU', async () => {
    const r = await coloc('models', '--json');
    expect(r.code).toBe(0);
    const { workloads } = JSON.parse(r.stdout) as { workloads: { name: string; user: boolean; variant: boolean; batch: number; calibrated: Record<string, { soloLatencyMs: number; class: string }> }[] };
    expect(workloads.filter((w) => !w.user && !w.variant).map((w) => w.name)).toEqual([
      'gpt2', 'bert', 'llama', 'llama8b', 'llama-decode', 'deepseek', 'yolo', 'resnet50', 'mobilenet',
    ]);
    const by = Object.fromEntries(workloads.filter((w) => !w.variant).map((w) => [w.name, w]));
    expect(by.llama!.calibrated.h200).toEqual({ status: 'ok', soloLatencyMs: 5, class: 'compute-bound', pairs: 3 });
    expect(by.yolo!.calibrated.h200).toEqual({ status: 'ok', soloLatencyMs: 4, class: 'bandwidth-bound', pairs: 3 });
    expect(by.mobilenet!.calibrated.h200!.class).toBe('latency-bound (small)');
    expect(by.gpt2!.calibrated).toEqual({});
    expect(by['vit-b16']).toMatchObject({ user: true, batch: 32, calibrated: { h200: { soloLatencyMs: 3, pairs: 0 } } });
    const short = workloads.find((w) => (w as { id?: string }).id === 'llama@b1s256');
    expect(short).toMatchObject({ name: 'llama', variant: true, user: false, batch: 1, seq: 256, params: '1.2B', calibrated: { h200: { soloLatencyMs: 2, pairs: 0 } } });
  });

  it('models prints a table with a column per GPU', async () => {
    const r = await coloc('models');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+BATCH\s+SEQ\s+DTYPE\s+PARAMS\s+H200\s+DESCRIPTION/);
    expect(r.stdout).toMatch(/llama\s+1\s+1024\s+bf16\s+1\.2B\s+5\.00 ms compute-bound/);
    expect(r.stdout).toContain('User workloads');
    expect(r.stdout).toContain('vit-b16@b32s224');
    expect(r.stdout).toMatch(/Catalog models at other sizes[^\n]*\n[^\n]*\nllama@b1s256\s+1\s+256\s+bf16\s+1\.2B\s+2\.00 ms \S+ \(solo only\)/);
  });

  it('gpus --json summarises each calibration', async () => {
    const r = await coloc('gpus', '--json');
    expect(r.code).toBe(0);
    const { gpus } = JSON.parse(r.stdout) as { gpus: Record<string, unknown>[] };
    const h200 = gpus.find((g) => g.name === 'h200');
    expect(h200).toMatchObject({
      calibrated: true,
      deviceName: 'NVIDIA H200',
      modes: { timeslice: { pairs: 2, medianSpread: 0.02 }, mps: { pairs: 1, medianSpread: 0.02 }, streams: { pairs: 0, medianSpread: null } },
      soloWorkloads: 5,
      openLoopRuns: 1,
      date: '2026-11-21T10:00:00Z',
      software: { driver: '570.86', cuda: '12.8', torch: '2.7.0', backend: 'cuda' },
    });
    // only h200 is calibrated here: every other GPU of the spec table is estimated from it, and the table says so
    for (const g of gpus.filter((x) => !x.calibrated)) expect(g).toMatchObject({ soloWorkloads: 0, openLoopRuns: 0, estimatedFrom: 'h200' });
    expect(h200).not.toHaveProperty('estimatedFrom');
    const t = await coloc('gpus');
    expect(t.stdout).toMatch(/^v100\s+no \(from h200\)\s/m);
    // the fixture's fifth workload has no kernel profile, so no Nsight Compute measurement: listed, and said
    const kernelsOf = new Set(loadCalibration('h200').kernels.filter((k) => k.ncu?.configs?.length).map((k) => k.workload.id));
    const lacking = (h200?.withoutNcu ?? []) as string[];
    expect(lacking).toHaveLength(1);
    expect(kernelsOf.has(lacking[0] as string)).toBe(false);
    expect(t.stdout).toContain(`h200: 1 of 5 workloads without Nsight Compute measurements (${lacking[0]}): their MPS and streams predictions carry a wider band`);
  });
});

describe('data loading', () => {
  it('lists GPUs holding meta.json and loads a calibration', () => {
    expect(listGpus()).toEqual(['h200']);
    const d = loadCalibration('h200');
    expect(d.solo).toHaveLength(6);
    expect(d.pairs).toHaveLength(4);
  });

  it('unknown GPU -> exit 2 naming the calibrated ones', () => {
    expect(() => loadCalibration('h100')).toThrow(/no calibration for GPU 'h100' .*\(calibrated: h200; run coloc calibrate --gpu h100/);
    try {
      loadCalibration('h100');
    } catch (e) {
      expect((e as ColocError).exitCode).toBe(2);
    }
  });

  it('resolves catalog names, full ids and user workloads', () => {
    expect(resolveWorkload('llama')).toEqual({ id: 'llama@b1s1024', model: 'llama', batch: 1, seq: 1024 });
    expect(resolveWorkload('llama@b4s512')).toEqual({ id: 'llama@b4s512', model: 'llama', batch: 4, seq: 512 });
    expect(resolveWorkload('vit-b16', 'h200')).toEqual({ id: 'vit-b16@b32s224', model: 'vit-b16', batch: 32, seq: 224 });
    expect(resolveWorkload('vit-b16@b8s224', 'h200').batch).toBe(8);
  });

  it('unknown workload -> ColocError listing the known names', () => {
    expect(() => resolveWorkload('gpt5', 'h200')).toThrow(
      "unknown workload 'gpt5' (known: gpt2, bert, llama, llama8b, llama-decode, deepseek, yolo, resnet50, mobilenet; user workloads on h200: vit-b16)",
    );
    expect(() => resolveWorkload('vit-b16')).toThrow(/unknown workload 'vit-b16'/);
    expect(() => resolveWorkload('llama@b1')).toThrow(/bad workload id 'llama@b1'/);
  });
});

describe('unknown GPU and unknown workload through the commands', () => {
  // predict and validate are written by others; until their modules exist the CLI says so in one line.
  const cases: [string, string[], RegExp][] = [
    ['predict', ['predict', '--pair', 'llama,yolo', '--gpu', 'nope'], /'nope'/],
    ['predict', ['predict', '--pair', 'llama,gpt5', '--gpu', 'h200'], /^coloc: unknown workload 'gpt5' \(known: gpt2, bert, llama/],
    ['predict', ['predict', '--pair', 'llama@b1s2048,yolo', '--gpu', 'h200'], /^coloc: workload 'llama@b1s2048' has no solo profile on h200 \(profiled there: .*llama@b1s256.*\); profile it on the GPU host: coloc calibrate --gpu h200 --models llama@b1s2048 --no-pairs$/],
    ['validate', ['validate', '--gpu', 'nope', '--offline'], /'nope'/],
  ];
  for (const [name, argv, re] of cases) {
    it(`coloc ${argv.join(' ')} -> one line, exit 2`, async () => {
      const r = await coloc(...argv);
      expect(oneLine(r.stderr)).toBe(true);
      if (!existsSync(join(PACKAGE_ROOT, 'src', 'commands', `${name}.ts`))) {
        expect(r).toEqual({ code: 1, stdout: '', stderr: `coloc: 'coloc ${name}' is not available in this build (src/commands/${name}.ts is missing)\n` });
        return;
      }
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd()).toMatch(re);
    });
  }
});

describe('malformed data files', () => {
  it('a schema error names file, field and problem; exit 2, one line', async () => {
    const dir = tempDir();
    const data = fixtureCalibration();
    const gpuDir = writeCalibration(dir, 'h200', data);
    const pairs = JSON.parse(JSON.stringify({ entries: data.pairs })) as { entries: Record<string, unknown>[] };
    pairs.entries[3]!.slowdown = 'fast';
    writeFileSync(join(gpuDir, 'pairs.json'), JSON.stringify(pairs));
    process.env.COLOC_DATA_DIR = dir;
    try {
      for (const cmd of ['models', 'gpus']) {
        const r = await coloc(cmd, '--json');
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(`coloc: ${join(gpuDir, 'pairs.json')}: entries/3/slowdown: must be array (got string)\n`);
      }
      writeFileSync(join(gpuDir, 'solo.json'), '{"entries": [');
      const r = await coloc('models');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^coloc: ${join(gpuDir, 'solo.json')}: invalid JSON: .+\\n$`));
      expect(oneLine(r.stderr)).toBe(true);
    } finally {
      process.env.COLOC_DATA_DIR = dataDir;
    }
  });
});

describe('the bundle that bin/coloc.js runs (npm run build writes it)', () => {
  it('carries the modules commands load only when they run: gpus lists the spec table', () => {
    const bundle = join(PACKAGE_ROOT, 'dist', 'bundle', 'cli.js');
    expect(existsSync(bundle), 'dist/bundle/cli.js missing: run npm run build').toBe(true);
    const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'coloc.js'), 'gpus'], { encoding: 'utf8', env: { ...process.env, COLOC_DATA_DIR: dataDir } });
    expect(r.status, r.stderr).toBe(0);
    for (const gpu of ['h200', 'v100', 'a100', 'h100']) expect(r.stdout).toMatch(new RegExp(`^${gpu}\\s`, 'm'));
  }, 150_000);
});
