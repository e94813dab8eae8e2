// Concurrent kernels of two saturated streams (MPS clients or CUDA streams) under first-come block dispatch.
//
// The GPU hands out thread blocks of the kernel that became ready first; a kernel that arrives later gets only
// the SM resources the older one leaves free: the SMs the older one does not occupy, and beside its blocks what
// their warps, registers, shared memory and block slots leave on each SM (from the recorded launch shapes;
// without them, the scalar footprints: a single-block kernel leaves almost the whole GPU); more as the older
// one's tail frees its SMs (a multi-wave kernel's last wave; a one-wave kernel whose blocks end at different
// times, from ncu's SM activity of that launch configuration), and fewer blocks per SM where ncu saw fewer
// resident than fit. So two streams take turns kernel by kernel, and the one with the longer kernels gets most
// of the GPU (measured on the H200: vit-b16 next to bert 1.28x vs 3.36x). A kernel that holds every SM holds
// it to its end however long it runs: neighbours of deepseek's 0.7 ms persistent GEMMs started their kernels
// at 0.87-0.99 of them. While two kernels overlap each runs slower in proportion to the pressure the other puts
// on the GPU, and by how much depends on how much of the GPU's throughput it uses alone (ncu's larger of DRAM
// and SM throughput, u): its rate is 1 / (1 + I(u) x the other's pressure) of its placed rate, I linear from
// the latency interference at u = 0 to the interference at u = 1. The pressure is part share of the GPU's SM
// resources held, part DRAM throughput (ncu's, of that launch configuration): a decoder's attention over its
// KV cache holds half the GPU and reads at half its bandwidth, and slows every neighbour more than its share
// alone says (MPS pairs with llama-decode as neighbour were all 7 % too low on share alone). So a one-block
// scan (u a few %) beside a kernel that fills the GPU runs 2-3x slower and barely slows it (deepseek next to
// llama, traces-2026-12-01i.tgz and -k.tgz), while GEMMs beside it run at 0.98 of their speed. Kernel
// timelines of MPS co-runs (benchmarks/experiments/mps-dispatch) show all this.

import { createHash } from 'node:crypto';
import type { NcuLaunchConfig } from '../types.js';

/** A workload's kernels in launch order. */
export interface KernelStream {
  /** Duration (ms) of each kernel alone. */
  d: Float64Array;
  /** Fraction of the GPU's SM resources it holds while its blocks are resident (0..1). */
  f: Float64Array;
  /** Block duration (ms) of a kernel with several waves; 0 for one wave. */
  b: Float64Array;
  /**
   * Its tail (ms): the time at its end over which its SMs free up (a multi-wave kernel's last wave; a one-wave
   * kernel's blocks that finish at different times, from ncu's SM activity); 0: none. Over the tail's first
   * and second half it holds 3/4 and 1/4 of its SMs, times tl.
   */
  t: Float64Array;
  /** Scale of the two tail levels: 1, or less for a kernel whose SMs idle for more than half its run. */
  tl: Float64Array;
  /**
   * Share of the GPU's throughput it uses alone: ncu's larger of DRAM and SM throughput for its launch
   * configuration (0..1; 1 where unmeasured). A kernel that uses little is latency-bound: it suffers a
   * neighbour differently (DispatchParams.latencyInterference).
   */
  u: Float64Array;
  /**
   * Share of the GPU's DRAM bandwidth it uses alone (ncu's DRAM throughput for its launch configuration, 0..1;
   * 0 where unmeasured): with its share of the SM resources, the pressure it puts on a neighbour (DRAM_PRESSURE).
   */
  dram: Float64Array;
  /**
   * Per kernel, what its blocks hold on an SM (RES_FIELDS numbers each, see kernelResources), to place a newer
   * kernel's blocks beside them; absent without launch shapes (then the scalar footprints f decide).
   */
  res?: Float64Array;
  /** SMs of the GPU the resources were computed for. */
  smCount?: number;
}

