import { report } from './harness.mjs';
const lr = (x, y) => Math.log(Math.max(1e-6, x) / Math.max(1e-6, y));
const clampT = (t) => Math.min(4, Math.max(0.25, t));
const F = {
  kw: (s) => s.kw, meanK: (s) => s.meanK, med: (s) => s.med, sm: (s) => s.d.sm, dram: (s) => s.d.dram, tensor: (s) => s.d.tensor,
  gsm: (s) => s.gpm.sm, gdram: (s) => s.gpm.dram, threads: (s) => s.threads, G: (s) => s.gpuMs, p99: (s) => s.p.kernelUs.p99, p90: (s) => s.p.kernelUs.p90,
  smb: (s) => s.gpm.sm / (s.gpuMs / s.L), tenb: (s) => s.gpm.tensor / (s.gpuMs / s.L),
  // per-round kernel length (FIFO dispatch: each stream completes about one kernel per round), long kernels capped
  mk50: (s) => capMean(s, 0.05), mk100: (s) => capMean(s, 0.1), mk200: (s) => capMean(s, 0.2), mk: (s) => capMean(s, 1e9),
  // per-round length of the kernels that hold SMs (launch shape known), capped
  hk100: (s) => holdMean(s, 0.1),
};
import { cal } from './harness.mjs';
const kerns = new Map(cal.kernels.map((k) => [k.workload.id, k]));
function capMean(s, cap) { const k = kerns.get(s.id); const tot = k.sequenceUs.reduce((a, b) => a + b, 0); let c = 0, n = 0;
  k.sequenceUs.forEach((d, i) => { if ((k.sequenceShape?.[i]?.[0] ?? 1) > 0) { c += Math.min(cap, (d / tot) * s.gpuMs); n++; } }); return c / Math.max(1, n); }
function holdMean(s, cap) { const k = kerns.get(s.id); const tot = k.sequenceUs.reduce((a, b) => a + b, 0); let c = 0, n = 0;
  k.sequenceUs.forEach((d, i) => { const g = k.sequenceShape?.[i]?.[0] ?? 0; if (g >= 8) { c += Math.min(cap, (d / tot) * s.gpuMs); n++; } }); return c / Math.max(1, n); }
const model = (names, sym = ['sm', 'dram']) => ({ starts: [[0, 0.5, 0, ...names.map(() => 0)], [-0.1, 0.6, 0, ...names.map(() => 0.2)]],
  busy(A, B, x) { const E = Math.max(0, x[0] + Math.abs(x[1]) * (A.d.sm + B.d.sm) + Math.abs(x[2]) * (A.d.dram + B.d.dram));
    const t = (P, Q) => clampT(Math.exp(names.reduce((z, n, i) => z + x[3 + i] * lr(F[n](Q), F[n](P)), 0)));
    return [1 + E * t(A, B), 1 + E * t(B, A)]; } });
const sets = process.argv.slice(2).map((s) => s.split('+'));
for (const s of sets) report(s.join('+'), model(s), { fresh: true });
