#!/usr/bin/env bash
# Third H200 run of 2026-12-02: a second fresh open-loop set for model version 13, measured after its predictions
# were fixed (h200-2026-12-02b.sh is the first). Two more pairs no open-loop run had had, drawn at
# random (seed 20261203, llama8b left out as before), at combined loads 0.3
# and 0.6 over 48 s windows, time slicing and MPS, with their closed-loop co-runs.
# FRESH_PAIRS=convnext-t+bert@b32s128 measures the first pair alone (what the device time left on 2026-12-02
# allowed). Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-02c
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=${FRESH_PAIRS:-convnext-t+bert@b32s128,bert@b64s128+resnet50@b128s224}
fresh_openloop "$FRESH_PAIRS"
exit 0
