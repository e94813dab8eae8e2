#!/usr/bin/env bash
# H200, 2026-12-06 (fourth session): the H200 counterpart of h100-2026-12-06f.sh. bert@b32s128 (2.04 ms a request
# solo, at the driver's 2.048 ms time slice) had calibration pairs with its probes only, and the fresh sets' last
# misses above 5 % (with the session's own solo latencies) are all bert@b32s128 next to long-request workloads.
# The calibration gets it next to llama8b, deepseek, gpt2@b32s512, llama@b1s1024, resnet50@b128s224 and itself,
# time slicing and MPS, so the fit of the time slice sees a near-slice workload. (These pairs were measured in
# fresh sets before; `validate --measured` excludes them from the fit that predicts those sets.) Run from the
# repository root on an H200 host with OUT set to an empty folder; resumable; the calibration comes back in
# OUT/cal.tgz.
# Run on 2026-12-06 (seventh session; 129 s on an H200, the 12 co-runs against the calibration's solo latencies):
# time-slicing normalised throughputs 0.94-0.99, MPS 1.08-1.15, spreads <= 1.8 %.
GPU=h200
FRESH_NAME=none
BUDGET_S=${BUDGET_S:-300}
source "$(dirname "$0")/session.sh"
cal_pairs "${CAL_MODELS:-bert@b32s128,llama8b@b1s512,deepseek@b1s512,gpt2@b32s512,llama@b1s1024,resnet50@b128s224}"
rm -rf "$CAL" "$FRESH"
exit 0
