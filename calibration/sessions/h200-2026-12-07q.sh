#!/usr/bin/env bash
# H200, 2026-12-07 (eleventh session): a second H200 hold-out of model version 26 on workloads no GPU has
# profiled. Two catalog sizes (resnet50@b16s224, bert@b4s128: small victims, the class of the largest MPS misses)
# are measured as a user's own workload is (solo profiles, kernel profile, ncu, probe co-runs; no pairs), then fresh
# co-runs of them next to the H200's long and heavy calibration workloads (gpt2@b32s512, gpt2@b16s512, llama8b,
# deepseek, llama-decode, resnet50@b128s224) and next to each other, time slicing and MPS. Neither GPU has measured
# these pairs, so the other GPU's pair plays no part. Chosen before any prediction of them was looked at.
# Run from the repository root on an H200 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz,
# the calibration with the sizes' solo profiles in OUT/cal.tgz.
# Ran in the twelfth 2026-12-07 session, but on an H100: the device tool may run a call that names nvidia-h200 on
# an H100 (only needs_h200 forbids that), and nothing then checked the device against the folder. The runner now
# stops in one line when a folder was measured on another device (Runner.check_device). The 470 s budget ended in
# the fresh step's MPS solos. What it measured is H100 data and went there: the two sizes' profiles into
# calibration/h100 (their probe co-runs' probe-side slowdowns recomputed with the H100's probe solos, as the runner
# computes them from the folder's solos) and the 8 time-slicing pairs into predictions/h100/fresh-2026-12-07q.
# For the H200 it is still to run; call the device with needs_h200 true.
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
