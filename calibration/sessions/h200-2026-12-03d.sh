#!/usr/bin/env bash
# First H200 run of the third session of 2026-12-03: a fourth fresh open-loop set at load 0.9, MPS only (the MPS
# open-loop p99 at 0.9 is the weakest open-loop figure, on seven pairs so far: four in the calibration, three in
# fresh sets), seven pairs that no open-loop run had covered, drawn at random (seed 20261204, llama8b left out:
# too few requests per window) among the unordered pairs (self-pairs allowed) of the workload ids with a solo
# profile in calibration/h200/solo.json that no entry of calibration/h200/openloop.json or of any
# predictions/h200/*/openloop.json has: random.Random(20261204).sample(sorted((a, b) with a <= b), 7), the
# example user models written by bare name at their model-file default size. Combined load 0.9 over 48 s
# windows, with their closed-loop co-runs. Held out: its predictions are looked at only after the session's
# model changes are committed.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-03d
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=${FRESH_PAIRS:-llama@b1s512+qwen2-0.5b,gpt2@b32s512+resnet50@b32s224,bert@b16s128+bert@b64s128,convnext-t+mobilenet@b8s224,bert@b32s128+bert@b64s128,bert@b64s128+mobilenet@b64s224,mobilenet@b16s224+qwen2-0.5b}
fresh_openloop "$FRESH_PAIRS" 0.9 mps
exit 0
