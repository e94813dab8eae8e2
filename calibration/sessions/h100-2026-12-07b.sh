#!/usr/bin/env bash
# H100, 2026-12-07 (fourth session): MPS kernel timelines of the H100's largest MPS misses in leave-one-model-out
# (llama@b1s256 next to gpt2@b8s512, 11.5 % low; bert@b16s128 next to deepseek, 13.3 % low in fresh-2026-12-07a,
# and next to llama@b1s1024 / qwen2-0.5b@b4s512, 8 % high), each workload also traced alone under MPS: do the
# victims lose their time waiting for the neighbour's kernels or in longer kernels of their own (on the H200 the
# small-kernel victims' kernels ran 1.1-1.3x the simulated time; benchmarks/experiments/mps-dispatch/README.md)?
# Run from the repository root on an H100 host with OUT set to an empty folder; the traces come back in
# OUT/mps-trace.tgz, the log in OUT/mps-trace-log.txt (at most TRACE_S, default 240, seconds).
# Ran in the fourth 2026-12-07 session (a call for an H200 got this H100) with TRACE_S=180, 118 s: three of the four
# pairs are benchmarks/experiments/mps-dispatch/traces-2026-12-07-h100.tgz; qwen2-0.5b@b4s512 is a user model
# (models/examples/qwen2_05b.py), which corun_trace.py cannot build, so its pair failed.
GPU=h100
BUDGET_S=${BUDGET_S:-0}
TRACE_S=${TRACE_S:-240}
source "$(dirname "$0")/session.sh"
mps_trace "${TRACE_PAIRS:-gpt2@b8s512+llama@b1s256,deepseek@b1s512+bert@b16s128,bert@b16s128+llama@b1s1024,qwen2-0.5b@b4s512+bert@b16s128}"
exit 0
