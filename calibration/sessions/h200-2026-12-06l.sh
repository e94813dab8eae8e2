#!/usr/bin/env bash
# H200, 2026-12-06 (seventh session): the six bert@b32s128 calibration pairs of h200-2026-12-06b.sh again, this time
# as a fresh set with their solo latencies measured in the same session. Those pairs' slowdowns were taken against
# the calibration's solo latencies of an earlier session, and came out 1-2 % below the same pairs in the fresh sets
# (llama8b next to bert@b32s128 4.8 % below), where the time-slice model's lopo error of them is +3 % (+8.6 %):
# the set tells the session's shift from the model's miss. Time slicing and MPS.
# Resumable: run it again with the folder that came back copied to predictions/h200/fresh-2026-12-06l.
# Run from the repository root on an H200 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz.
# Run in the tenth 2026-12-07 session, after ten sessions without an H200 for it: BUDGET_S=270 (28 of the 36 fresh
# steps; the traces cut by the call's limit), then resumed with BUDGET_S=150 TRACE_S=110 (the rest, and the traces
# of deepseek next to bert@b32s128 and bert@b16s128; llama-decode's cut).
GPU=h200
FRESH_NAME=fresh-2026-12-06l
BUDGET_S=${BUDGET_S:-300}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-bert@b32s128+bert@b32s128,bert@b32s128+llama8b@b1s512,bert@b32s128+deepseek@b1s512,bert@b32s128+gpt2@b32s512,bert@b32s128+llama@b1s1024,bert@b32s128+resnet50@b128s224}"
# Then the time-slice kernel traces of deepseek next to short neighbours (benchmarks/experiments/timeslice-trace/
# README.md; OUT/ts-trace.tgz), at most TRACE_S (150) seconds beyond the budget.
ts_trace "${TRACE_PAIRS:-bert@b32s128+deepseek@b1s512,bert@b16s128+deepseek@b1s512,llama-decode@b32s1024+deepseek@b1s512}"
exit 0
