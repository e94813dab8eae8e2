#!/usr/bin/env bash
# H100, 2026-12-07 (fifth session): three catalog sizes the H100 never profiled (the H200 has them), measured as a
# user's own workload is (solo profiles, kernel profile, ncu; no pairs), then fresh co-runs of them with the H100's
# calibration workloads and with each other, time slicing and MPS: a hold-out of model version 24 on workloads the
# H100's fit never saw, and three more workloads for the transfer check between the two Hoppers.
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz,
# the calibration with the sizes' solo profiles in OUT/cal.tgz.
# Ran in the fifth 2026-12-07 session on an H100 (a call for an H200), twice: 441 s (the sizes, then 13 solos of
# the fresh set before the budget), then 336 s with the calibration that came back copied into calibration/h100 and
# the first run's fresh folder into predictions/h100/fresh-2026-12-07e (logs log-1.txt, log-2.txt).
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-07e.
GPU=h100
FRESH_NAME=fresh-2026-12-07e
BUDGET_S=${BUDGET_S:-420}
source "$(dirname "$0")/session.sh"
SIZES=gpt2@b32s512,resnet50@b128s224,bert@b8s128
FRESH_PAIRS=${FRESH_PAIRS:-gpt2@b32s512+bert@b16s128,gpt2@b32s512+llama@b1s256,gpt2@b32s512+mobilenet@b64s224,resnet50@b128s224+llama-decode@b32s1024,resnet50@b128s224+deepseek@b1s512,resnet50@b128s224+yolo@b2s640,bert@b8s128+llama@b1s1024,bert@b8s128+gpt2@b8s512,bert@b8s128+resnet50@b32s224,gpt2@b32s512+bert@b8s128}
unseen_sizes "$SIZES" "$FRESH_PAIRS"
pack_cal
exit 0
