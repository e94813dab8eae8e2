#!/usr/bin/env bash
# Ninth H200 run of 2026-12-02: fresh closed-loop co-runs, time slicing and MPS, of 16 more pairs no measurement
# had covered, drawn at random (seed 20261209) among the unordered pairs (self-pairs and llama8b allowed) of the
# workload ids with a solo profile in calibration/h200/solo.json that no timeslice or MPS entry of
# calibration/h200/pairs.json or of any predictions/h200/{fresh,repeat}-*/pairs.json (this set's own left out;
# fresh-2026-12-02g and fresh-2026-12-02h included) has: random.Random(20261209).sample(sorted((a, b) with
# a <= b), 16) of the 44 left, ids written by bare name at their catalog or model-file default size. Held out
# for model version 14 (its predictions are looked at only after it is measured).
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-02i
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
FRESH_PAIRS=gpt2+mobilenet@b16s224,llama@b1s512+mobilenet@b8s224,llama@b1s512+resnet50,mobilenet+resnet50@b64s224,gpt2+llama@b1s512,llama+mobilenet@b16s224,bert@b32s128+gpt2@b32s512,convnext-t+yolo@b2s640,convnext-t+gpt2,mobilenet+yolo@b2s640,convnext-t+resnet50@b128s224,mobilenet@b8s224+resnet50@b64s224,bert@b8s128+yolo@b1s640,bert@b8s128+gpt2@b32s512,llama@b1s512+vit-b16,bert@b64s128+llama@b1s512
{
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
