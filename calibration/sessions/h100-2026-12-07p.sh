#!/usr/bin/env bash
# H100, 2026-12-07 (eleventh session): the two catalog sizes behind the H200's largest MPS misses in
# leave-one-model-out (mobilenet@b8s224 next to llama8b, 11.7 %; yolo@b1s640 next to deepseek, 10.8 %), which the
# H100 never profiled, measured as a user's own workload is (solo profiles, kernel profile, ncu; no pairs), then
# fresh co-runs of them next to the H100's calibration workloads and each other, time slicing and MPS. Every pair
# here was measured on the H200 (calibration pairs), so the set checks, on fresh data, the other GPU's pair
# (src/predictor/othergpu.ts) for workloads the H100's fit never saw, and whether those two misses repeat here.
# Chosen from the H200's list of pairs before any H100 prediction of them was looked at.
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz,
# the calibration with the sizes' solo profiles in OUT/cal.tgz.
# Ran in the twelfth 2026-12-07 session on an H100 (528 s), complete. Results: docs/accuracy.md (twelfth session).
# Resumable: run it again with the calibration that came back copied into calibration/h100 and the fresh folder
# into predictions/h100/fresh-2026-12-07p.
GPU=h100
FRESH_NAME=fresh-2026-12-07p
BUDGET_S=${BUDGET_S:-520}
source "$(dirname "$0")/session.sh"
SIZES=mobilenet@b8s224,yolo@b1s640
FRESH_PAIRS=${FRESH_PAIRS:-llama8b@b1s512+mobilenet@b8s224,deepseek@b1s512+yolo@b1s640,mobilenet@b8s224+gpt2@b32s512,yolo@b1s640+gpt2@b32s512,llama-decode@b32s1024+mobilenet@b8s224,resnet50@b128s224+yolo@b1s640,mobilenet@b8s224+yolo@b1s640}
unseen_sizes "$SIZES" "$FRESH_PAIRS"
pack_cal
exit 0
