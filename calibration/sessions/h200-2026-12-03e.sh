#!/usr/bin/env bash
# First H200 run of the fourth session of 2026-12-03: a fifth fresh open-loop set at load 0.9, time slicing only
# (the two p99s of the fresh sets outside the p99 range of model version 17 were time slicing at 0.9, and the
# held-out set fresh-2026-12-03d was MPS only), seven pairs that no open-loop run had covered, drawn at random
# (seed 20261205, llama8b left out: too few requests per window) among the unordered pairs (self-pairs allowed) of
# the workload ids with a solo profile in calibration/h200/solo.json that no entry of calibration/h200/openloop.json
# or of any predictions/h200/*/openloop.json has: random.Random(20261205).sample(sorted((a, b) with a <= b), 7), the
# example user models written by bare name at their model-file default size. Combined load 0.9 over 48 s windows,
# with their closed-loop co-runs. Held out: measured with model version 17 committed, nothing refitted on it.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-03e
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=${FRESH_PAIRS:-bert@b16s128+convnext-t,llama@b1s512+vit-b16,deepseek@b1s512+resnet50@b128s224,llama@b1s1024+mobilenet@b8s224,bert@b16s128+gpt2@b32s512,bert@b16s128+deepseek@b1s512,llama@b1s1024+resnet50@b32s224}
fresh_openloop "$FRESH_PAIRS" 0.9 timeslice
exit 0