export interface DispatchParams {
  /**
   * Slow-down of a kernel while it overlaps another: its rate is 1 / (1 + I x the share of the GPU the other
   * holds), I = interference for a kernel that uses all of the GPU's throughput alone (KernelStream.u = 1),
   * latencyInterference for one that uses none (latency-bound), linear in between.
   */
  interference: number;
  /** I of a kernel with u = 0; absent: interference (every kernel alike). */
  latencyInterference?: number;
}

/**
 * The part of a kernel's pressure on a neighbour that goes through DRAM: pressure = (1 - DRAM_PRESSURE) x its
 * share of the GPU's SM resources + DRAM_PRESSURE x its share of the DRAM bandwidth, both as far as its blocks
 * are placed (or still held, in its tail). Chosen on the H200's 120 MPS pairs with the simulation alone, each
 * value at its best interferences (in-sample / leave-one-model-out / 78 fresh pairs): 0 (share alone, model
 * version 10) 4.31 / 4.50 / 4.60 %, 0.4 4.11 / 4.48 / 4.39 %, 0.5 3.99 / 4.15 / 4.41 %, 0.6 4.01 / 4.17 / 4.21 %,
 * 0.7 4.14 / 4.23 / 4.31 %, 0.8 4.34 / 4.45 / 4.21 % (benchmarks/experiments/mps-dispatch/README.md, fifth round).
 */
export const DRAM_PRESSURE = 0.6;

const REGS_PER_SM = 65536;
const WARPS_PER_SM = 64;
const SMEM_PER_SM = 233472; // bytes (228 KiB), Hopper; 1 KiB of it is reserved per resident block
const BLOCKS_PER_SM = 32;

/**
 * What one block of a kernel needs on an SM, from its launch shape [grid, block, registers per thread, shared
 * memory]: warps, registers (allocated per warp in units of 256), shared memory with the 1 KiB reserved per
 * block, and how many such blocks fit on an empty SM (0 if not even one would). Undefined for copies and
 * memsets (no launch shape).
 */
interface BlockNeeds {
  grid: number;
  warps: number;
  regs: number;
  smem: number;
  fit: number;
}

function blockNeeds(shape: readonly number[], smCount: number): BlockNeeds | undefined {
  // (Indexing, not destructuring: this runs for every kernel of a request before the code is optimised.)
  const grid = shape[0] ?? 0;
  const block = shape[1] ?? 0;
  const regs = shape[2] ?? 0;
  const smem = shape[3] ?? 0;
  if (!(grid > 0) || !(block > 0) || !(smCount > 0)) return undefined;
  const warps = Math.ceil(block / 32);
  const blockRegs = Math.ceil((Math.max(regs, 16) * 32) / 256) * 256 * warps;
  const blockSmem = (smem > 0 ? smem : 0) + 1024;
  const fit = Math.min(BLOCKS_PER_SM, Math.floor(WARPS_PER_SM / warps), Math.floor(REGS_PER_SM / blockRegs), Math.floor(SMEM_PER_SM / blockSmem));
  return { grid, warps, regs: blockRegs, smem: blockSmem, fit };
}

/**
 * How much of the GPU one kernel occupies, from its launch shape: blocks resident per SM (limited by warps,
 * registers, shared memory), the number of waves, and the share of an SM one block holds (its scarcest
 * resource). Undefined for copies and memsets (no launch shape).
 */
export function kernelFootprint(shape: readonly number[], smCount: number): { fraction: number; waves: number } | undefined {
  const b = blockNeeds(shape, smCount);
  return b ? footprintOf(b, smCount) : undefined;
}

function footprintOf(b: BlockNeeds, smCount: number): { fraction: number; waves: number } {
  const perBlock = Math.max(b.warps / WARPS_PER_SM, b.regs / REGS_PER_SM, b.smem / SMEM_PER_SM, 1 / BLOCKS_PER_SM);
  return { fraction: Math.min(1, (b.grid * perBlock) / smCount), waves: b.grid / (Math.max(1, b.fit) * smCount) };
}

