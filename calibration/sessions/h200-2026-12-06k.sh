#!/usr/bin/env bash
# H200, 2026-12-06 (seventh session): the H200 counterpart of h100-2026-12-06k.sh, open loop at load 0.9 on pairs no
# open-loop run has covered (the H200's leave-one-model-out p99 misses the 10 % at 0.9 in MPS: 12.8 %). Four pairs
# drawn with random.Random(202612062) from the pairs of the H200's 24 workloads without an open-loop run, no
# workload twice; closed loop and open loop at load 0.9, time slicing and MPS, 40 s windows.
# Resumable: run it again with the folder that came back copied to predictions/h200/fresh-2026-12-06k.
# Run from the repository root on an H200 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz.
GPU=h200
FRESH_NAME=fresh-2026-12-06k
BUDGET_S=${BUDGET_S:-420}
source "$(dirname "$0")/session.sh"
fresh_openloop "${FRESH_PAIRS:-gpt2@b8s512+llama@b1s512,gpt2@b32s512+mobilenet@b64s224,bert@b16s128+resnet50@b64s224,bert@b64s128+yolo@b8s640}" \
  0.9 timeslice,mps 40
exit 0
