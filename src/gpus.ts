// Specs of GPUs coloc knows, calibrated or not. Used to transfer a calibration to a GPU without one.
// Figures: vendor datasheets (dense FP16/BF16 tensor throughput without sparsity, boost clock,
// memory bandwidth). Time-slice behaviour: what is documented or observed for the architecture.

export interface GpuSpec {
  name: string;
  deviceName: string;
  architecture: 'volta' | 'turing' | 'ampere' | 'ada' | 'hopper';
  sms: number;
  boostClockMHz: number;
  /** Dense FP16 tensor-core throughput, TFLOP/s (no sparsity). */
  fp16TensorTflops: number;
  memoryBandwidthGBs: number;
  l2MB: number;
  memoryGB: number;
  /** Compute preemption granularity for time slicing (Pascal and later: instruction level for compute). */
  preemption: 'instruction' | 'kernel';
  /** MPS available (Volta and later: per-client address spaces and SM limits). */
  mps: boolean;
  /**
   * The time slice for contexts sharing the GPU (ms), when known: the driver's default, or what the calibrations of
   * that architecture showed (HOPPER_TIMESLICE_MS); a prior for the fitted quantum q that the calibration pairs
   * must give strong evidence to move (see fitTimeslice).
   */
  timesliceMs?: number;
  notes?: string;
}

/** The Linux driver's default compute time slice (2048 us; `nvidia-smi compute-policy --set-timeslice 0`). */
export const DRIVER_DEFAULT_TIMESLICE_MS = 2.048;

/**
 * The time slice both calibrated Hoppers show: fitted freely (no prior), the time-slice simulation puts q at
 * 2.10 ms on the H100 (whose calibration has bert@b32s128, a 2.05 ms request, next to long-request workloads)
 * and, independently, on the H200; bert@b32s128 finishes its request within one slice next to every neighbour
 * (docs/accuracy.md, "Model version 19: the time slice"). The prior of both, so each one's fit starts from what
 * the other showed.
 */
export const HOPPER_TIMESLICE_MS = 2.1;

export const GPU_SPECS: Record<string, GpuSpec> = {
  v100: { name: 'v100', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'Tesla V100-SXM2-32GB', architecture: 'volta', sms: 80, boostClockMHz: 1530, fp16TensorTflops: 125, memoryBandwidthGBs: 900, l2MB: 6, memoryGB: 32, preemption: 'instruction', mps: true },
  a100: { name: 'a100', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'A100-SXM4-80GB', architecture: 'ampere', sms: 108, boostClockMHz: 1410, fp16TensorTflops: 312, memoryBandwidthGBs: 2039, l2MB: 40, memoryGB: 80, preemption: 'instruction', mps: true, notes: 'a100 is the 80 GB SXM part' },
  a100_40: { name: 'a100_40', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'A100-SXM4-40GB', architecture: 'ampere', sms: 108, boostClockMHz: 1410, fp16TensorTflops: 312, memoryBandwidthGBs: 1555, l2MB: 40, memoryGB: 40, preemption: 'instruction', mps: true },
  a100_80: { name: 'a100_80', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'A100-SXM4-80GB', architecture: 'ampere', sms: 108, boostClockMHz: 1410, fp16TensorTflops: 312, memoryBandwidthGBs: 2039, l2MB: 40, memoryGB: 80, preemption: 'instruction', mps: true },
  l4: { name: 'l4', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'NVIDIA L4', architecture: 'ada', sms: 58, boostClockMHz: 2040, fp16TensorTflops: 121, memoryBandwidthGBs: 300, l2MB: 48, memoryGB: 24, preemption: 'instruction', mps: true },
  a10: { name: 'a10', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'NVIDIA A10', architecture: 'ampere', sms: 72, boostClockMHz: 1695, fp16TensorTflops: 125, memoryBandwidthGBs: 600, l2MB: 6, memoryGB: 24, preemption: 'instruction', mps: true },
  t4: { name: 't4', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'Tesla T4', architecture: 'turing', sms: 40, boostClockMHz: 1590, fp16TensorTflops: 65, memoryBandwidthGBs: 320, l2MB: 4, memoryGB: 16, preemption: 'instruction', mps: true },
  rtx2080ti: { name: 'rtx2080ti', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'GeForce RTX 2080 Ti', architecture: 'turing', sms: 68, boostClockMHz: 1545, fp16TensorTflops: 57, memoryBandwidthGBs: 616, l2MB: 5.5, memoryGB: 11, preemption: 'instruction', mps: true, notes: 'GeForce: fp16 tensor with fp32 accumulate is half rate; figure is fp16 accumulate' },
  rtx4090: { name: 'rtx4090', timesliceMs: DRIVER_DEFAULT_TIMESLICE_MS, deviceName: 'GeForce RTX 4090', architecture: 'ada', sms: 128, boostClockMHz: 2520, fp16TensorTflops: 165, memoryBandwidthGBs: 1008, l2MB: 72, memoryGB: 24, preemption: 'instruction', mps: true },
  h100: { name: 'h100', timesliceMs: HOPPER_TIMESLICE_MS, deviceName: 'H100 80GB HBM3 (SXM)', architecture: 'hopper', sms: 132, boostClockMHz: 1980, fp16TensorTflops: 989, memoryBandwidthGBs: 3350, l2MB: 50, memoryGB: 80, preemption: 'instruction', mps: true },
  h100_pcie: { name: 'h100_pcie', timesliceMs: HOPPER_TIMESLICE_MS, deviceName: 'H100 PCIe 80GB (HBM2e)', architecture: 'hopper', sms: 114, boostClockMHz: 1755, fp16TensorTflops: 756, memoryBandwidthGBs: 2000, l2MB: 50, memoryGB: 80, preemption: 'instruction', mps: true, notes: 'power limit 350 W (the SXM parts: 700 W): workloads held at the limit run below the boost clock, which the transfer does not model' },
  h100_nvl: { name: 'h100_nvl', timesliceMs: HOPPER_TIMESLICE_MS, deviceName: 'H100 NVL 94GB', architecture: 'hopper', sms: 132, boostClockMHz: 1785, fp16TensorTflops: 835, memoryBandwidthGBs: 3900, l2MB: 50, memoryGB: 94, preemption: 'instruction', mps: true, notes: 'power limit 350-400 W (the SXM parts: 700 W): workloads held at the limit run below the boost clock, which the transfer does not model' },
  h200: { name: 'h200', timesliceMs: HOPPER_TIMESLICE_MS, deviceName: 'H200 141GB HBM3e (SXM)', architecture: 'hopper', sms: 132, boostClockMHz: 1980, fp16TensorTflops: 989, memoryBandwidthGBs: 4800, l2MB: 50, memoryGB: 141, preemption: 'instruction', mps: true },
};

