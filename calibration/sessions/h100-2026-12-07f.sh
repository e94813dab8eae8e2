#!/usr/bin/env bash
# H100, 2026-12-07 (fifth session), after h100-2026-12-07e.sh: two more catalog sizes the H100 never profiled (the
# H200 has them), measured as a user's own workload is (solo profiles, kernel profile, ncu; no pairs), then fresh
# co-runs of them with the H100's calibration workloads and with each other, time slicing and MPS: a hold-out of
# model version 24 on workloads the H100's fit never saw, and two more workloads for the transfer check.
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz,
# the calibration with the sizes' solo profiles in OUT/cal.tgz.
# Ran in the fifth 2026-12-07 session on an H100 (after three calls for an H200 got one), once, 461 s: complete
# (log.txt beside the set); the calibration that came back is in calibration/h100.
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-07f.
GPU=h100
FRESH_NAME=fresh-2026-12-07f
BUDGET_S=${BUDGET_S:-480}
source "$(dirname "$0")/session.sh"
SIZES=llama@b1s512,mobilenet@b16s224
FRESH_PAIRS=${FRESH_PAIRS:-llama@b1s512+gpt2@b8s512,llama@b1s512+resnet50@b64s224,llama@b1s512+deepseek@b1s512,mobilenet@b16s224+llama@b1s1024,mobilenet@b16s224+bert@b32s128,mobilenet@b16s224+llama@b1s512}
unseen_sizes "$SIZES" "$FRESH_PAIRS"
pack_cal
exit 0
