import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { busySlowdown, DEFAULT_CONCURRENT, DEFAULT_DISPATCH, WAIT_UNSTRETCHED, type ConcurrentSide } from '../src/predictor/concurrent.js';
import { kernelFootprint, kernelResources, kernelStream, launchHold, saturatedDispatch, saturatedWithWaits, type DispatchParams, type LaunchConfig } from '../src/predictor/dispatch.js';

const P: DispatchParams = { interference: 0.1 };
const stream = (durationsMs: number[], shapes?: number[][]) => kernelStream(Float64Array.from(durationsMs), shapes, 132);
const GEMM = [132, 384, 168, 213188, 0]; // a persistent GEMM: one block per SM, all registers
const ELEMENTWISE = [25088, 128, 32, 0, 100]; // many short blocks, several waves
const SINGLE = [1, 64, 32, 0, 0]; // one block

describe('kernel footprint from the launch shape', () => {
  it('a persistent GEMM holds the whole GPU for one wave, a one-block kernel almost nothing, copies have none', () => {
    const g = kernelFootprint(GEMM, 132);
    expect(g?.fraction).toBeGreaterThan(0.95);
    expect(g?.waves).toBeCloseTo(1, 5);
    const e = kernelFootprint(ELEMENTWISE, 132);
    expect(e?.fraction).toBe(1);
    expect(e?.waves).toBeCloseTo(25088 / (16 * 132), 5); // 16 blocks of 4 warps per SM
    expect(kernelFootprint(SINGLE, 132)?.fraction).toBeLessThan(0.01);
    expect(kernelFootprint([0, 0, 0, 0, 0], 132)).toBeUndefined();
  });
});

describe('what a kernel holds on an SM, per resource', () => {
  it('blocks per SM are limited by the scarcest resource and by the grid spread over the SMs', () => {
    // a persistent GEMM: one block of 12 warps with 168 registers per thread and 208 KiB of shared memory per SM
    expect(kernelResources(GEMM, 132)).toEqual([1, 132, 12, 12 * 5376, 213188 + 1024, 132, 1]);
    // one block on one SM; it would fit 16 per SM alone
    expect(kernelResources(SINGLE, 132)?.slice(0, 2)).toEqual([1, 1]);
    // many short blocks: 16 per SM resident (4 warps each), all SMs
    expect(kernelResources(ELEMENTWISE, 132)?.slice(0, 2)).toEqual([16, 132]);
    expect(kernelResources([0, 0, 0, 0, 0], 132)).toBeUndefined();
  });

  it('beside a kernel that keeps most shared memory, a newer kernel that needs shared memory waits; one that needs none runs', () => {
    // older: long one-wave kernels, one block per SM with 200 KiB of shared memory but only 4 warps
    const SMEM_HOG = [132, 128, 32, 200 * 1024, 0];
    const hog = stream(Array(4).fill(0.2), Array(4).fill(SMEM_HOG));
    const needsSmem = stream(Array(80).fill(0.01), Array(80).fill([64, 128, 32, 48 * 1024, 0]));
    const needsNone = stream(Array(80).fill(0.01), Array(80).fill([64, 128, 32, 0, 0]));
    const p = P;
    const [, sWaits] = saturatedDispatch(hog, needsSmem, p);
    const [, sRuns] = saturatedDispatch(hog, needsNone, p);
    expect(sRuns).toBeLessThan(1 + P.interference + 0.05);
    expect(sWaits).toBeGreaterThan(2);
    // by the scalar footprints alone (no launch resources) both newer kernels would be treated the same
    const scalar = (s: ReturnType<typeof stream>) => ({ d: s.d, f: s.f, b: s.b, t: s.t, tl: s.tl, u: s.u, dram: s.dram });
    const [, a] = saturatedDispatch(scalar(hog), scalar(needsSmem), p);
    const [, b] = saturatedDispatch(scalar(hog), scalar(needsNone), p);
    expect(a).toBeCloseTo(b, 6);
  });
});

