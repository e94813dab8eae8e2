// The worker's reading of torch.profiler's chrome trace (calibration/worker.py), driven through python3
// without torch: the kernels of one request (and of a co-run, benchmarks/experiments/mps-dispatch) come from it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';

function kernels(trace: unknown): Record<string, unknown>[] {
  // chrome_trace() writes the trace through a temporary file and reads it back: a stand-in profiler exports it
  const code = `import sys, json; sys.path.insert(0, ${JSON.stringify(join(PACKAGE_ROOT, 'calibration'))}); import worker
data = sys.stdin.read()
class Prof:
    def export_chrome_trace(self, path):
        open(path, "w").write(data)
print(json.dumps(worker.trace_kernels(worker.chrome_trace(Prof()))))`;
  return JSON.parse(execFileSync('python3', ['-c', code], { input: JSON.stringify(trace) }).toString()) as Record<string, unknown>[];
}

describe('kernels from a chrome trace', () => {
  it('keeps kernels, copies and memsets in start order, with launch shape, resources and stream', () => {
    const k = kernels({
      traceEvents: [
        { cat: 'kernel', name: 'gemm', ts: 20, dur: 5.5, args: { grid: [66, 2, 1], block: [128, 1, 1], 'registers per thread': 168, 'shared memory': 213188, stream: 7 } },
        { cat: 'cuda_runtime', name: 'cudaGraphLaunch', ts: 1, dur: 3, args: {} },
        { cat: 'gpu_memcpy', name: 'Memcpy DtoD', ts: 10, dur: 1, args: { stream: 7 } },
        { cat: 'kernel', name: 'no duration', ts: 30 },
      ],
    });
    expect(k.map((x) => x.name)).toEqual(['Memcpy DtoD', 'gemm']);
    expect(k[1]).toMatchObject({ ts: 20, dur: 5.5, grid: 132, block: 128, regs: 168, smem: 213188, kind: 'kernel', stream: 7 });
    expect(k[0]).toMatchObject({ grid: null, block: null, kind: 'gpu_memcpy' });
  });
});
