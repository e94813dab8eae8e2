// Schemas of the files in calibration/<gpu>/ (also what `runner.py measure` writes into its output folder).
import type {
  CalibrationMeta,
  GpuInfo,
  KernelSummary,
  OpenLoopMeasurement,
  PairMeasurement,
  SoloProfile,
} from '../types.js';
import {
  MODES,
  entriesOf,
  fraction,
  gpmMetrics,
  int,
  latencyStats,
  nonNeg,
  num,
  numPair,
  opt,
  str,
  workloadRef,
  type Schema,
} from './common.js';

const status = { type: 'string', enum: ['ok', 'failed'] } as const;

export const gpuInfo: Schema<GpuInfo> = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$' },
    deviceName: str,
    driver: str,
    cuda: str,
    torch: str,
    smCount: { type: 'integer', minimum: 1 },
    memoryGiB: nonNeg,
    hostname: opt(str),
  },
  required: ['name', 'deviceName', 'driver', 'cuda', 'torch', 'smCount', 'memoryGiB'],
};

export const metaSchema: Schema<CalibrationMeta> = {
  type: 'object',
  properties: {
    schemaVersion: { type: 'number', const: 1 },
    gpu: gpuInfo,
    createdAt: str,
    updatedAt: str,
    method: {
      type: 'object',
      properties: {
        windowS: nonNeg,
        repeats: int,
        warmupS: nonNeg,
        spreadThreshold: nonNeg,
        cpuPinning: { type: 'boolean' },
        cudaGraphs: { type: 'boolean' },
        backend: { type: 'string', enum: ['cuda', 'sim'] },
      },
      required: ['windowS', 'repeats', 'warmupS', 'spreadThreshold', 'cpuPinning', 'cudaGraphs', 'backend'],
    },
    wallTimeS: { type: 'object', additionalProperties: nonNeg, required: [] },
    failures: {
      type: 'array',
      items: { type: 'object', properties: { what: str, reason: str }, required: ['what', 'reason'] },
    },
  },
  required: ['schemaVersion', 'gpu', 'createdAt', 'updatedAt', 'method', 'wallTimeS', 'failures'],
};

export const soloProfile: Schema<SoloProfile> = {
  type: 'object',
  properties: {
    workload: workloadRef,
    context: { type: 'string', enum: ['exclusive', 'mps'] },
    status,
    reason: opt(str),
    capture: opt({ type: 'string', enum: ['graph', 'eager'] } as const),
    latencyMs: opt(latencyStats),
    throughput: opt(nonNeg),
    repeats: opt({
      type: 'array',
      items: { type: 'object', properties: { meanMs: nonNeg, requests: int }, required: ['meanMs', 'requests'] },
    } as const),
    spread: opt(nonNeg),
    remeasured: opt({ type: 'boolean' } as const),
    flagged: opt({ type: 'boolean' } as const),
    gpm: opt(gpmMetrics),
    memoryMiB: opt(nonNeg),
    hostGap: opt({
      type: 'object',
      properties: {
        hostMs: num,
        gpuMs: nonNeg,
        spreadMs: nonNeg,
        depths: { type: 'array', items: { type: 'integer', minimum: 1 } },
        windowS: nonNeg,
        batchMs: { type: 'array', items: { type: 'array', items: nonNeg } },
        clocks: opt({
          type: 'object',
          properties: { smClockMHz: nonNeg, powerW: nonNeg, clockCappedFraction: fraction },
          required: ['smClockMHz', 'powerW', 'clockCappedFraction'],
        } as const),
      },
      required: ['hostMs', 'gpuMs', 'spreadMs', 'depths', 'windowS', 'batchMs'],
    } as const),
  },
  required: ['workload', 'context', 'status'],
};

const durationUs = {
  type: 'object',
  properties: { mean: nonNeg, p10: nonNeg, p50: nonNeg, p90: nonNeg, p99: nonNeg, max: nonNeg },
  required: ['mean', 'p10', 'p50', 'p90', 'p99', 'max'],
} as const;

const p50max = {
  type: 'object',
  properties: { p50: nonNeg, max: nonNeg },
  required: ['p50', 'max'],
} as const;

const pct = { type: 'number', minimum: 0 } as const;