/**
 * Numbers per kernel in KernelStream.res: resident blocks per SM, SMs used, warps, registers and shared memory
 * per block, blocks it runs at once alone, blocks that fit on an empty SM.
 */
const RES_FIELDS = 7;

/**
 * What one kernel's blocks hold: blocks resident per SM while it has blocks to place (at most what fits, and
 * at most its grid spread over the SMs), the number of SMs they occupy, each block's warps, registers and
 * shared memory (with the 1 KiB reserved per block), how many blocks it runs at once alone, and how many fit
 * on an empty SM.
 */
export function kernelResources(shape: readonly number[], smCount: number): number[] | undefined {
  const b = blockNeeds(shape, smCount);
  return b ? resourcesOf(b, smCount) : undefined;
}

function resourcesOf(b: BlockNeeds, smCount: number): number[] {
  const perSm = Math.max(1, b.fit);
  return [Math.min(perSm, Math.ceil(b.grid / smCount)), Math.min(smCount, b.grid), b.warps, b.regs, b.smem, Math.min(b.grid, perSm * smCount), b.fit];
}

/**
 * Share of its solo block throughput a newer kernel gets beside an older one that occupies `smsOld` SMs with
 * its blocks (fewer while it drains): on the other SMs as many blocks as fit alone, beside the older blocks as
 * many as the leftover warps, registers, shared memory and block slots allow.
 */
function resourceRate(res: Float64Array, io: number, smsOld: number, rn: Float64Array, inw: number, smCount: number): number {
  const o = io * RES_FIELDS;
  const n = inw * RES_FIELDS;
  const want = rn[n + 5] as number;
  if (!(want > 0)) return 1;
  const k = res[o] as number;
  const beside = Math.max(0, Math.min(
    Math.floor((WARPS_PER_SM - k * (res[o + 2] as number)) / (rn[n + 2] as number)),
    Math.floor((REGS_PER_SM - k * (res[o + 3] as number)) / (rn[n + 3] as number)),
    Math.floor((SMEM_PER_SM - k * (res[o + 4] as number)) / (rn[n + 4] as number)),
    BLOCKS_PER_SM - k,
  ));
  const capacity = beside * smsOld + (rn[n + 6] as number) * Math.max(0, smCount - smsOld);
  return Math.min(1, capacity / want);
}

const MIN_FRACTION = 0.005;

/** What ncu measured of one launch configuration (kernels.json ncu.configs), as far as the simulation needs it. */
export type LaunchConfig = Pick<NcuLaunchConfig, 'grid' | 'block' | 'regs' | 'smem' | 'achievedOccPct' | 'theoreticalOccPct' | 'smActivePct' | 'dramPct' | 'smPct'>;

// The configurations of one kernels.json entry by grid, block and registers (built once per array: a request
// has hundreds of kernels and a workload tens of configurations).
const configIndex = new WeakMap<readonly LaunchConfig[], Map<string, LaunchConfig[]>>();
const configKey = (grid: number, block: number, regs: number): string => `${grid},${block},${regs}`;

/** The measured configuration of a launch shape [grid, block, registers, shared memory]: same grid, block and registers, nearest shared memory. */
export function matchConfig(shape: readonly number[], configs: readonly LaunchConfig[] | undefined): LaunchConfig | undefined {
  if (!configs || configs.length === 0) return undefined;
  let index = configIndex.get(configs);
  if (!index) {
    index = new Map();
    for (const c of configs) {
      const k = configKey(c.grid, c.block, c.regs);
      const list = index.get(k);
      if (list) list.push(c);
      else index.set(k, [c]);
    }
    configIndex.set(configs, index);
  }
  const same = index.get(configKey(shape[0] ?? 0, shape[1] ?? 0, shape[2] ?? 0));
  if (!same) return undefined;
  const smem = shape[3] ?? 0;
  let best: LaunchConfig | undefined;
  for (const c of same) if (!best || Math.abs(c.smem - smem) < Math.abs(best.smem - smem)) best = c;
  return best;
}

