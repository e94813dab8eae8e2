#!/usr/bin/env bash
# H100, 2026-12-06 (fifth session): a hold-out for model version 19. Its choices (the 2.1 ms time-slice prior,
# the bulk spread of closed-loop clients) were made looking at every H100 pair measured so far, so the fresh sets
# before it are not clean tests of it. These 14 pairs were never measured on the H100 (neither calibration nor a
# fresh set): the near-slice bert@b32s128 next to three more neighbours, the profiled-only workloads (convnext-t,
# qwen2-0.5b, vit-b16, resnet50@b64s224, yolo@b2s640) next to the long-request ones, and two self-pairs; time
# slicing and MPS, with the session's own solo baselines. Run from the repository root on an H100 host with OUT
# set to an empty folder; resumable; the set comes back in OUT/fresh.tgz (predictions/h100/fresh-2026-12-06h).
GPU=h100
FRESH_NAME=fresh-2026-12-06h
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-bert@b32s128+convnext-t@b32s224,bert@b32s128+qwen2-0.5b@b4s512,bert@b32s128+resnet50@b64s224,convnext-t@b32s224+deepseek@b1s512,convnext-t@b32s224+llama8b@b1s512,deepseek@b1s512+qwen2-0.5b@b4s512,deepseek@b1s512+yolo@b2s640,gpt2@b8s512+yolo@b2s640,llama8b@b1s512+vit-b16@b32s224,llama@b1s1024+yolo@b2s640,llama@b1s256+llama@b1s256,qwen2-0.5b@b4s512+resnet50@b64s224,resnet50@b64s224+yolo@b8s640,vit-b16@b32s224+vit-b16@b32s224}"
exit 0
