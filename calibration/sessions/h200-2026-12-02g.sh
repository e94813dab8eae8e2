#!/usr/bin/env bash
# Seventh H200 run of 2026-12-02: fresh closed-loop co-runs, time slicing and MPS, of 16 pairs no measurement
# had covered, drawn at random (seed 20261207) among the unordered pairs (self-pairs and llama8b allowed) of the
# workload ids with a solo profile in calibration/h200/solo.json that no timeslice or MPS entry of
# calibration/h200/pairs.json or of any predictions/h200/{fresh,repeat}-*/pairs.json (this set's own left out)
# has: random.Random(20261207).sample(sorted((a, b) with a <= b), 16), ids written by bare name at their
# catalog or model-file default size. Measured before model version 15 is adopted; held out from modelling
# (its predictions are looked at only after that version is adopted).
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-02g
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
FRESH_PAIRS=yolo@b2s640+yolo@b2s640,bert@b64s128+qwen2-0.5b,qwen2-0.5b+resnet50,bert@b32s128+vit-b16,mobilenet@b16s224+yolo@b1s640,yolo@b2s640+yolo,resnet50+resnet50@b64s224,mobilenet@b16s224+resnet50@b128s224,convnext-t+vit-b16,convnext-t+mobilenet@b16s224,qwen2-0.5b+yolo@b1s640,bert@b32s128+mobilenet@b8s224,bert@b32s128+bert@b8s128,qwen2-0.5b+resnet50@b64s224,mobilenet@b16s224+mobilenet@b16s224,llama@b1s512+yolo
{
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
