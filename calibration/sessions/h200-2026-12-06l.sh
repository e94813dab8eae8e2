#!/usr/bin/env bash
# H200, 2026-12-06 (seventh session): the six bert@b32s128 calibration pairs of h200-2026-12-06b.sh again, this time
# as a fresh set with their solo latencies measured in the same session. Those pairs' slowdowns were taken against
# the calibration's solo latencies of an earlier session, and came out 1-2 % below the same pairs in the fresh sets
# (llama8b next to bert@b32s128 4.8 % below), where the time-slice model's lopo error of them is +3 % (+8.6 %):
# the set tells the session's shift from the model's miss. Time slicing and MPS.
# Resumable: run it again with the folder that came back copied to predictions/h200/fresh-2026-12-06l.
# Run from the repository root on an H200 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz.
# Not run yet: in the session that wrote it no H200 could be started again, nor in the next two (2026-12-06, eighth;
# 2026-12-07, whose calls for either card got an H100 or none), nor in the second and third 2026-12-07 sessions
# (no machine of either card could be started), nor in the fourth (five calls for an H200: none, or an H100), nor in
# the fifth (five calls for an H200: four given an H100, the last refused for lack of device time), nor in the
# sixth (twenty-four calls over 78 minutes: one machine started and was taken back before the command finished), nor
# in the seventh (four calls for an H200: the first given the warm H100 of the session, which ran the H100 script
# again, the others none), nor in the eighth (six calls for an H200: none, one taken back before it ran), nor in the
# ninth (twenty calls: the first given an H100, which ran the H100 traces; the rest none).
GPU=h200
FRESH_NAME=fresh-2026-12-06l
BUDGET_S=${BUDGET_S:-300}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-bert@b32s128+bert@b32s128,bert@b32s128+llama8b@b1s512,bert@b32s128+deepseek@b1s512,bert@b32s128+gpt2@b32s512,bert@b32s128+llama@b1s1024,bert@b32s128+resnet50@b128s224}"
# Then the time-slice kernel traces of deepseek next to short neighbours (benchmarks/experiments/timeslice-trace/
# README.md; OUT/ts-trace.tgz), at most TRACE_S (150) seconds beyond the budget.
ts_trace "${TRACE_PAIRS:-bert@b32s128+deepseek@b1s512,bert@b16s128+deepseek@b1s512,llama-decode@b32s1024+deepseek@b1s512}"
exit 0
