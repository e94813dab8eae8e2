#!/usr/bin/env bash
# H100, 2026-12-07: the pairs of h100-2026-12-06l.sh measured once more in another machine session (bert@b32s128's
# seven calibration pairs and bert@b16s128 next to deepseek, with same-session solo latencies), time slicing and
# MPS: a third measurement of the same pairs (how far they repeat between sessions) and the first clean hold-out
# for model version 24, committed before this ran. Resumable: run it again with the folder that came back copied
# to predictions/h100/fresh-2026-12-07a. Run from the repository root on an H100 host with OUT set to an empty
# folder; the set comes back in OUT/fresh.tgz.
# Ran in the third 2026-12-07 session, after its first call (2026-12-07) had lost the machine and the second
# session got none: with little device time left, first with FRESH_PAIRS="bert@b32s128+llama8b@b1s512,
# bert@b16s128+deepseek@b1s512" BUDGET_S=150 TRACE_S=120 (those two pairs and the three traces, 202 s), then again
# on the warm machine with BUDGET_S=170 TRACE_S=1 (the other six pairs, 143 s): the whole set is
# predictions/h100/fresh-2026-12-07a, the traces benchmarks/experiments/timeslice-trace/ts-trace-2026-12-07.tgz.
GPU=h100
FRESH_NAME=fresh-2026-12-07a
BUDGET_S=${BUDGET_S:-300}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-bert@b32s128+bert@b32s128,bert@b32s128+llama8b@b1s512,bert@b32s128+deepseek@b1s512,bert@b32s128+gpt2@b8s512,bert@b32s128+llama@b1s1024,bert@b32s128+bert@b16s128,bert@b32s128+llama@b1s256,bert@b16s128+deepseek@b1s512}"
# Then the time-slice kernel traces (benchmarks/experiments/timeslice-trace/README.md; OUT/ts-trace.tgz), at most
# TRACE_S (150) seconds beyond the budget: deepseek's turn next to bert@b16s128 (6 turns a request in the
# calibration, 7 in later sessions) and bert@b32s128's next to llama8b (one turn, measured, for 2.04-2.09 ms of
# work alone, more than deepseek's turn does: docs/accuracy.md, 2026-12-07, third session), then deepseek next to
# bert@b32s128.
ts_trace "${TRACE_PAIRS:-bert@b16s128+deepseek@b1s512,bert@b32s128+llama8b@b1s512,bert@b32s128+deepseek@b1s512}"
exit 0
