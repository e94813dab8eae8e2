#!/usr/bin/env bash
# H100, 2026-12-07 (seventh session): first, does a workload's GPU time depend on its random weights
# (benchmarks/experiments/seed-variance/seeds.py: each run its own process, seeded or not)? deepseek's GPU time per
# request (the host-gap probe) is 12.03-12.10 ms in five H100 sessions and 12.25-12.30 ms in five others, and in the
# slow ones it takes one more turn of the time slice next to small workloads (6-8 % misses); llama@b1s256 alone moved
# 7 % between fresh-2026-12-07g and -07h. Results in OUT/seeds.json and OUT/seeds-log.txt (about 170 s).
# Then kernel timelines of the two misses that model version 25's hold-out
# (fresh-2026-12-07g and its repeat fresh-2026-12-07h) measured twice alike: llama@b1s256 next to gpt2@b32s512 under
# MPS (13.1 / 12.0 % low, after 17.3 % low with version 24 in fresh-2026-12-07e) and mobilenet@b16s224 next to
# deepseek@b1s512 under time slicing (+7.0 / +5.7 % and -6.6 / -6.8 %), each workload also traced alone in that mode.
# Not run in the session that wrote it (the device time went to h100-2026-12-07g.sh, twice, and to calls that got
# no machine). The seed runs ran in the eighth 2026-12-07 session (TRACE_S=0 SEEDS_S=200, 167 s):
# benchmarks/experiments/seed-variance/h100-2026-12-07 (the draw does not set the GPU time); the traces in the ninth
# (SEEDS_S=0 TRACE_S=120, 134 s): benchmarks/experiments/mps-dispatch/traces-2026-12-07b-h100.tgz and
# benchmarks/experiments/timeslice-trace/ts-trace-2026-12-07b-h100.tgz (their READMEs' ninth-session entries).
# Run from the repository root on an H100 host with OUT set to an empty folder; the traces come back in
# OUT/mps-trace.tgz and OUT/ts-trace.tgz, the logs in OUT/*-log.txt (at most TRACE_S, default 120, seconds each).
GPU=h100
BUDGET_S=${BUDGET_S:-0}
TRACE_S=${TRACE_S:-120}
source "$(dirname "$0")/session.sh"
gpu_info > "$OUT/seeds-log.txt"
[ "${SEEDS_S:-240}" -gt 0 ] && timeout "${SEEDS_S:-240}" python3 benchmarks/experiments/seed-variance/seeds.py --out "$OUT/seeds.json" \
  --runs "${SEED_RUNS:-deepseek@b1s512:0,deepseek@b1s512:none,deepseek@b1s512:1,deepseek@b1s512:none,deepseek@b1s512:2,deepseek@b1s512:0,deepseek@b1s512:none,llama@b1s256:0,llama@b1s256:none,llama@b1s256:0,llama@b1s256:none}" \
  >> "$OUT/seeds-log.txt" 2>&1
echo "== seeds: exit $? (SEEDS_S=${SEEDS_S:-240}; 0: skipped)" >> "$OUT/seeds-log.txt"
if [ "$TRACE_S" -gt 0 ]; then  # TRACE_S=0: the seed runs only
  mps_trace "${MPS_TRACE_PAIRS:-gpt2@b32s512+llama@b1s256}"
  ts_trace "${TS_TRACE_PAIRS:-deepseek@b1s512+mobilenet@b16s224}"
fi
exit 0
