#!/usr/bin/env bash
# H200, 2026-12-06 (third session), the same check as h100-2026-12-06d.sh where no H100 could be started: a fresh
# set measured after the session-solo check was fixed (docs/accuracy.md, "The host between sessions"). Every pair
# of the H200's 24 workloads has been measured already (calibration or fresh sets), so these 12 are drawn at
# random (python random.Random(20261206).sample over the 276 pairs of distinct workloads) and measured again in
# this session: time slicing and MPS, fresh processes, fresh solo baselines (predictions/h200/fresh-2026-12-06).
# `coloc validate --measured` predicts them from a fit that excluded them, with the calibration's solo latencies
# and with this session's. Run from the repository root on the GPU host with OUT set to an empty folder;
# resumable. The fresh set comes back in OUT/fresh.tgz.
# What happened: the device tool lent an H100 for this script's one run (13:26 UTC, its nvidia-h200 kind may run on
# either card), and the 420 s budget ended in the MPS solo baselines: 12 time-slicing pairs and the solo baselines
# were measured on the H100. They are kept as predictions/h100/fresh-2026-12-06e (meta.json gpu.name relabelled
# h100 from the script's h200; its deviceName says the card); five of the pairs have only workloads the H100
# calibration profiled, and those are what the H100 validation predicts.
GPU=h200
FRESH_NAME=fresh-2026-12-06
BUDGET_S=${BUDGET_S:-420}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-bert@b32s128+mobilenet@b64s224,gpt2@b32s512+yolo@b2s640,llama-decode@b32s1024+mobilenet@b8s224,llama8b@b1s512+resnet50@b128s224,llama@b1s256+llama@b1s512,gpt2@b32s512+llama8b@b1s512,bert@b16s128+llama@b1s512,mobilenet@b64s224+qwen2-0.5b@b4s512,llama-decode@b32s1024+llama@b1s1024,bert@b32s128+llama8b@b1s512,mobilenet@b64s224+yolo@b2s640,resnet50@b128s224+resnet50@b32s224}"
exit 0
