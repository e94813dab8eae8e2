#!/usr/bin/env bash
# H100, 2026-12-06 (fourth session): the calibration's open-loop runs at combined load 0.9 again, over 72 s
# instead of 24 s. At 0.9 the p99 of one 24 s window varied by 8-17 % (standard error over its 4 s sub-windows),
# as much as the leave-one-model-out misses it was compared with (13.5 % time slicing); the H200's runs are 48 s.
# MODES picks the modes of one run (default timeslice; a second run with MODES=mps): each fits one device call.
# Run from the repository root on an H100 host with OUT set to an empty folder; the open-loop runs come back in
# OUT/openloop.json.
# Run once, with the last device time of its session: MODES=timeslice,mps WINDOW_S=40 BUDGET_S=430 (16:00 UTC,
# 364 s, all eight runs; calibration/h100/openloop.json's load-0.9 entries are these 40 s windows).
GPU=h100
FRESH_NAME=none
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
{
  gpu_info
  step openloop-0.9 calibrate "${COMMON[@]}" --out "$CAL" --resume --redo openloop \
    --models llama,yolo,bert,gpt2,llama-decode,resnet50,deepseek,mobilenet --no-pairs --no-probes --no-ncu \
    --modes "${MODES:-timeslice}" --openloop --openloop-pairs llama+yolo,bert+gpt2,llama-decode+resnet50,deepseek+mobilenet \
    --openloop-loads 0.9 --openloop-window "${WINDOW_S:-72}"
} > "$OUT/log.txt" 2>&1
cp "$CAL/openloop.json" "$OUT/openloop.json"
rm -rf "$CAL" "$FRESH"
exit 0
