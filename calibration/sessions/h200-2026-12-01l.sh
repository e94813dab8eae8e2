#!/usr/bin/env bash
# Twelfth H200 run of 2026-12-01: fresh co-runs (time slicing and MPS) of twelve pairs no measurement has
# covered, after the dispatch simulation's overlap slow-down came to depend on how much of the GPU's throughput
# each kernel uses alone (model version 10): the batch-size variants and user-file workloads with the fewest pairs.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-01l
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
FRESH_PAIRS=resnet50@b64s224+vit-b16,llama@b1s512+mobilenet@b16s224,bert@b8s128+llama8b,bert@b8s128+convnext-t,mobilenet@b16s224+qwen2-0.5b,bert@b32s128+qwen2-0.5b,convnext-t+gpt2@b32s512,qwen2-0.5b+llama@b1s1024,yolo@b2s640+llama-decode,bert@b32s128+resnet50@b64s224,vit-b16+yolo@b2s640,convnext-t+llama@b1s256
{
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
