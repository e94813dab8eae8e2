#!/usr/bin/env bash
# Second H200 run of 2026-12-01: sizes a user would bring that the calibration never saw. Three catalog models
# at new sizes get only what a user's own workload gets (solo profiles, kernel profile, ncu; no pairs), then
# fresh co-runs of them with calibration workloads and with each other, time slicing and MPS.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable like h200-2026-12-01.sh.
FRESH_NAME=fresh-2026-12-01b
BUDGET_S=${BUDGET_S:-400}
source "$(dirname "$0")/session.sh"
SIZES=bert@b32s128,resnet50@b64s224,yolo@b2s640
FRESH_PAIRS=bert@b32s128+llama,bert@b32s128+mobilenet,bert@b32s128+deepseek,resnet50@b64s224+gpt2,resnet50@b64s224+llama-decode,resnet50@b64s224+yolo,yolo@b2s640+bert,yolo@b2s640+llama8b,yolo@b2s640+resnet50,bert@b32s128+yolo@b2s640
unseen_sizes "$SIZES" "$FRESH_PAIRS"
exit 0
