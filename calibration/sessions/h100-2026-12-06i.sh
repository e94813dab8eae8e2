#!/usr/bin/env bash
# H100, 2026-12-06 (sixth session): how repeatable is one open-loop window's p99 at combined load 0.9? The
# calibration's eight runs at 0.9 (40 s windows, h100-2026-12-06g.sh) are measured again exactly as then: same
# pairs, modes, window and arrival seeds (load * 1000 + 17, + 101), so the two windows share their arrival
# sequences and differ only in what the GPU and host do. Their difference is the floor under any prediction's p99
# error at that load (the leave-one-model-out misses there are 5-37 %). The calibration is not changed by this run:
# the repeat comes back in OUT/openloop.json and is compared with calibration/h100/openloop.json.
# Run from the repository root on an H100 host with OUT set to an empty folder.
GPU=h100
FRESH_NAME=none
BUDGET_S=${BUDGET_S:-430}
source "$(dirname "$0")/session.sh"
{
  gpu_info
  step openloop-0.9-repeat calibrate "${COMMON[@]}" --out "$CAL" --resume --redo openloop \
    --models llama,yolo,bert,gpt2,llama-decode,resnet50,deepseek,mobilenet --no-pairs --no-probes --no-ncu \
    --modes "${MODES:-timeslice,mps}" --openloop \
    --openloop-pairs llama+yolo,bert+gpt2,llama-decode+resnet50,deepseek+mobilenet \
    --openloop-loads 0.9 --openloop-window "${WINDOW_S:-40}"
} > "$OUT/log.txt" 2>&1
cp "$CAL/openloop.json" "$OUT/openloop.json"
rm -rf "$CAL" "$FRESH"
exit 0
