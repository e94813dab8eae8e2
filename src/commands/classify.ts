// The workload class shown by `coloc models`, from solo GPM metrics and the kernel summary.
// Kept free of heavy imports: cli.ts shows CLASS_RULE in `coloc models --help`.
import type { GpmMetrics, KernelSummary } from '../types.js';

export type WorkloadClass = 'compute-bound' | 'bandwidth-bound' | 'latency-bound (small)' | 'unknown';

/** Below this SM activity the GPU idles between or inside kernels: launch/latency bound. */
export const SMALL_SM_UTIL = 0.5;

export const CLASS_RULE = [
  'Class (from the exclusive solo run on each calibrated GPU):',
  `  latency-bound (small)  SM activity < ${SMALL_SM_UTIL * 100} %, or the time-weighted median kernel has fewer`,
  '                         thread blocks than the GPU has SMs (it cannot fill the GPU)',
  '  bandwidth-bound        otherwise, if DRAM bandwidth utilisation >= tensor-pipe utilisation',
  '  compute-bound          otherwise (tensor pipes busier than DRAM)',
  '  unknown                no GPM metrics were recorded',
].join('\n');

export function classify(gpm: GpmMetrics | undefined, kernels: KernelSummary | undefined, smCount: number): WorkloadClass {
  if (!gpm) return 'unknown';
  if (gpm.smUtil < SMALL_SM_UTIL) return 'latency-bound (small)';
  if (kernels && kernels.gridBlocks.p50 < smCount) return 'latency-bound (small)';
  if (gpm.dramBwUtil >= gpm.tensorUtil) return 'bandwidth-bound';
  return 'compute-bound';
}
