#!/usr/bin/env bash
# Fourth H200 run of 2026-12-01: two more size variants for the calibration's pairs, at both ends of the kernel
# lengths: yolo at batch 1 (tiny, launch-bound kernels, like mobilenet@b8s224, so a cross-validation fold
# without mobilenet's variant still has one) and gpt2 at batch 32 (long GEMMs, like the user model vit-b16).
# Each alone (solo, kernel profile, ncu) and paired with every calibrated workload and itself, time slicing
# then MPS. Run from the repository root with OUT set to an empty folder; resumable like the others.
FRESH_NAME=fresh-2026-12-01d
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
ALL=bert,deepseek,gpt2,llama,llama8b,llama-decode,mobilenet,resnet50,yolo,bert@b64s128,resnet50@b128s224,llama@b1s256,mobilenet@b8s224,yolo@b1s640,gpt2@b32s512
{
  step new-timeslice calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$ALL" --modes timeslice
  step new-mps calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$ALL" --modes mps --no-ncu
} > "$OUT/log.txt" 2>&1
rm -rf "$FRESH"
rm -f "$CAL/model.json" "$CAL/openloop.json"
exit 0