export const kernelSummary: Schema<KernelSummary> = {
  type: 'object',
  properties: {
    workload: workloadRef,
    capture: { type: 'string', enum: ['graph', 'eager'] },
    kernelCount: int,
    gpuTimeMs: nonNeg,
    spanMs: opt(nonNeg),
    sequenceUs: opt({ type: 'array', items: nonNeg } as const),
    sequenceShape: opt({ type: 'array', items: { type: 'array', items: [nonNeg, nonNeg, nonNeg, nonNeg, nonNeg], minItems: 5, maxItems: 5 } } as const),
    captureNote: opt(str),
    eagerKernelCount: int,
    eagerGpuTimeMs: nonNeg,
    durationUs,
    longKernelFraction: {
      type: 'object',
      properties: { over100us: fraction, over1ms: fraction },
      required: ['over100us', 'over1ms'],
    },
    gridBlocks: p50max,
    blockThreads: p50max,
    ncu: opt({
      type: 'object',
      properties: {
        profiledKernels: int,
        coverage: fraction,
        timeCheckRatio: opt(nonNeg),
        smThroughputPct: pct,
        dramThroughputPct: pct,
        achievedOccupancyPct: pct,
        tensorPipePct: pct,
        l2HitPct: opt(pct),
        configs: opt({
          type: 'array',
          items: {
            type: 'object',
            properties: {
              grid: int,
              block: int,
              regs: int,
              smem: int,
              durUs: nonNeg,
              achievedOccPct: pct,
              theoreticalOccPct: pct,
              smActivePct: pct,
              dramPct: opt(pct),
              smPct: opt(pct),
            },
            required: ['grid', 'block', 'regs', 'smem', 'durUs', 'achievedOccPct', 'theoreticalOccPct', 'smActivePct'],
          },
        } as const),
      },
      required: [
        'profiledKernels',
        'coverage',
        'smThroughputPct',
        'dramThroughputPct',
        'achievedOccupancyPct',
        'tensorPipePct',
      ],
    } as const),
    top: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: str, durUs: nonNeg, count: int, grid: opt(int), block: opt(int) },
        required: ['name', 'durUs', 'count'],
      },
    },
  },
  required: [
    'workload',
    'capture',
    'kernelCount',
    'gpuTimeMs',
    'eagerKernelCount',
    'eagerGpuTimeMs',
    'durationUs',
    'longKernelFraction',
    'gridBlocks',
    'blockThreads',
    'top',
  ],
};

export const pairMeasurement: Schema<PairMeasurement> = {
  type: 'object',
  properties: {
    mode: { type: 'string', enum: MODES },
    a: workloadRef,
    b: workloadRef,
    status,
    reason: opt(str),
    latencyMs: opt(numPair),
    p99Ms: opt(numPair),
    slowdown: opt(numPair),
    throughput: opt(numPair),
    normThroughput: opt(numPair),
    soloLatencyMs: opt(numPair),
    repeats: opt({ type: 'array', items: numPair } as const),
    spread: opt(nonNeg),
    remeasured: opt({ type: 'boolean' } as const),
    flagged: opt({ type: 'boolean' } as const),
    gpm: opt(gpmMetrics),
  },
  required: ['mode', 'a', 'b', 'status'],
};

const numArray = { type: 'array', items: num } as const;

export const openLoopMeasurement: Schema<OpenLoopMeasurement> = {
  type: 'object',
  properties: {
    mode: { type: 'string', enum: [...MODES, 'exclusive'] },
    a: workloadRef,
    b: opt(workloadRef),
    status,
    reason: opt(str),
    load: nonNeg,
    ratesRps: numArray,
    meanMs: opt(numArray),
    p50Ms: opt(numArray),
    p99Ms: opt(numArray),
    completed: opt(numArray),
    windowS: nonNeg,
    subWindowP99Ms: opt({ type: 'array', items: numArray } as const),
    arrivalSeeds: opt({ type: 'array', items: { type: 'integer', minimum: 0 } } as const),
    gpm: opt(gpmMetrics),
  },
  required: ['mode', 'a', 'status', 'load', 'ratesRps', 'windowS'],
};

export const soloFileSchema = entriesOf(soloProfile);
export const kernelsFileSchema = entriesOf(kernelSummary);
export const pairsFileSchema = entriesOf(pairMeasurement);
export const openLoopFileSchema = entriesOf(openLoopMeasurement);
