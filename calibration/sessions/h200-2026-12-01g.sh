#!/usr/bin/env bash
# Seventh H200 run of 2026-12-01: ncu on one launch of every launch configuration of each profiled workload
# (kernels.json ncu.configs: achieved vs theoretical occupancy and SM activity per kind of kernel, which the
# dispatch simulation uses for the SMs a kernel holds over its run). Nothing else is measured. Resumable:
# run it again to profile the workloads the first run had no time for.
# Run from the repository root on the GPU host with OUT set to an empty folder; kernels.json and meta.json come
# back in OUT/cal.
FRESH_NAME=none
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
PAIRED=gpt2@b32s512,mobilenet@b8s224,deepseek@b1s512,bert@b16s128,gpt2@b8s512,llama@b1s1024,llama8b@b1s512,llama-decode@b32s1024,mobilenet@b64s224,resnet50@b32s224,yolo@b8s640,bert@b64s128,resnet50@b128s224,llama@b1s256,yolo@b1s640
SOLO_ONLY=vit-b16@b32s224,convnext-t@b32s224,qwen2-0.5b@b4s512,bert@b32s128,resnet50@b64s224,yolo@b2s640,mobilenet@b16s224,bert@b8s128,llama@b1s512
{
  step ncu-configs calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$PAIRED,$SOLO_ONLY" --no-pairs --modes timeslice \
    --model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py
} > "$OUT/log.txt" 2>&1
rm -rf "$FRESH" "$CAL/solo.json" "$CAL/pairs.json" "$CAL/openloop.json" "$CAL/model.json"
exit 0
