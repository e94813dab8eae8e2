#!/usr/bin/env bash
# Third H200 run of 2026-12-03: fresh closed-loop co-runs, time slicing and MPS, of the 28 pairs no measurement
# had covered: the unordered pairs (self-pairs allowed) of the workload ids with a solo profile in
# calibration/h200/solo.json that no timeslice or MPS entry of calibration/h200/pairs.json or of any
# predictions/h200/{fresh,repeat}-*/pairs.json has, in the order random.Random(20261203).sample(sorted(pairs), 28),
# ids by bare name at their catalog or model-file default size. Held out for model version 16 (fitted and
# committed before this set was measured); resumable, so a second call measures what the first did not reach.
# Run from the repository root on the GPU host with OUT set to an empty folder.
FRESH_NAME=fresh-2026-12-03c
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
FRESH_PAIRS=bert@b64s128+yolo@b2s640,bert@b32s128+llama@b1s512,bert@b8s128+bert@b8s128,gpt2@b32s512+qwen2-0.5b,convnext-t+llama@b1s512,resnet50@b128s224+resnet50@b64s224,bert@b32s128+mobilenet@b16s224,mobilenet@b16s224+mobilenet,llama+llama@b1s512,yolo@b1s640+yolo@b2s640,mobilenet@b8s224+yolo@b2s640,llama@b1s512+qwen2-0.5b,llama@b1s512+resnet50@b128s224,mobilenet@b16s224+vit-b16,llama@b1s512+resnet50@b64s224,gpt2+yolo@b2s640,mobilenet@b16s224+yolo@b2s640,bert@b8s128+resnet50,mobilenet@b16s224+resnet50@b64s224,llama@b1s512+yolo@b1s640,qwen2-0.5b+vit-b16,convnext-t+convnext-t,bert@b64s128+bert@b8s128,llama@b1s512+llama@b1s512,resnet50@b64s224+yolo@b2s640,qwen2-0.5b+yolo@b2s640,resnet50@b64s224+yolo@b1s640,bert@b32s128+bert@b32s128
{
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
