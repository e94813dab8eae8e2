// The arrival sequences of the runner's open-loop runs, reproduced: calibration/worker.py draws each model's
// Poisson arrivals with Python's random.Random(seed).expovariate(rate) from the window's start, so validation can
// simulate a run with the very arrivals it was measured with (the runner's seeds are fixed per load: every pair
// measured at one load shares one arrival pattern, and how bursty that one pattern is moves every measured p99).
// Python's generator is MT19937 (seeded by init_by_array over the seed's 32-bit words) with 53-bit random().

const N = 624;
const M = 397;

class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  constructor(seed: number) {
    // Python's random.seed(int): init_by_array over the 32-bit words of |seed|, least significant first.
    let x = Math.abs(Math.trunc(seed));
    const key: number[] = [];
    do {
      key.push(x % 0x100000000 >>> 0);
      x = Math.floor(x / 0x100000000);
    } while (x > 0);
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = (mt[i - 1] as number) ^ ((mt[i - 1] as number) >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = (mt[i - 1] as number) ^ ((mt[i - 1] as number) >>> 30);
      mt[i] = (((mt[i] as number) ^ Math.imul(prev, 1664525)) + (key[j] as number) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = (mt[i - 1] as number) ^ ((mt[i - 1] as number) >>> 30);
      mt[i] = (((mt[i] as number) ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private next32(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      for (let k = 0; k < N; k++) {
        const y = ((mt[k] as number) & 0x80000000) | ((mt[(k + 1) % N] as number) & 0x7fffffff);
        mt[k] = ((mt[(k + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
      }
      this.mti = 0;
    }
    let y = mt[this.mti++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Python's random.random(): 53 random bits in [0, 1). */
  random(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

/** Python's random.Random(seed).random() stream (for tests and the arrivals below). */
export function pythonRandom(seed: number): () => number {
  const g = new Mt19937(seed);
  return () => g.random();
}

/**
 * The arrival times (ms from the window's start) of one model of a runner open-loop run: t += expovariate(rate)
 * while t < windowS, as calibration/worker.py open_loop does (rate in requests per second).
 */
export function runnerArrivalsMs(seed: number, rateRps: number, windowS: number): Float64Array {
  if (!(rateRps > 0) || !(windowS > 0)) return new Float64Array();
  const rnd = pythonRandom(seed);
  const out: number[] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - rnd()) / rateRps;
    if (t >= windowS) break;
    out.push(t * 1000);
  }
  return Float64Array.from(out);
}

/**
 * The seeds the runner drew a run's arrivals from when it did not record them (calibration/runner.py
 * measure_openloop, unchanged since the first runner): load * 1000 + 17, then + 101 per worker process (time
 * slicing, MPS) or + 7919 per slot of the one stream worker.
 */
export function runnerArrivalSeeds(mode: string, load: number, models: number): number[] {
  const seed = Math.trunc(load * 1000) + 17;
  return Array.from({ length: models }, (_, j) => seed + (mode === 'streams' ? 7919 : 101) * j);
}

/** The seeds a measured open-loop run's arrivals were drawn from: as it recorded them, else the runner's fixed ones. */
export function measuredArrivalSeeds(m: { mode: string; load: number; b?: unknown; arrivalSeeds?: number[] }): number[] {
  return m.arrivalSeeds ?? runnerArrivalSeeds(m.mode, m.load, m.b ? 2 : 1);
}