/**
 * How much of what its launch shape would hold a one-wave kernel holds over its run, from ncu's measurement of
 * a launch of the same shape: [share of its SMs busy (blocks that finish early free their SM before the kernel
 * ends), share of its blocks per SM resident (blocks of unequal work, e.g. a concatenation of a large and a
 * small tensor)], each 0.05..1. Undefined without a matching configuration.
 */
export function launchHold(shape: readonly number[], configs: readonly LaunchConfig[] | undefined, smCount: number): [number, number] | undefined {
  const b = blockNeeds(shape, smCount);
  return b ? holdOf(b, matchConfig(shape, configs), smCount) : undefined;
}

function holdOf(b: BlockNeeds, best: LaunchConfig | undefined, smCount: number): [number, number] | undefined {
  if (!best || !(best.theoreticalOccPct > 0)) return undefined;
  const grid = b.grid;
  const clamp = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0.05, x)) : 1);
  // The SMs it would use and the warps per used SM it would keep resident, were all its blocks equally long.
  const smShare = Math.min(1, grid / smCount);
  const perSm = Math.min(Math.max(1, b.fit), Math.ceil(grid / smCount));
  const warpsPct = Math.min(100, (100 * perSm * b.warps) / WARPS_PER_SM);
  // Fewer resident warps than the shape allows frees blocks only where an SM holds several (one block keeps
  // its registers and shared memory until it exits, however many of its warps are done).
  const blocks = perSm > 1 ? Math.max(1 / perSm, best.achievedOccPct / warpsPct) : 1;
  return [clamp(best.smActivePct / 100 / smShare), clamp(blocks)];
}

/**
 * The kernel stream of a workload: its recorded kernels scaled to `gpuMs`, with footprints from the recorded
 * launch shapes; without shapes every kernel is taken to hold the whole GPU for one wave.
 */
export function kernelStream(
  durationsMs: Float64Array,
  shapes: readonly (readonly number[])[] | undefined,
  smCount: number,
  configs?: readonly LaunchConfig[],
): KernelStream {
  const n = durationsMs.length;
  const s: KernelStream = {
    d: Float64Array.from(durationsMs),
    f: new Float64Array(n).fill(1),
    b: new Float64Array(n),
    t: new Float64Array(n),
    tl: new Float64Array(n).fill(1),
    u: new Float64Array(n).fill(1),
    dram: new Float64Array(n),
  };
  if (shapes && shapes.length === n) {
    const res = new Float64Array(n * RES_FIELDS);
    s.res = res;
    s.smCount = smCount;
    // A request's hundreds of kernels have a few tens of launch shapes (the layers repeat): what a shape holds
    // is worked out once per shape (done for every kernel, llama's and yolo's streams took ~11 ms in a cold
    // process; ~4.5 ms so).
    const byShape = new Map<string, ShapeHold>();
    for (let i = 0; i < n; i++) {
      const shape = shapes[i] as number[];
      const key = `${shape[0] ?? 0},${shape[1] ?? 0},${shape[2] ?? 0},${shape[3] ?? 0}`;
      let h = byShape.get(key);
      if (!h) {
        h = shapeHold(shape, smCount, configs);
        byShape.set(key, h);
      }
      if (h.res) res.set(h.res, i * RES_FIELDS);
      s.f[i] = h.f;
      const d = s.d[i] as number;
      s.b[i] = h.waves > 1 ? d / h.waves : 0;
      s.t[i] = s.b[i] as number;
      if (h.u !== undefined) s.u[i] = h.u;
      if (h.dram !== undefined) s.dram[i] = h.dram;
      if (h.tail !== undefined) {
        s.t[i] = h.tail * d;
        if (h.tl !== undefined) s.tl[i] = h.tl;
      }
    }
  }
  return s;
}

