#!/usr/bin/env bash
# Fourteenth H200 run of 2026-12-01: fresh MPS co-runs of sixteen pairs no measurement has covered, measured
# before the next change to the dispatch simulation is designed (its predictions are looked at only after a
# change is adopted): heavy next to heavy, latency-bound decoders and llama8b next to small-kernel neighbours,
# self-pairs, and the user-file workloads.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-01n
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
FRESH_PAIRS=bert@b32s128+bert@b64s128,bert@b64s128+vit-b16,bert@b64s128+convnext-t,gpt2@b32s512+vit-b16,resnet50@b128s224+vit-b16,gpt2@b32s512+resnet50@b64s224,llama-decode+llama@b1s512,bert@b32s128+llama-decode,bert@b8s128+llama-decode,llama8b+mobilenet@b16s224,llama8b+resnet50@b64s224,qwen2-0.5b+qwen2-0.5b,resnet50@b64s224+resnet50@b64s224,bert@b8s128+llama@b1s1024,mobilenet@b16s224+yolo@b8s640,llama@b1s256+qwen2-0.5b
{
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes mps
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
