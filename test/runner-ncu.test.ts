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
