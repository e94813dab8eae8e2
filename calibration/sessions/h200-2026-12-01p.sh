#!/usr/bin/env bash
# Fifteenth H200 run of 2026-12-01: the probe co-runs (models/catalog.json "probes": bert@b16s128 and
# llama@b1s256) of the nine workloads that had only solo profiles, in time slicing and MPS, as a user's own
# workload now gets them (`calibrate --no-pairs`: solo, kernels and ncu are already there); then a fresh set of
# twelve pairs no measurement had covered (drawn at random among the uncovered pairs with an unseen workload,
# seed 20261201), measured before the probe correction's predictions for them are looked at.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-01p
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
SIZES=bert@b32s128,resnet50@b64s224,yolo@b2s640,mobilenet@b16s224,bert@b8s128,llama@b1s512
FRESH_PAIRS=bert@b8s128+mobilenet@b8s224,convnext-t+resnet50@b64s224,bert@b8s128+qwen2-0.5b,convnext-t+mobilenet@b64s224,bert@b8s128+yolo@b2s640,bert@b8s128+resnet50@b64s224,bert@b32s128+resnet50@b32s224,bert@b32s128+yolo,vit-b16+yolo@b1s640,bert@b8s128+mobilenet@b64s224,llama+resnet50@b64s224,bert@b32s128+gpt2
{
  step probes calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$SIZES" "${USER_FILES[@]}" --no-pairs --modes timeslice,mps
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
tar -C "$CAL" -czf "$OUT/cal.tgz" pairs.json meta.json
pack_fresh
rm -rf "$CAL"
exit 0