export function gpuSpec(name: string): GpuSpec | undefined {
  return GPU_SPECS[name.toLowerCase()];
}

/**
 * Runner arguments that make a run under a spec-table name stop, before it measures, on a device that is not
 * that GPU (its SM count differs, or its memory by more than 10 %): `--gpu h200` on an H100 would otherwise write
 * H100 data under the H200's name. A name not in the table (a GPU of the user's) is measured as it is.
 */
export function deviceExpectationArgs(gpu: string): string[] {
  const s = gpuSpec(gpu);
  return s ? ['--expect-sms', String(s.sms), '--expect-memory-gb', String(s.memoryGB)] : [];
}

/**
 * Distance between two GPUs for choosing the calibration to transfer from: log-ratios of compute and
 * bandwidth, plus a penalty for a different architecture (its scheduler and caches differ).
 */
export function gpuDistance(a: GpuSpec, b: GpuSpec): number {
  const d = (x: number, y: number): number => Math.abs(Math.log(x / y));
  return d(a.fp16TensorTflops, b.fp16TensorTflops) + d(a.memoryBandwidthGBs, b.memoryBandwidthGBs) + 0.5 * d(a.sms, b.sms) + (a.architecture === b.architecture ? 0 : 0.5);
}

/** Whether two GPUs both have spec entries of one architecture (the other GPU's pair applies only then: othergpu.ts). */
export function sameArchitecture(a: string, b: string): boolean {
  const [x, y] = [gpuSpec(a), gpuSpec(b)];
  return x !== undefined && y !== undefined && x.architecture === y.architecture;
}

/** The GPUs of `calibrated` that have a spec entry, nearest to `target` first. */
export function byDistance(target: GpuSpec, calibrated: readonly string[]): string[] {
  return calibrated
    .map((name) => ({ name, s: gpuSpec(name) }))
    .filter((x): x is { name: string; s: GpuSpec } => x.s !== undefined)
    .map((x) => ({ name: x.name, d: gpuDistance(target, x.s) }))
    .sort((x, y) => x.d - y.d)
    .map((x) => x.name);
}

/** The calibrated GPU nearest to `target` among `calibrated` (those with a spec entry). */
export function nearestCalibrated(target: GpuSpec, calibrated: readonly string[]): string | undefined {
  return byDistance(target, calibrated)[0];
}