/** What every kernel of one launch shape holds (kernelStream); tail is a share of the kernel's duration. */
interface ShapeHold {
  res?: number[];
  f: number;
  waves: number;
  u?: number;
  dram?: number;
  tail?: number;
  tl?: number;
}

function shapeHold(shape: readonly number[], smCount: number, configs: readonly LaunchConfig[] | undefined): ShapeHold {
  const need = blockNeeds(shape, smCount);
  if (!need) return { f: MIN_FRACTION, waves: 1 };
  const res = resourcesOf(need, smCount);
  const fp = footprintOf(need, smCount);
  const h: ShapeHold = { res, f: Math.max(MIN_FRACTION, fp.fraction), waves: Math.ceil(fp.waves) };
  // A one-wave kernel holds less than its shape says where ncu saw SMs idle before its end (blocks that
  // finish at different times: a tail over which its SMs free up, as long as the share they idled
  // requires) or fewer blocks resident than fit (blocks of unequal work: fewer per SM throughout).
  const config = matchConfig(shape, configs);
  const used = config ? Math.max(config.dramPct ?? 0, config.smPct ?? 0) / 100 : NaN;
  if (used > 0) h.u = Math.min(1, used);
  if (config) h.dram = Math.min(1, Math.max(0, (config.dramPct ?? 0) / 100));
  const hold = h.waves <= 1 ? holdOf(need, config, smCount) : undefined;
  if (hold) {
    const [busy, blocks] = hold;
    res[0] = (res[0] as number) * blocks;
    h.f = Math.max(MIN_FRACTION, h.f * blocks);
    if (busy < 1) {
      // Mean share held over the run = 1 - tail + tail * tl / 2 = busy.
      const tail = Math.min(1, 2 * (1 - busy));
      h.tail = tail;
      if (tail >= 1) h.tl = 2 * busy;
    }
  }
  return h;
}

/** Start the second stream this far into its request, so the two sequences are not aligned. */
const OFFSET = 0.37;
/** Simulated time, in requests of the longer workload. */
const HORIZON_REQUESTS = 3;

/**
 * Where saturatedOnce's two streams are: per stream its current kernel, the work left of it, its work done, when
 * it arrived and how long its kernels have waited with no block placed.
 */
interface DispatchState {
  i0: number;
  i1: number;
  rem0: number;
  rem1: number;
  work0: number;
  work1: number;
  arrived0: number;
  arrived1: number;
  t: number;
  wait0: number;
  wait1: number;
}

/** [busy slowdown of each, share of the time each one's kernel waited with no block placed]. */
export type Saturated = [number, number, number, number];

function saturatedOnce(k0: KernelStream, k1: KernelStream, p: DispatchParams): Saturated {
  const d0 = k0.d;
  const d1 = k1.d;
  const n0 = d0.length;
  const n1 = d1.length;
  let g0 = 0;
  for (let i = 0; i < n0; i++) g0 += d0[i] as number;
  let g1 = 0;
  for (let i = 0; i < n1; i++) g1 += d1[i] as number;
  if (!(g0 > 0) || !(g1 > 0) || n0 === 0 || n1 === 0) return [1, 1, 0, 0];
  const s: DispatchState = { i0: 0, i1: 0, rem0: d0[0] as number, rem1: 0, work0: 0, work1: 0, arrived0: 0, arrived1: 0, t: 0, wait0: 0, wait1: 0 };
  {
    let t = OFFSET * g1;
    while (t > (d1[s.i1] as number)) {
      t -= d1[s.i1] as number;
      s.i1 = (s.i1 + 1) % n1;
    }
    s.rem1 = (d1[s.i1] as number) - t;
    s.arrived1 = -1e-12;
  }
  const H = HORIZON_REQUESTS * Math.max(g0, g1);
  const iBw = Math.max(0, p.interference);
  const iLat = Math.max(0, p.latencyInterference ?? p.interference);
  const smCount = k0.smCount ?? k1.smCount ?? 132;
  const withRes = k0.res !== undefined && k1.res !== undefined;
  const maxEvents = 4 * HORIZON_REQUESTS * (n0 + n1) + 1000;
  // One event per call: V8 optimises a small function called often within a few hundred events, while the loop
  // inline in this one ran interpreted through most of both calls of a `coloc predict` (its on-stack compile
  // came late). The two cold calls for llama and yolo took ~39 ms with the loop inline, the state in arrays and a
  // closure per rate; ~27 ms with the loop inline and the state in locals; ~17 ms so (medians of 6 processes).
  for (let ev = 0; ev < maxEvents && s.t < H; ev++) dispatchEvent(s, k0, k1, H, iBw, iLat, smCount, withRes);
  const t = s.t;
  return [s.work0 > 0 ? Math.max(1, t / s.work0) : Infinity, s.work1 > 0 ? Math.max(1, t / s.work1) : Infinity, t > 0 ? s.wait0 / t : 0, t > 0 ? s.wait1 / t : 0];
}

