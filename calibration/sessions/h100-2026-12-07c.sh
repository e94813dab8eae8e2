#!/usr/bin/env bash
# H100, 2026-12-07 (fourth session), on the machine warm after h100-2026-12-07b.sh: open-loop runs at combined load
# 0.9 of two pairs never run open loop on the H100 (time slicing and MPS, 40 s windows, with their closed-loop
# pairs and same-session solos), to add to the 24 fresh p99 values at 0.9 (9.8 % against the 10 % target).
# Ran in the fourth 2026-12-07 session on the warm machine, twice (262 s each): the pairs above, then again with
# FRESH_PAIRS=bert@b32s128+yolo@b8s640,qwen2-0.5b@b4s512+llama-decode@b32s1024 BUDGET_S=300 (the first run's results
# copied in first): predictions/h100/fresh-2026-12-07c holds both (logs log-1.txt, log-2.txt).
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-07c.
GPU=h100
FRESH_NAME=fresh-2026-12-07c
BUDGET_S=${BUDGET_S:-330}
source "$(dirname "$0")/session.sh"
fresh_openloop "${FRESH_PAIRS:-llama@b1s256+resnet50@b64s224,gpt2@b8s512+mobilenet@b64s224}" 0.9 timeslice,mps "${WINDOW_S:-40}"
exit 0