describe('a kernel of several waves', () => {
  it('admits a newer kernel only in its last wave, even where its resident blocks leave room for it', () => {
    // 12 blocks of 4 warps and 40 registers per thread per SM (48 of 64 warps, 61440 of 65536 registers):
    // room for one more block of 4 warps and 32 registers, none for one of 64 registers
    const ROOMY = [49152, 128, 40, 0, 75];
    const older = stream(Array(4).fill(0.07), Array(4).fill(ROOMY));
    const small = stream(Array(80).fill(0.002), Array(80).fill([64, 128, 32, 0, 0]));
    const [, sSmall] = saturatedDispatch(older, small, P);
    // each small kernel that becomes ready during the element-wise kernel waits for its last wave
    expect(sSmall).toBeGreaterThan(3);
    const [, , wSmall] = saturatedWithWaits(small, older, P);
    expect(wSmall).toBeGreaterThan(0.5);
    // the same blocks in one wave (a grid of 12 per SM) leave it room beside them from the start
    const oneWave = stream(Array(4).fill(0.07), Array(4).fill([12 * 132, 128, 40, 0, 75]));
    const [, sBeside] = saturatedDispatch(oneWave, small, P);
    expect(sBeside).toBeLessThan(1.3);
    expect(saturatedWithWaits(small, oneWave, P)[2]).toBeLessThan(0.05);
  });
});

describe('what ncu measured of a launch configuration', () => {
  const CAT = [528, 512, 25, 0, 100]; // a concatenation: four blocks of 16 warps per SM, one wave
  const cfg = (shape: number[], achievedOccPct: number, theoreticalOccPct: number, smActivePct: number): LaunchConfig => ({
    grid: shape[0] as number, block: shape[1] as number, regs: shape[2] as number, smem: shape[3] as number, achievedOccPct, theoreticalOccPct, smActivePct,
  });

  it('SMs idle before the end and fewer resident warps than fit lower what a one-wave kernel holds', () => {
    // the H200 numbers of gpt2@b32s512's CatArrayBatchedCopy: half its blocks (the small tensor's) end at once
    const [busy, blocks] = launchHold(CAT, [cfg(CAT, 47.57, 100, 67.43)], 132) ?? [];
    expect(busy).toBeCloseTo(0.6743, 4);
    expect(blocks).toBeCloseTo(0.4757, 4);
    // one block per SM keeps its registers and shared memory however many of its warps are done
    expect(launchHold(GEMM, [cfg(GEMM, 14.67, 18.75, 94.56)], 132)).toEqual([0.9456, 1]);
    // a grid smaller than the GPU is busy on its own SMs only: 66 blocks active on half the SMs = all of them busy
    const HALF = [66, 128, 32, 0, 0];
    expect(launchHold(HALF, [cfg(HALF, 6.25, 100, 50)], 132)?.[0]).toBeCloseTo(1, 6);
    // no configuration of that shape (grid, block, registers): nothing known
    expect(launchHold(CAT, [cfg([528, 256, 25, 0], 50, 100, 60)], 132)).toBeUndefined();
    expect(launchHold(CAT, undefined, 132)).toBeUndefined();
  });

  it('a newer kernel gets in during the tail of a one-wave kernel whose SMs ncu saw idle, and only then', () => {
    const older = (configs?: LaunchConfig[]) => kernelStream(Float64Array.from(Array(10).fill(0.1)), Array(10).fill(GEMM), 132, configs);
    const newer = stream(Array(40).fill(0.005), Array(40).fill([64, 128, 32, 0, 0]));
    const p = P;
    const [, blocked] = saturatedDispatch(older(), newer, p);
    const [, tail] = saturatedDispatch(older([cfg(GEMM, 14, 18.75, 80)]), newer, p);
    expect(tail).toBeLessThan(blocked);
    // the tail is 2 x (1 - 0.8) of the kernel, over which it holds 3/4 then 1/4 of its SMs
    const s = older([cfg(GEMM, 14, 18.75, 80)]);
    expect(s.t[0]).toBeCloseTo(0.04, 9);
    expect(s.tl[0]).toBe(1);
    // a kernel idle for more than half its SMs' time: no full phase, the levels scaled to that mean
    const low = kernelStream(Float64Array.of(0.1), [GEMM], 132, [cfg(GEMM, 14, 18.75, 30)]);
    expect(low.t[0]).toBeCloseTo(0.1, 9);
    expect(((0.75 + 0.25) * (low.tl[0] as number)) / 2).toBeCloseTo(0.3, 9);
  });
});

