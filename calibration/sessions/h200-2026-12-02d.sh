#!/usr/bin/env bash
# Fourth H200 run of 2026-12-02: a fresh open-loop set at high load, measured after model version 14 (the
# open-loop fits on each run's own arrivals) was fitted. No fresh set had had load 0.9, where the calibration's
# MPS p99s are the furthest off. The pair 2026-12-02c left unmeasured (bert@b64s128+resnet50@b128s224) and
# one more no open-loop run had had, drawn at random (seed 20261204, llama8b left out as before), at combined
# loads 0.6 and 0.9 over 48 s windows, time slicing and MPS, with their closed-loop co-runs.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-02d
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=${FRESH_PAIRS:-bert@b64s128+resnet50@b128s224,qwen2-0.5b+bert@b16s128}
fresh_openloop "$FRESH_PAIRS" 0.6,0.9
exit 0
