// Domain types shared by the CLI, the predictor, validation and the report.
// Every data file has a JSON Schema in src/schemas/ that matches these types (checked with ajv).
// All fractions are 0..1, all times in milliseconds unless the name says otherwise.

/** A workload is a model at a batch size and sequence length. Its id is `${model}@b${batch}s${seq}`. */
export interface WorkloadRef {
  id: string;
  model: string;
  batch: number;
  /** Sequence length; image models use the image side (e.g. 640), decode uses the KV-cache length. */
  seq: number;
}

/** Sharing modes. `exclusive` is a solo run with no MPS daemon (the baseline for timeslice and streams). */
export type Mode = 'timeslice' | 'mps' | 'streams';
export type SoloContext = 'exclusive' | 'mps';

export interface LatencyStats {
  mean: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

/** NVML GPM metrics averaged over a measurement window, as fractions 0..1. */
export interface GpmMetrics {
  smUtil: number;
  smOccupancy: number;
  tensorUtil: number;
  dramBwUtil: number;
  /** Mean SM clock (MHz), board power (W) over the window, and the fraction of 0.1 s readings with a power or thermal limit holding the clock down. */
  smClockMHz?: number;
  powerW?: number;
  clockCappedFraction?: number;
}

export interface RepeatResult {
  meanMs: number;
  requests: number;
}

/** One solo closed-loop measurement of a workload (calibration/<gpu>/solo.json). */
export interface SoloProfile {
  workload: WorkloadRef;
  context: SoloContext;
  status: 'ok' | 'failed';
  reason?: string;
  /** How a request runs: a replayed CUDA graph, or eager launches where capture failed. */
  capture?: 'graph' | 'eager';
  latencyMs?: LatencyStats;
  /** Requests per second, closed loop, one outstanding request. */
  throughput?: number;
  repeats?: RepeatResult[];
  /** (max - min) / mean of the repeat means. */
  spread?: number;
  remeasured?: boolean;
  flagged?: boolean;
  gpm?: GpmMetrics;
  memoryMiB?: number;
  /** How a request's latency splits into GPU-busy time and host time between requests (runner's host-gap probe). */
  hostGap?: HostGap;
}

/**
 * Batches of 1 and 2 back-to-back launches per sync, taking turns batch by batch in short windows: a batch of k takes
 * host + k * gpu. hostMs is the GPU-idle time between closed-loop requests (sync, Python, launch), gpuMs the
 * time the request keeps the GPU busy, gaps between its kernels included (what the profiler's kernel sum lacks).
 */
export interface HostGap {
  /** Mean over rounds of 2 * batch(1) - batch(2); may come out slightly negative where it is ~0. */
  hostMs: number;
  gpuMs: number;
  /** max - min of the per-round hostMs. */
  spreadMs: number;
  depths: number[];
  windowS: number;
  /** Mean batch time (ms) per depth (outer) and round (inner). */
  batchMs: number[][];
  /**
   * SM clock, board power and the share of readings with the clock held down by a power or thermal limit, in a
   * closed-loop window after the batches (only where the solo windows did not read them).
   */
  clocks?: { smClockMHz: number; powerW: number; clockCappedFraction: number };
}

/** Per-request kernel profile of one workload (calibration/<gpu>/kernels.json). */
export interface KernelSummary {
  workload: WorkloadRef;
  capture: 'graph' | 'eager';
  /** Kernels and summed kernel time of one request as replayed (torch.profiler). */
  kernelCount: number;
  gpuTimeMs: number;
  /** First kernel start to last kernel end of one request (includes gaps between kernels). */
  spanMs?: number;
  /** Durations of the request's kernels in launch order, microseconds (for the time-slice simulation). */
  sequenceUs?: number[];
  /**
   * Launch shape of each kernel of `sequenceUs`, same order: [grid blocks, block threads, registers per thread,
   * shared memory bytes per block, estimated occupancy %]; zeros for copies and memsets.
   */
  sequenceShape?: [number, number, number, number, number][];
  /** Why the graph differs from eager, or why capture failed (eager fallback). */
  captureNote?: string;
  /** The same for an eager run, to show the graph runs the same work. */
  eagerKernelCount: number;
  eagerGpuTimeMs: number;
  /** Distribution of kernel durations in microseconds. */
  durationUs: { mean: number; p10: number; p50: number; p90: number; p99: number; max: number };
  /** Fraction of request time covered by kernels longer than 100 us / 1 ms. */
  longKernelFraction: { over100us: number; over1ms: number };
  /** Thread blocks per kernel (grid size), duration-weighted median and max. */
  gridBlocks: { p50: number; max: number };
  blockThreads: { p50: number; max: number };
  /** ncu metrics, duration-weighted over the profiled kernels (percent of peak, 0..100). */
  ncu?: {
    profiledKernels: number;
    /** Fraction of the request's GPU time that the profiled kernels cover. */
    coverage: number;
    /** Sum of ncu durations of profiled kernels vs torch.profiler durations of the same kernels. */
    timeCheckRatio?: number;
    smThroughputPct: number;
    dramThroughputPct: number;
    achievedOccupancyPct: number;
    tensorPipePct: number;
    l2HitPct?: number;
    /** One launch of each launch configuration of the request (ncu --filter-mode per-launch-config). */
    configs?: NcuLaunchConfig[];
  };
  /** The longest kernels, for people reading the data. */
  top: { name: string; durUs: number; count: number; grid?: number; block?: number }[];
}

/** How much of the GPU one kind of kernel holds over its run, measured by ncu on one of its launches. */
export interface NcuLaunchConfig {
  grid: number;
  block: number;
  regs: number;
  /** Static + dynamic shared memory per block (bytes). */
  smem: number;
  durUs: number;
  /** Resident warps per SM over the cycles it was active, % of the SM's maximum. */
  achievedOccPct: number;
  /** The most warps per SM its launch shape allows, % of the SM's maximum. */
  theoreticalOccPct: number;
  /** Cycles the SMs were active, % of the kernel's elapsed cycles. */
  smActivePct: number;
  dramPct?: number;
  smPct?: number;
}

export interface PairMeasurement {
  mode: Mode;
  a: WorkloadRef;
  b: WorkloadRef;
  status: 'ok' | 'failed';
  reason?: string;
  /** Mean co-run latency of a and b (closed loop). */
  latencyMs?: [number, number];
  p99Ms?: [number, number];
  /** Co-run mean latency / solo mean latency in the same mode (solo measured in the same session). */
  slowdown?: [number, number];
  /** Requests per second of each during the co-run. */
  throughput?: [number, number];
  /** Co-run throughput / solo throughput of each. */
  normThroughput?: [number, number];
  /** Solo mean latency of a and b used as the baseline. */
  soloLatencyMs?: [number, number];
  repeats?: [number, number][];
  spread?: number;
  remeasured?: boolean;
  flagged?: boolean;
  gpm?: GpmMetrics;
}

/** Open-loop run with Poisson arrivals (calibration/<gpu>/openloop.json). b is absent for a solo open-loop run. */
export interface OpenLoopMeasurement {
  mode: Mode | 'exclusive';
  a: WorkloadRef;
  b?: WorkloadRef;
  status: 'ok' | 'failed';
  reason?: string;
  /** Target load of each as a fraction of its solo closed-loop capacity. */
  load: number;
  ratesRps: number[];
  meanMs?: number[];
  p50Ms?: number[];
  p99Ms?: number[];
  completed?: number[];
  windowS: number;
  /** Per model, the p99 of each 4 s sub-window of the window (its spread shows how noisy one p99 is). */
  subWindowP99Ms?: number[][];
  /**
   * Per model, the seed of its arrivals: Python's random.Random(seed).expovariate(rate) from the window's start
   * (calibration/worker.py open_loop). Recorded since 2026-12-02; earlier runs used the same rule.
   */
  arrivalSeeds?: number[];
  /**
   * NVML over the window (as for pairs): GPM metrics, mean SM clock and power, and the share of clock readings
   * held down by the power or thermal limit. Recorded since 2026-12-03 (fourth session).
   */
  gpm?: GpmMetrics;
}

export interface GpuInfo {
  /** coloc's short name: h100, h200. */
  name: string;
  deviceName: string;
  driver: string;
  cuda: string;
  torch: string;
  smCount: number;
  memoryGiB: number;
  hostname?: string;
}

export interface CalibrationMeta {
  schemaVersion: 1;
  gpu: GpuInfo;
  createdAt: string;
  updatedAt: string;
  method: {
    windowS: number;
    repeats: number;
    warmupS: number;
    spreadThreshold: number;
    cpuPinning: boolean;
    cudaGraphs: boolean;
    backend: 'cuda' | 'sim';
  };
  /** Wall time spent per phase, seconds. */
  wallTimeS: Record<string, number>;
  failures: { what: string; reason: string }[];
}

/** Files of one GPU's calibration, each an object { entries: [...] } beside meta.json. */
export interface CalibrationData {
  meta: CalibrationMeta;
  solo: SoloProfile[];
  kernels: KernelSummary[];
  pairs: PairMeasurement[];
  openLoop: OpenLoopMeasurement[];
}

/** models/catalog.json */
export interface CatalogEntry {
  name: string;
  description: string;
  file: string;
  batch: number;
  seq: number;
  params: string;
  dtype: string;
}

// ---------------------------------------------------------------- predictions and validation

export interface ModelPrediction {
  name: string;
  workload: WorkloadRef;
  soloLatencyMs: number;
  latencyMs: number;
  slowdown: number;
  /** Requests/s of this model in the co-run (closed loop, or the offered rate when --rates is given and not overloaded). */
  throughput: number;
  /** Relative error band (one side, fraction) from cross-validation residuals. */
  band: number;
  /** Measured values when this pair is in the calibration. */
  measuredSlowdown?: number;
  measuredLatencyMs?: number;
  rateRps?: number;
  utilisation?: number;
  p50Ms?: number;
  p99Ms?: number;
  /**
   * The p99 range: the p99 at the slowdown band's lower and upper edge, widened by the open-loop residual of
   * cross-validation (FittedModel.p99RangeResidual); null as upper edge where the model is overloaded there.
   */
  p99RangeMs?: [number, number | null];
  overloaded?: boolean;
}

export interface PairPrediction {
  gpu: string;
  mode: Mode;
  estimated: boolean;
  /** Which calibrated GPU the estimate was transferred from, when estimated. */
  basedOn?: string;
  models: [ModelPrediction, ModelPrediction];
  /** Whether the probe or effects layer corrected the prediction (both workloads have probe co-runs or pairs on this GPU). */
  probeCorrected: boolean;
  combinedNormThroughput: number;
  /** min(slowdown) / max(slowdown): 1 is perfectly fair. */
  fairness: number;
  bestMode: Mode;
  /** Predicted slowdowns in every mode, for the comparison behind bestMode. */
  byMode: Partial<Record<Mode, [number, number]>>;
  /**
   * With --rates, where a model's server is over 85 % busy: the predicted p99 of each model (null:
   * overloaded) at rateScale times the given rates, to show how steeply the tail rises near capacity.
   */
  nearCapacity?: { rateScale: number; p99Ms: (number | null)[]; overloaded: boolean[] };
  /**
   * With --rates in MPS or streams: the ids of the pair's workloads that run at the GPU's power limit alone (most
   * of their solo clock readings held down), so that the pair most likely does closed loop, where its service times
   * were measured, but gets a higher clock in open loop: its latencies at the rates are then likely predicted high.
   */
  powerLimited?: string[];
  notes: string[];
}

export type Split = 'lopo' | 'lomo' | 'lomf' | 'fresh' | 'transfer';
/**
 * coloc; coloc without the probe layer (solo profiles only); the two baselines; and, for fresh sets, coloc with
 * the solo latencies measured in the set's own session (withSessionSolo); for the transfer check, the target GPU's
 * own solo profiles with the source's constants (a GPU calibrated with solo profiles only); and coloc from this
 * GPU's data alone where another GPU's measurement of the pair moved coloc's prediction (thisGpu, othergpu.ts).
 */
export type PredictorName = 'coloc' | 'noProbes' | 'mean' | 'linear' | 'sessionSolo' | 'ownProfiles' | 'thisGpu';

/** One predicted-vs-measured comparison of a pair in one mode. */
export interface ValidationRecord {
  gpu: string;
  mode: Mode;
  split: Split;
  a: string;
  b: string;
  measured: [number, number];
  predicted: [number, number];
  measuredLatencyMs?: [number, number];
  predictedLatencyMs?: [number, number];
  baselines?: Partial<Record<PredictorName, [number, number]>>;
  /** The probe or effects layer corrected both slowdowns (both workloads' measured co-runs: next to the probes, or their pairs). */
  probeCorrected?: boolean;
  /** Fresh records: the measurement set (its folder's name, e.g. fresh-2026-12-07g) the pair was measured in. */
  set?: string;
}

export interface OpenLoopRecord {
  gpu: string;
  mode: Mode | 'exclusive';
  split: Split;
  a: string;
  b?: string;
  load: number;
  measuredP50Ms: number[];
  predictedP50Ms: number[];
  measuredP99Ms: number[];
  predictedP99Ms: number[];
  /**
   * Per model: the simulated spread of one window's p50/p99 around the median of the replications (mean
   * |x / median - 1|; with the run's own arrivals, from the service times alone), the error a perfect
   * predictor would have against this one measured window.
   */
  windowNoiseP50?: number[];
  windowNoiseP99?: number[];
  /**
   * Per model, the p99 range predict would show (predict.ts p99Ranges), where validation was given the bands:
   * the p99 at the slowdown band's edges widened by the open-loop residual; upper edge null where overloaded.
   */
  predictedP99RangeMs?: [number, number | null][];
}

export interface AccuracyRow {
  gpu: string;
  mode: Mode | 'openloop-p99' | 'openloop-p50';
  split: Split;
  predictor: PredictorName;
  /** Mean, median and max absolute percentage error, as fractions (0.031 = 3.1 %). */
  mape: number;
  medianError: number;
  maxError: number;
  n: number;
  /** Open-loop rows: the mean window noise of their values (OpenLoopRecord.windowNoiseP50 / windowNoiseP99), where recorded. */
  noiseFloor?: number;
  /** Open-loop p99 rows: the share of measured p99s inside their predicted range, where every value has one. */
  rangeCoverage?: number;
}

export interface StaleSolo {
  workload: string;
  context: SoloContext;
  calibratedMs: number;
  freshMs: number;
  /** fresh / calibrated - 1 */
  diff: number;
}

/** What `coloc validate` produces (predictions/<gpu>/<date>.json) and the report draws. */
export interface ValidationRun {
  gpu: string;
  createdAt: string;
  kind: 'offline' | 'fresh';
  records: ValidationRecord[];
  openLoop: OpenLoopRecord[];
  accuracy: AccuracyRow[];
  staleSolo: StaleSolo[];
  notes: string[];
}
