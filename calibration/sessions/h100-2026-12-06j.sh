#!/usr/bin/env bash
# H100, 2026-12-06 (sixth session): open loop between the H100's two measured loads. The calibration's open-loop
# runs are at combined loads 0.3 and 0.9 only (and fresh-2026-12-06b's at 0.9), so nothing says where between them
# the p99 stops being predictable: at 0.9 the time-slicing pairs run at 94-99 % of their closed-loop capacity and
# a 1 % slowdown error moves the p99 by 3-17 %. Four pairs no open-loop run has covered (drawn with
# random.Random(20261206) from the pairs of the H100's 16 workloads, no workload twice), closed loop and open loop
# at loads 0.6 and 0.8, time slicing and MPS, 40 s windows (one repeats to 2.3 % at 0.9: h100-2026-12-06i.sh).
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-06j.
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz.
GPU=h100
FRESH_NAME=fresh-2026-12-06j
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
fresh_openloop "${FRESH_PAIRS:-llama8b@b1s512+resnet50@b64s224,resnet50@b32s224+yolo@b2s640,bert@b16s128+qwen2-0.5b@b4s512,mobilenet@b64s224+vit-b16@b32s224}" \
  0.6,0.8 timeslice,mps 40
exit 0
