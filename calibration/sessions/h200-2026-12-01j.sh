#!/usr/bin/env bash
# Tenth H200 run of 2026-12-01: fresh co-runs (time slicing and MPS) of eleven pairs no measurement has covered,
# after the dispatch simulation's overlap slow-down became proportional to the neighbour's share of the GPU
# (model version 9): deepseek next to three unseen neighbours, and the workloads with the fewest pairs.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-01j
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
FRESH_PAIRS=deepseek+qwen2-0.5b,deepseek+llama@b1s512,deepseek+resnet50@b64s224,llama8b+convnext-t,llama8b+bert@b32s128,qwen2-0.5b+resnet50@b128s224,convnext-t+mobilenet@b8s224,vit-b16+llama@b1s256,llama@b1s512+yolo@b2s640,mobilenet@b16s224+bert@b8s128,yolo@b1s640+bert@b32s128
{
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
