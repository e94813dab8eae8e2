// kernel-level two-stream sim. sides have seq (us) scaled to gpuMs, hostMs.
const seqCache = new WeakMap();
function ks(s) { let k = seqCache.get(s); if (!k) { const tot = s.seq.reduce((a, b) => a + b, 0); k = Float64Array.from(s.seq, (d) => (d / tot) * s.gpuMs); seqCache.set(s, k); } return k; }
// rates(incIdx) -> [rA, rB] when both busy; inc: 0 A incumbent, 1 B incumbent, -1 tie
export function sim(A, B, rateFn, offsetFrac, minReq = 6, maxEvents = 200000) {
  const S = [A, B].map((s, i) => ({ k: ks(s), host: s.hostMs, idx: 0, rem: 0, start: 0, inGpu: true, hostRem: 0, reqStart: 0, done: 0, lat: 0, cnt: 0 }));
  for (const st of S) st.rem = st.k[0];
  // offset: stream 1 starts offsetFrac through its request (as if it started earlier)
  if (offsetFrac > 0) { const st = S[1]; let t = offsetFrac * B.gpuMs; while (t > st.k[st.idx]) { t -= st.k[st.idx]; st.idx++; } st.rem = st.k[st.idx] - t; st.start = -t; st.reqStart = -offsetFrac * B.gpuMs; }
  let t = 0; let ev = 0;
  while (ev++ < maxEvents) {
    const busy = S.map((s) => s.inGpu);
    let r = [1, 1];
    if (busy[0] && busy[1]) { const inc = S[0].start < S[1].start ? 0 : S[1].start < S[0].start ? 1 : -1; r = rateFn(inc); }
    let dt = Infinity;
    for (let i = 0; i < 2; i++) { const s = S[i]; const d = s.inGpu ? s.rem / r[i] : s.hostRem; if (d < dt) dt = d; }
    t += dt;
    for (let i = 0; i < 2; i++) { const s = S[i]; if (s.inGpu) s.rem -= dt * r[i]; else s.hostRem -= dt; }
    for (let i = 0; i < 2; i++) {
      const s = S[i];
      if (s.inGpu && s.rem <= 1e-12) {
        s.idx++;
        if (s.idx >= s.k.length) { s.idx = 0; s.inGpu = false; s.hostRem = s.host; if (s.host <= 0) { s.inGpu = true; } }
        if (s.inGpu) { s.rem = s.k[s.idx]; s.start = t; if (s.idx === 0) finishReq(s, t); }
      } else if (!s.inGpu && s.hostRem <= 1e-12) { s.inGpu = true; s.rem = s.k[0]; s.start = t; finishReq(s, t); }
    }
    if (S[0].cnt >= minReq && S[1].cnt >= minReq) break;
  }
  return [S[0].cnt ? S[0].lat / S[0].cnt : NaN, S[1].cnt ? S[1].lat / S[1].cnt : NaN];
}
function finishReq(s, t) { s.done++; if (s.done > 1) { s.lat += t - s.reqStart; s.cnt++; } s.reqStart = t; }
export function simPair(A, B, rateFnAB, minReq = 6) {
  // rateFnAB(inc, first, second) for order; run both orders with an offset on the second stream, average
  const f1 = (inc) => rateFnAB(inc, A, B);
  const f2 = (inc) => rateFnAB(inc, B, A);
  const r1 = sim(A, B, f1, 0.37, minReq);
  const r2 = sim(B, A, f2, 0.37, minReq);
  return [0.5 * (r1[0] + r2[1]), 0.5 * (r1[1] + r2[0])];
}
