// The runner's reading of Nsight Compute CSV (calibration/runner.py), driven through python3: ncu writes a
// units row under the header and chooses the time unit itself.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';

function durations(csv: string): number[] {
  const code = `import sys, json; sys.path.insert(0, ${JSON.stringify(join(PACKAGE_ROOT, 'calibration'))}); import runner
rows, units = runner.parse_ncu_csv_units(sys.stdin.read()); print(json.dumps(runner.durations_us(rows, units)))`;
  return JSON.parse(execFileSync('python3', ['-c', code], { input: csv }).toString()) as number[];
}

const csv = (unit: string, values: string[]): string =>
  ['==PROF== Connected to process 1', '"ID","Kernel Name","gpu__time_duration.sum"', `"","","${unit}"`, ...values.map((v, i) => `"${i}","k${i}","${v}"`)].join('\n');

describe('ncu kernel durations', () => {
  it('short kernels in nanoseconds are read as nanoseconds (a request whose first kernels are all < 10 us)', () => {
    expect(durations(csv('nsecond', ['2,560', '1,090', '9,984']))).toEqual([2.56, 1.09, 9.984]);
  });
  it('microseconds and milliseconds by the units row', () => {
    expect(durations(csv('usecond', ['530.59', '12']))).toEqual([530.59, 12]);
    expect(durations(csv('msecond', ['1.5']))).toEqual([1500]);
  });
  it('without a units row the magnitude decides, as before', () => {
    const noUnits = ['"ID","Kernel Name","gpu__time_duration.sum"', '"0","k0","35,000"', '"1","k1","2,000"'].join('\n');
    expect(durations(noUnits)).toEqual([35, 2]);
  });
});

describe('ncu launch configurations', () => {
  const configs = (csvText: string): Record<string, number>[] => {
    const code = `import sys, json; sys.path.insert(0, ${JSON.stringify(join(PACKAGE_ROOT, 'calibration'))}); import runner
rows, units = runner.parse_ncu_csv_units(sys.stdin.read()); print(json.dumps(runner.ncu_configs(rows, units)))`;
    return JSON.parse(execFileSync('python3', ['-c', code], { input: csvText }).toString()) as Record<string, number>[];
  };
  const header = ['ID', 'Kernel Name', 'gpu__time_duration.sum', 'launch__grid_size', 'launch__block_size', 'launch__registers_per_thread',
    'launch__shared_mem_per_block_static', 'launch__shared_mem_per_block_dynamic', 'sm__warps_active.avg.pct_of_peak_sustained_active',
    'sm__maximum_warps_per_active_cycle_pct', 'sm__cycles_active.avg', 'sm__cycles_elapsed.avg', 'dram__throughput.avg.pct_of_peak_sustained_elapsed'];
  const line = (cells: string[]): string => cells.map((c) => `"${c}"`).join(',');

  it('reads shape, time, occupancy and SM activity of each configuration; shared memory is static + dynamic', () => {
    const text = ['==PROF== Disconnected', line(header), line(['', '', 'usecond', '', '', 'register/thread', 'byte', 'byte', '%', '%', 'cycle', 'cycle', '%']),
      line(['0', 'cat', '84.5', '528', '512', '25', '0', '0', '48.1', '100', '150,000', '160,000', '71.2']),
      line(['1', 'gemm', '1,050', '132', '384', '168', '1,024', '212,164', '18.3', '18.75', '900', '1,000', '12'])].join('\n');
    const [cat, gemm] = configs(text);
    expect(cat).toEqual({ grid: 528, block: 512, regs: 25, smem: 0, durUs: 84.5, achievedOccPct: 48.1, theoreticalOccPct: 100, smActivePct: 93.75, dramPct: 71.2 });
    expect(gemm).toMatchObject({ grid: 132, regs: 168, smem: 213188, durUs: 1050, smActivePct: 90 });
  });
  it('leaves out copies and memsets (no launch shape) and rows without elapsed cycles get 0 % active', () => {
    const text = [line(header), line(['0', 'memset', '2', '0', '0', '0', '0', '0', '0', '0', '0', '0', '1']), line(['1', 'k', '3', '8', '64', '16', '0', '0', '5', '50', '0', '0', ''])].join('\n');
    const out = configs(text);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ grid: 8, smActivePct: 0 });
    expect(out[0]).not.toHaveProperty('dramPct');
  });
});

describe('ncu_choice', () => {
  const choice = (command: string, noNcu: boolean, backend: string, have: boolean): [boolean, string | null] => {
    const code = `import sys, json; sys.path.insert(0, ${JSON.stringify(join(PACKAGE_ROOT, 'calibration'))}); import runner
print(json.dumps(runner.ncu_choice(${JSON.stringify(command)}, ${noNcu ? 'True' : 'False'}, ${JSON.stringify(backend)}, ${have ? 'True' : 'False'})))`;
    return JSON.parse(execFileSync('python3', ['-c', code]).toString()) as [boolean, string | null];
  };
  it('measures with ncu in a calibration on the GPU where ncu is on PATH', () => {
    expect(choice('calibrate', false, 'cuda', true)).toEqual([true, null]);
  });
  it('warns where a calibration wants ncu and it is missing: MPS and streams lose their kernel measurements', () => {
    const [use, warning] = choice('calibrate', false, 'cuda', false);
    expect(use).toBe(false);
    expect(warning).toMatch(/^ncu \(Nsight Compute\) is not on PATH: .*MPS and streams predictions .* --no-ncu/);
  });
  it('neither measures nor warns with --no-ncu, on the simulated backend, or when measuring pairs', () => {
    expect(choice('calibrate', true, 'cuda', false)).toEqual([false, null]);
    expect(choice('calibrate', false, 'sim', false)).toEqual([false, null]);
    expect(choice('measure', false, 'cuda', false)).toEqual([false, null]);
  });
});