/** Runs the two streams to the next event: a kernel ends, or the older one's occupancy steps down in its tail. */
function dispatchEvent(s: DispatchState, k0: KernelStream, k1: KernelStream, H: number, iBw: number, iLat: number, smCount: number, withRes: boolean): void {
  const t = s.t;
  // o: the stream whose kernel arrived first (the older one); nw: the other.
  const o0 = s.arrived0 <= s.arrived1;
  const ko = o0 ? k0 : k1;
  const kn = o0 ? k1 : k0;
  const io = o0 ? s.i0 : s.i1;
  const inw = o0 ? s.i1 : s.i0;
  const remO = o0 ? s.rem0 : s.rem1;
  const remN = o0 ? s.rem1 : s.rem0;
  const fo = ko.f[io] as number;
  const fn = kn.f[inw] as number;
  const to = ko.t[io] as number;
  // The older kernel's occupancy: its footprint until its tail, then freeing up (two steps).
  const inTail = to > 0 && remO <= to;
  let occ: number;
  let untilChange: number;
  if (inTail) {
    occ = (remO > to / 2 ? 0.75 : 0.25) * (ko.tl[io] as number) * fo;
    untilChange = remO > to / 2 ? remO - to / 2 : remO;
  } else {
    occ = fo;
    untilChange = to > 0 ? remO - to : remO;
  }
  let rn: number;
  if (withRes) {
    // The older kernel's SMs: all it occupies until its tail, then fewer as it drains.
    const res = ko.res as Float64Array;
    const sms = (res[io * RES_FIELDS + 1] as number) * (occ / fo);
    // A kernel of several waves still handing out blocks fills every SM that frees up with its own next
    // block: the newer kernel gets in only in its last wave, whatever room the resident blocks leave (traces:
    // beside elementwise kernels of 12 resident blocks per SM, which leave registers and warps for a small
    // block, the newer kernel waited for 95 % of what was left of them, as beside those of 16 that leave none).
    rn = (ko.b[io] as number) > 0 && !inTail ? 0 : resourceRate(res, io, sms, kn.res as Float64Array, inw, smCount);
  } else {
    rn = Math.min(1, Math.max(0, 1 - occ) / fn);
  }
  // The newer kernel runs on what the older one leaves; each is slowed by the other's pressure: the share of
  // the GPU it holds and of the DRAM bandwidth it uses, as far as its blocks are placed (the older one's
  // while it drains, the newer one's at the rate it places them). Slowing by u: iBw u + iLat (1 - u).
  const pressureO = (1 - DRAM_PRESSURE) * Math.min(1, occ) + DRAM_PRESSURE * (ko.dram[io] as number) * Math.min(1, occ / fo);
  const pressureN = (1 - DRAM_PRESSURE) * Math.min(1, fn * rn) + DRAM_PRESSURE * (kn.dram[inw] as number) * rn;
  const uN = kn.u[inw] as number;
  const uO = ko.u[io] as number;
  const rnn = rn / (1 + (iBw * uN + iLat * (1 - uN)) * pressureO);
  const ro = 1 / (1 + (iBw * uO + iLat * (1 - uO)) * pressureN);
  let dt = Math.min(untilChange / ro, rn > 0 ? remN / rnn : Infinity, H - t);
  if (!(dt > 0)) dt = 1e-9;
  const now = t + dt;
  s.t = now;
  const r0 = o0 ? ro : rnn;
  const r1 = o0 ? rnn : ro;
  const rem0 = s.rem0 - dt * r0;
  const rem1 = s.rem1 - dt * r1;
  s.work0 += dt * r0;
  s.work1 += dt * r1;
  if (!(r0 > 0)) s.wait0 += dt;
  if (!(r1 > 0)) s.wait1 += dt;
  if (rem0 <= 1e-12) {
    s.i0 = (s.i0 + 1) % k0.d.length;
    s.rem0 = k0.d[s.i0] as number;
    s.arrived0 = now;
  } else s.rem0 = rem0;
  if (rem1 <= 1e-12) {
    s.i1 = (s.i1 + 1) % k1.d.length;
    s.rem1 = k1.d[s.i1] as number;
    s.arrived1 = now;
  } else s.rem1 = rem1;
}

