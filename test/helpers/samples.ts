// Typed samples of every data file kind: `full` sets every optional field, `minimal` only the required ones
// (the type checker makes sure `minimal` has all of them).
import type {
  CalibrationMeta,
  CatalogEntry,
  KernelSummary,
  OpenLoopMeasurement,
  PairMeasurement,
  SoloProfile,
  ValidationRun,
  WorkloadRef,
} from '../../src/types.js';

export const llama: WorkloadRef = { id: 'llama@b1s1024', model: 'llama', batch: 1, seq: 1024 };
export const yolo: WorkloadRef = { id: 'yolo@b8s640', model: 'yolo', batch: 8, seq: 640 };

export function meta(name = 'h200', backend: 'cuda' | 'sim' = 'cuda'): CalibrationMeta {
  return {
    schemaVersion: 1,
    gpu: {
      name,
      deviceName: 'NVIDIA H200',
      driver: '570.86',
      cuda: '12.8',
      torch: '2.7.0',
      smCount: 132,
      memoryGiB: 141,
      hostname: 'gpu-host',
    },
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-21T10:00:00Z',
    method: { windowS: 2, repeats: 3, warmupS: 0.4, spreadThreshold: 0.02, cpuPinning: true, cudaGraphs: true, backend },
    wallTimeS: { solo: 12.5, timeslice: 100 },
    failures: [{ what: 'pair mps a+b', reason: 'OOM' }],
  };
}

export const metaMinimal: CalibrationMeta = {
  schemaVersion: 1,
  gpu: { name: 'h200', deviceName: 'NVIDIA H200', driver: '570', cuda: '12.8', torch: '2.7', smCount: 132, memoryGiB: 141 },
  createdAt: 'x',
  updatedAt: 'y',
  method: { windowS: 2, repeats: 3, warmupS: 0.4, spreadThreshold: 0.02, cpuPinning: false, cudaGraphs: false, backend: 'sim' },
  wallTimeS: {},
  failures: [{ what: 'solo llama', reason: 'crashed' }],
};

export function solo(w: WorkloadRef = llama, meanMs = 5, gpm = { smUtil: 0.9, smOccupancy: 0.4, tensorUtil: 0.6, dramBwUtil: 0.3 }): SoloProfile {
  return {
    workload: w,
    context: 'exclusive',
    status: 'ok',
    reason: 'none',
    capture: 'graph',
    latencyMs: { mean: meanMs, p50: meanMs, p99: meanMs * 1.1, min: meanMs * 0.9, max: meanMs * 1.2 },
    throughput: 1000 / meanMs,
    repeats: [{ meanMs, requests: 400 }, { meanMs: meanMs * 1.01, requests: 396 }],
    spread: 0.01,
    remeasured: false,
    flagged: false,
    gpm,
    memoryMiB: 2048,
  };
}

export const soloMinimal: SoloProfile = { workload: llama, context: 'mps', status: 'failed' };

export function kernels(w: WorkloadRef = llama, gridP50 = 528): KernelSummary {
  return {
    workload: w,
    capture: 'graph',
    kernelCount: 200,
    gpuTimeMs: 4.6,
    spanMs: 4.9,
    sequenceUs: [10, 20, 30],
    captureNote: 'same kernels as eager',
    eagerKernelCount: 200,
    eagerGpuTimeMs: 4.7,
    durationUs: { mean: 23, p10: 3, p50: 12, p90: 60, p99: 300, max: 900 },
    longKernelFraction: { over100us: 0.4, over1ms: 0 },
    gridBlocks: { p50: gridP50, max: 4096 },
    blockThreads: { p50: 256, max: 1024 },
    ncu: {
      profiledKernels: 80,
      coverage: 0.95,
      timeCheckRatio: 1.02,
      smThroughputPct: 70,
      dramThroughputPct: 30,
      achievedOccupancyPct: 40,
      tensorPipePct: 55,
      l2HitPct: 60,
      configs: [
        { grid: 528, block: 512, regs: 25, smem: 0, durUs: 82.2, achievedOccPct: 47.6, theoreticalOccPct: 100, smActivePct: 67.4, dramPct: 8.3, smPct: 44.5 },
      ],
    },
    top: [{ name: 'sm90_xmma_gemm', durUs: 300, count: 16, grid: 528, block: 384 }],
  };
}

export const kernelsMinimal: KernelSummary = {
  workload: yolo,
  capture: 'eager',
  kernelCount: 1,
  gpuTimeMs: 1,
  eagerKernelCount: 1,
  eagerGpuTimeMs: 1,
  durationUs: { mean: 1, p10: 1, p50: 1, p90: 1, p99: 1, max: 1 },
  longKernelFraction: { over100us: 0, over1ms: 0 },
  gridBlocks: { p50: 1, max: 1 },
  blockThreads: { p50: 1, max: 1 },
  top: [{ name: 'k', durUs: 1, count: 1 }],
};