describe('first-come dispatch of two saturated kernel streams', () => {
  it('the stream with the longer kernels takes most of the GPU (same GPU time per request)', () => {
    const long = stream(Array(10).fill(0.03)); // 10 x 30 us
    const short = stream(Array(40).fill(0.0075)); // 40 x 7.5 us
    const [sLong, sShort] = saturatedDispatch(long, short, P);
    expect(sLong).toBeLessThan(1.6);
    expect(sShort).toBeGreaterThan(2.5);
    // taking turns kernel by kernel: about 1 + 7.5/30 and 1 + 30/7.5, each stretched by the overlap slow-down
    expect(sLong).toBeCloseTo(1.25, 1);
    expect(sShort).toBeCloseTo(5, 0);
  });

  it('a stream of one-block kernels leaves the GPU to its neighbour', () => {
    const tiny = stream(Array(5).fill(0.2), Array(5).fill(SINGLE));
    const full = stream(Array(20).fill(0.05), Array(20).fill(GEMM));
    const [sTiny, sFull] = saturatedDispatch(tiny, full, P);
    expect(sFull).toBeLessThan(1.02);
    // the one-block kernel is slowed by its full neighbour while they overlap (1 + 0.1 x 0.98), and each of
    // its 0.2 ms kernels waits for the 0.05 ms GEMM running when it arrives (half of one on average)
    expect(sTiny).toBeGreaterThan(1 + 0.9 * P.interference);
    expect(sTiny).toBeLessThan(1 + P.interference + 0.025 / 0.2 + 0.05);
  });

  it('a kernel that uses little of the GPU\'s throughput alone is slowed by its own interference, linear in between', () => {
    const WIDE = [64, 1024, 32, 0, 0]; // half the SMs, half of each SM's warps
    const configs = (dramPct: number): LaunchConfig[] => [{ grid: 64, block: 1024, regs: 32, smem: 0, achievedOccPct: 50, theoreticalOccPct: 100, smActivePct: 100, dramPct, smPct: dramPct / 2 }];
    const a = (dramPct: number) => kernelStream(Float64Array.from(Array(10).fill(0.03)), Array(10).fill(WIDE), 132, configs(dramPct));
    const b = stream(Array(10).fill(0.03), Array(10).fill(WIDE));
    expect(a(10).u[0]).toBeCloseTo(0.1, 12);
    expect(b.u[0]).toBe(1); // unmeasured: no extra sensitivity
    const p = { ...P, latencyInterference: 3 * P.interference };
    const [bound] = saturatedDispatch(a(10), b, p);
    const [busy] = saturatedDispatch(a(90), b, p);
    expect(bound).toBeGreaterThan(busy + 0.01);
    // without a latency interference of its own the measurement does not matter; a kernel at full throughput
    // is slowed by the interference alone
    expect(saturatedDispatch(a(10), b, P)[0]).toBeCloseTo(saturatedDispatch(a(90), b, P)[0], 12);
    expect(saturatedDispatch(a(100), b, p)[0]).toBeCloseTo(saturatedDispatch(a(100), b, P)[0], 12);
    // the slow-down is linear in u between the two: 1 + 0.1 x (0.1 + 0.9 x 3) = 1.28 times the interference excess
    const excess = (s: number) => s - saturatedDispatch(a(100), b, { interference: 0 })[0];
    expect(excess(bound)).toBeCloseTo(excess(saturatedDispatch(a(10), b, { interference: 0.1 * 0.1 + 0.3 * 0.9 })[0]), 9);
  });

  it('a neighbour that reads more of the DRAM bandwidth slows a kernel more than its share of the GPU alone says', () => {
    const WIDE = [64, 1024, 32, 0, 0]; // half the SMs, half of each SM's warps
    const configs = (dramPct: number): LaunchConfig[] => [{ grid: 64, block: 1024, regs: 32, smem: 0, achievedOccPct: 50, theoreticalOccPct: 100, smActivePct: 100, dramPct, smPct: 10 }];
    const neighbour = (dramPct?: number) => kernelStream(Float64Array.from(Array(10).fill(0.03)), Array(10).fill(WIDE), 132, dramPct === undefined ? undefined : configs(dramPct));
    const victim = stream(Array(10).fill(0.03), Array(10).fill(WIDE));
    expect(neighbour(80).dram[0]).toBeCloseTo(0.8, 12);
    expect(neighbour().dram[0]).toBe(0); // unmeasured (copies, memsets, shapes ncu skipped): no DRAM pressure
    const [quiet] = saturatedDispatch(victim, neighbour(0), P);
    const [some] = saturatedDispatch(victim, neighbour(40), P);
    const [heavy] = saturatedDispatch(victim, neighbour(80), P);
    expect(some).toBeGreaterThan(quiet + 1e-3);
    expect(heavy).toBeGreaterThan(some + 1e-3);
    expect(saturatedDispatch(victim, neighbour(), P)[0]).toBeCloseTo(quiet, 12);
    // without interference the DRAM pressure changes nothing: only the dispatch (waiting for SMs) remains
    expect(saturatedDispatch(victim, neighbour(80), { interference: 0 })[0]).toBeCloseTo(saturatedDispatch(victim, neighbour(0), { interference: 0 })[0], 12);
  });

  it('is symmetric, at least 1 and finite for any streams, constants and ncu measurements', () => {
    const kern = fc.record({ d: fc.double({ min: 0.001, max: 2, noNaN: true }), shape: fc.constantFrom(GEMM, ELEMENTWISE, SINGLE, [0, 0, 0, 0, 0], [64, 256, 64, 49152, 0]) });
    fc.assert(
      fc.property(
        fc.array(kern, { minLength: 1, maxLength: 30 }),
        fc.array(kern, { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        // what ncu may have measured of the GEMM's and the element-wise kernel's configurations
        fc.array(fc.record({ shape: fc.constantFrom(GEMM, ELEMENTWISE), occ: fc.double({ min: 0, max: 100, noNaN: true }), active: fc.double({ min: 0, max: 100, noNaN: true }), dram: fc.double({ min: 0, max: 100, noNaN: true }) }), { maxLength: 2 }),
        (ka, kb, interference, latencyInterference, measured) => {
        const configs: LaunchConfig[] = measured.map((m) => ({ grid: m.shape[0] as number, block: m.shape[1] as number, regs: m.shape[2] as number, smem: m.shape[3] as number, achievedOccPct: m.occ, theoreticalOccPct: 100, smActivePct: m.active, dramPct: m.dram }));
        const a = kernelStream(Float64Array.from(ka.map((k) => k.d)), ka.map((k) => k.shape), 132, configs);
        const b = kernelStream(Float64Array.from(kb.map((k) => k.d)), kb.map((k) => k.shape), 132, configs);
        const p = { interference, latencyInterference };
        const [x, y] = saturatedDispatch(a, b, p);
        const [y2, x2] = saturatedDispatch(b, a, p);
        expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(1);
        expect(y).toBeGreaterThanOrEqual(1);
        expect(x2).toBeCloseTo(x, 12);
        expect(y2).toBeCloseTo(y, 12);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a workload paired with a copy of itself gets equal slowdowns', () => {
    const a = stream([0.01, 0.05, 0.002, 0.03], [ELEMENTWISE, GEMM, SINGLE, GEMM]);
    const b = stream([0.01, 0.05, 0.002, 0.03], [ELEMENTWISE, GEMM, SINGLE, GEMM]);
    const [x, y] = saturatedDispatch(a, b, P);
    expect(x).toBeCloseTo(y, 6);
  });
});

describe('busy slowdown: the closed form blended with the dispatch simulation', () => {
  const side = (kernelMs: number): ConcurrentSide => ({
    gpuMs: 1,
    hostMs: 0.1,
    demand: { sm: 0.7, occupancy: 0.3, tensor: 0.2, dram: 0.2 },
    kernelMs,
    threads: 50000,
    stream: stream(Array(Math.round(1 / kernelMs)).fill(kernelMs)),
  });
  it('weight 0 (or no dispatch) is the closed form; weight 1 the simulation', () => {
    const a = side(0.03);
    const b = side(0.0075);
    const closed = busySlowdown(a, b, DEFAULT_CONCURRENT);
    expect(busySlowdown(a, b, { ...DEFAULT_CONCURRENT, dispatch: { ...DEFAULT_DISPATCH, weight: 0 } })).toBe(closed);
    const sim = saturatedDispatch(a.stream!, b.stream!, DEFAULT_DISPATCH)[0];
    expect(busySlowdown(a, b, { ...DEFAULT_CONCURRENT, dispatch: { ...DEFAULT_DISPATCH, weight: 1 } })).toBeCloseTo(sim, 12);
    const half = busySlowdown(a, b, { ...DEFAULT_CONCURRENT, dispatch: { ...DEFAULT_DISPATCH, weight: 0.5 } });
    expect(half).toBeCloseTo(0.5 * closed + 0.5 * sim, 12);
  });
});

describe('busy slowdown in the MPS context: most of the waits keep their simulated length', () => {
  it('only the part of the co-run time a workload runs is stretched by its slower MPS solo request', () => {
    const GRID = [64, 128, 32, 0, 0];
    const small = stream(Array(40).fill(0.005), Array(40).fill(GRID)); // 0.2 ms of kernels
    const hog = stream(Array(4).fill(0.2), Array(4).fill(GEMM)); // holds every SM
    const sideOf = (s: ReturnType<typeof stream>, gpuMs: number, streamMs: number): ConcurrentSide => ({
      gpuMs, hostMs: 0.05, demand: { sm: 0.5, occupancy: 0.3, tensor: 0.1, dram: 0.1 }, kernelMs: 0.01, threads: 8192, stream: s, streamMs,
    });
    const p = { ...DEFAULT_CONCURRENT, dispatch: { ...DEFAULT_DISPATCH, weight: 1 } };
    const sim = saturatedDispatch(small, hog, DEFAULT_DISPATCH)[0];
    const [, , w] = saturatedWithWaits(small, hog, DEFAULT_DISPATCH);
    expect(w).toBeGreaterThan(0.5);
    // exclusive context (gpuMs = the kernels' time): the simulation's slowdown as it is
    expect(busySlowdown(sideOf(small, 0.2, 0.2), sideOf(hog, 0.8, 0.8), p)).toBeCloseTo(sim, 12);
    // MPS solo 25 % longer: of the waits, a share w of the co-run time, the part WAIT_UNSTRETCHED is not stretched with it
    const mps = busySlowdown(sideOf(small, 0.25, 0.2), sideOf(hog, 0.8, 0.8), p);
    const kept = WAIT_UNSTRETCHED * w;
    expect(WAIT_UNSTRETCHED).toBeGreaterThan(0);
    expect(WAIT_UNSTRETCHED).toBeLessThanOrEqual(1);
    expect(mps).toBeCloseTo(sim * (1 - kept * (1 - 0.2 / 0.25)), 12);
    // so the co-run time, slowdown x gpuMs, is those waits plus the stretched rest
    expect(mps * 0.25).toBeCloseTo(sim * 0.2 * kept + sim * 0.2 * (1 - kept) * 1.25, 12);
    expect(mps).toBeLessThan(sim * 1.25);
    // a workload that never waits is stretched whole
    const free = stream(Array(40).fill(0.005), Array(40).fill(GRID));
    const beside = stream(Array(40).fill(0.005), Array(40).fill([32, 128, 32, 0, 0]));
    expect(saturatedWithWaits(free, beside, DEFAULT_DISPATCH)[2]).toBe(0);
    expect(busySlowdown(sideOf(free, 0.25, 0.2), sideOf(beside, 0.25, 0.2), p)).toBeCloseTo(saturatedDispatch(free, beside, DEFAULT_DISPATCH)[0], 12);
  });
});

describe('the simulation cache is keyed by the streams, not their identity', () => {
  it('a stream rebuilt from the same kernels gives the same result; another stream does not share it', () => {
    const a = stream([0.03, 0.01, 0.02], [GEMM, ELEMENTWISE, SINGLE]);
    const b = stream(Array(12).fill(0.005));
    const first = saturatedDispatch(a, b, P);
    const again = saturatedDispatch(stream([0.03, 0.01, 0.02], [GEMM, ELEMENTWISE, SINGLE]), stream(Array(12).fill(0.005)), P);
    expect(again).toEqual(first);
    const other = saturatedDispatch(stream([0.03, 0.01, 0.02], [GEMM, GEMM, GEMM]), b, P);
    expect(other).not.toEqual(first);
    expect(saturatedDispatch(b, a, P)).toEqual([first[1], first[0]]);
  });
});
