#!/usr/bin/env bash
# H200, 2026-12-07 (seventh session): the first H200 hold-out of model version 25, now of version 26. Every pair
# of the H200's 24 calibrated workloads has been measured already (calibration or fresh sets), so, as on the H100 in the fifth 2026-12-07
# session (h100-2026-12-07e.sh), three catalog sizes the H200 never profiled are measured as a user's own workload
# is (solo profiles, kernel profile, ncu, probe co-runs; no pairs), then fresh co-runs of them with the H200's
# calibration workloads and with each other, time slicing and MPS. Chosen to include small victims next to gpt2
# (yolo@b1s640, mobilenet@b8s224: the H200's MPS lomo has them 7-11 % low next to gpt2@b32s512) and long
# neighbours (deepseek, llama8b, resnet50@b128s224).
# Run from the repository root on an H200 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz,
# the calibration with the sizes' solo profiles in OUT/cal.tgz.
# Run in the tenth 2026-12-07 session, after three sessions without an H200: two calls, 439 s (the sizes' profiles
# and 12 of the 66 fresh steps) and 392 s (the rest), the calibration copied back between them.
# Resumable: run it again with the calibration that came back copied into calibration/h200 and the fresh folder
# into predictions/h200/fresh-2026-12-07k.
GPU=h200
FRESH_NAME=fresh-2026-12-07k
BUDGET_S=${BUDGET_S:-450}
source "$(dirname "$0")/session.sh"
SIZES=gpt2@b16s512,yolo@b4s640,llama@b2s512
FRESH_PAIRS=${FRESH_PAIRS:-gpt2@b16s512+yolo@b1s640,gpt2@b16s512+mobilenet@b8s224,gpt2@b16s512+deepseek@b1s512,yolo@b4s640+llama8b@b1s512,yolo@b4s640+resnet50@b128s224,yolo@b4s640+llama-decode@b32s1024,llama@b2s512+bert@b64s128,llama@b2s512+gpt2@b32s512,llama@b2s512+mobilenet@b64s224,gpt2@b16s512+llama@b2s512,yolo@b4s640+gpt2@b16s512}
unseen_sizes "$SIZES" "$FRESH_PAIRS"
pack_cal
exit 0
