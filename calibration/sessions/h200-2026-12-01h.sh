#!/usr/bin/env bash
# Eighth H200 run of 2026-12-01: fresh co-runs (time slicing and MPS) of pairs the calibration never measured,
# after the dispatch simulation started using ncu's per-launch-configuration SM activity (model version 8):
# small-kernel workloads next to heavy neighbours (the cases MPS got most wrong) and the user workloads.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-01h
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
FRESH_PAIRS=mobilenet@b16s224+gpt2@b32s512,yolo@b2s640+deepseek,yolo@b2s640+gpt2@b32s512,vit-b16+mobilenet@b8s224,convnext-t+yolo@b1s640,qwen2-0.5b+llama-decode,bert@b32s128+resnet50@b128s224,llama@b1s512+gpt2@b32s512,resnet50@b64s224+bert@b64s128,mobilenet@b16s224+llama@b1s256,bert@b8s128+deepseek
{
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
