#!/usr/bin/env bash
# Second H200 run of 2026-12-02: a fresh open-loop set for the open-loop predictions of model version 13 (the
# idle-start latency in time slicing too). Two pairs none of the calibration's open-loop runs had, drawn at
# random (seed 20261202, llama8b left out: too few requests per window at these loads), at combined loads 0.3
# and 0.6 over 48 s windows, time slicing and MPS, with their closed-loop co-runs.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-02b
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=deepseek+resnet50@b64s224,yolo+convnext-t
fresh_openloop "$FRESH_PAIRS"
exit 0