export function pair(mode: PairMeasurement['mode'] = 'timeslice', spread = 0.01): PairMeasurement {
  return {
    mode,
    a: llama,
    b: yolo,
    status: 'ok',
    reason: 'none',
    latencyMs: [9, 8],
    p99Ms: [10, 9],
    slowdown: [1.8, 1.9],
    throughput: [110, 120],
    normThroughput: [0.55, 0.52],
    soloLatencyMs: [5, 4.2],
    repeats: [
      [9, 8],
      [9.1, 8.1],
    ],
    spread,
    remeasured: true,
    flagged: false,
    gpm: { smUtil: 1, smOccupancy: 0.5, tensorUtil: 0.5, dramBwUtil: 0.5 },
  };
}

export const pairMinimal: PairMeasurement = { mode: 'mps', a: llama, b: yolo, status: 'failed' };

export const openLoop: OpenLoopMeasurement = {
  mode: 'mps',
  a: llama,
  b: yolo,
  status: 'ok',
  reason: 'none',
  load: 0.6,
  ratesRps: [50, 60],
  meanMs: [6, 5],
  p50Ms: [5.5, 4.8],
  p99Ms: [12, 10],
  completed: [200, 240],
  windowS: 4,
  gpm: { smUtil: 0.7, smOccupancy: 0.3, tensorUtil: 0.2, dramBwUtil: 0.3, smClockMHz: 1843.3, powerW: 652.4, clockCappedFraction: 0.998 },
};

export const openLoopMinimal: OpenLoopMeasurement = {
  mode: 'exclusive',
  a: llama,
  status: 'failed',
  load: 0.3,
  ratesRps: [],
  windowS: 4,
};

export const catalogEntry: CatalogEntry = {
  name: 'llama',
  description: 'Llama',
  file: 'llama.py',
  batch: 1,
  seq: 1024,
  params: '1.2B',
  dtype: 'bf16',
};

export const validationRun: ValidationRun = {
  gpu: 'h200',
  createdAt: '2026-11-26T00:00:00Z',
  kind: 'offline',
  records: [
    {
      gpu: 'h200',
      mode: 'timeslice',
      split: 'lopo',
      a: 'llama@b1s1024',
      b: 'yolo@b8s640',
      measured: [1.8, 1.9],
      predicted: [1.75, 1.95],
      measuredLatencyMs: [9, 8],
      predictedLatencyMs: [8.8, 8.2],
      baselines: { mean: [1.5, 1.5], linear: [1.6, 1.7], coloc: [1.75, 1.95] },
    },
  ],
  openLoop: [
    {
      gpu: 'h200',
      mode: 'exclusive',
      split: 'fresh',
      a: 'llama@b1s1024',
      b: 'yolo@b8s640',
      load: 0.3,
      measuredP50Ms: [5],
      predictedP50Ms: [5.1],
      measuredP99Ms: [9],
      predictedP99Ms: [9.5],
    },
  ],
  accuracy: [
    { gpu: 'h200', mode: 'openloop-p99', split: 'lomo', predictor: 'coloc', mape: 0.05, medianError: 0.04, maxError: 0.2, n: 12 },
  ],
  staleSolo: [{ workload: 'llama@b1s1024', context: 'mps', calibratedMs: 5, freshMs: 5.2, diff: 0.04 }],
  notes: ['a note'],
};

export const validationRunMinimal: ValidationRun = {
  gpu: 'h200',
  createdAt: 'x',
  kind: 'fresh',
  records: [{ gpu: 'h200', mode: 'mps', split: 'fresh', a: 'a@b1s1', b: 'b@b1s1', measured: [1, 1], predicted: [1, 1] }],
  openLoop: [
    {
      gpu: 'h200',
      mode: 'timeslice',
      split: 'transfer',
      a: 'a@b1s1',
      load: 0.5,
      measuredP50Ms: [],
      predictedP50Ms: [],
      measuredP99Ms: [],
      predictedP99Ms: [],
    },
  ],
  accuracy: [{ gpu: 'h200', mode: 'mps', split: 'lopo', predictor: 'mean', mape: 0, medianError: 0, maxError: 0, n: 0 }],
  staleSolo: [{ workload: 'a@b1s1', context: 'exclusive', calibratedMs: 1, freshMs: 1, diff: 0 }],
  notes: ['n'],
};
