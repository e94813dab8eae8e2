#!/usr/bin/env bash
# H200, 2026-12-07 (eleventh session): a second H200 hold-out of model version 26 on workloads no GPU has
# profiled. Two catalog sizes (resnet50@b16s224, bert@b4s128: small victims, the class of the largest MPS misses)
# are measured as a user's own workload is (solo profiles, kernel profile, ncu, probe co-runs; no pairs), then fresh
# co-runs of them next to the H200's long and heavy calibration workloads (gpt2@b32s512, gpt2@b16s512, llama8b,
# deepseek, llama-decode, resnet50@b128s224) and next to each other, time slicing and MPS. Neither GPU has measured
# these pairs, so the other GPU's pair plays no part. Chosen before any prediction of them was looked at.
# Run from the repository root on an H200 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz,
# the calibration with the sizes' solo profiles in OUT/cal.tgz.
# Not run yet: written in the eleventh 2026-12-07 session, whose calls could start no machine (a dry run with
# SESSION_EXTRA="--backend sim" went through).
# Resumable: run it again with the calibration that came back copied into calibration/h200 and the fresh folder
# into predictions/h200/fresh-2026-12-07q.
GPU=h200
FRESH_NAME=fresh-2026-12-07q
BUDGET_S=${BUDGET_S:-500}
source "$(dirname "$0")/session.sh"
SIZES=resnet50@b16s224,bert@b4s128
FRESH_PAIRS=${FRESH_PAIRS:-resnet50@b16s224+gpt2@b32s512,resnet50@b16s224+llama8b@b1s512,resnet50@b16s224+deepseek@b1s512,resnet50@b16s224+llama-decode@b32s1024,bert@b4s128+gpt2@b16s512,bert@b4s128+llama8b@b1s512,bert@b4s128+resnet50@b128s224,bert@b4s128+resnet50@b16s224}
unseen_sizes "$SIZES" "$FRESH_PAIRS"
pack_cal
exit 0