// Results are cached by the streams' contents, not their identity: a cross-validation builds the same
// workloads' profiles again for every fold, and the (interference, latency interference) lattice of the fit
// (fit.ts) recurs across folds, so most simulations are run once per validation.
const CACHE_LIMIT = 200_000;
const cache = new Map<string, Saturated>();
const ids = new WeakMap<KernelStream, string>();
function idOf(k: KernelStream): string {
  let id = ids.get(k);
  if (id === undefined) {
    // SHA-1 of the raw bytes of every field: a fold builds equal streams from the same numbers, bit for bit.
    // (FNV in JavaScript over each value rounded to 1e-9 took 4-9 ms for llama's and yolo's streams in a cold
    // process, interpreted; this ~0.3 ms.)
    const h = createHash('sha1');
    for (const a of [k.d, k.f, k.b, k.t, k.tl, k.u, k.dram, k.res]) if (a) h.update(a);
    id = `${k.d.length}:${h.digest('base64')}`;
    ids.set(k, id);
  }
  return id;
}

/**
 * Both orders of saturatedOnce, averaged so that swapping the pair swaps the result exactly; cached: each
 * one's busy slowdown (saturatedDispatch) and the share of the co-run time its kernel waited with no block
 * placed (ready, but the other's kernel left it no room).
 */
export function saturatedWithWaits(a: KernelStream, b: KernelStream, p: DispatchParams): Saturated {
  const params = `${p.interference}|${p.latencyInterference}`;
  const key = `${idOf(a)}|${idOf(b)}|${params}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const r1 = saturatedOnce(a, b, p);
  const r2 = saturatedOnce(b, a, p);
  const out: Saturated = [0.5 * (r1[0] + r2[1]), 0.5 * (r1[1] + r2[0]), 0.5 * (r1[2] + r2[3]), 0.5 * (r1[3] + r2[2])];
  if (cache.size > CACHE_LIMIT) cache.clear();
  cache.set(key, out);
  cache.set(`${idOf(b)}|${idOf(a)}|${params}`, [out[1], out[0], out[3], out[2]]);
  return out;
}

/**
 * Busy slowdown of each of two saturated streams (elapsed time / own progress), averaged over both orders
 * so that swapping the pair swaps the result exactly.
 */
export function saturatedDispatch(a: KernelStream, b: KernelStream, p: DispatchParams): [number, number] {
  const r = saturatedWithWaits(a, b, p);
  return [r[0], r[1]];
}
