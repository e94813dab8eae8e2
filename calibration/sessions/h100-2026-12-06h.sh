#!/usr/bin/env bash
# H100, 2026-12-06 (fifth session): a hold-out for model version 19. Its choices (the 2.1 ms time-slice prior,
# the bulk spread of closed-loop clients) were made looking at every H100 pair measured so far, so the fresh sets
# before it are not clean tests of it. These 42 pairs were never measured on the H100 (neither calibration nor a
# fresh set): the near-slice bert@b32s128 next to three more neighbours, the profiled-only workloads (convnext-t,
# qwen2-0.5b, vit-b16, resnet50@b64s224, yolo@b2s640) next to the long-request ones and each other, and four self-pairs; time
# slicing and MPS, with the session's own solo baselines. Run from the repository root on an H100 host with OUT
# set to an empty folder; resumable; the set comes back in OUT/fresh.tgz (predictions/h100/fresh-2026-12-06h).
# Run (16:50 UTC, one H100): the first 14 pairs in two calls (540 s, stopped at the budget in the MPS solo
# profiles, and 120 s resumed), then 14 more of the never-measured pairs into the same folder (166 s, FRESH_PAIRS
# set to the second half of the list below; their solo baselines were the session's already). Model version 19
# as committed, before any change: time slicing 1.55 % (max 5.4 %), MPS 2.27 % (max 7.7 %) over 56 values each.
# A fourth call (17:07 UTC, 291 s) measured the last 14 (the third part of the list; with them every pair of the
# H100's 16 workloads has been measured once, in the calibration or a fresh set).
GPU=h100
FRESH_NAME=fresh-2026-12-06h
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-bert@b32s128+convnext-t@b32s224,bert@b32s128+qwen2-0.5b@b4s512,bert@b32s128+resnet50@b64s224,convnext-t@b32s224+deepseek@b1s512,convnext-t@b32s224+llama8b@b1s512,deepseek@b1s512+qwen2-0.5b@b4s512,deepseek@b1s512+yolo@b2s640,gpt2@b8s512+yolo@b2s640,llama8b@b1s512+vit-b16@b32s224,llama@b1s1024+yolo@b2s640,llama@b1s256+llama@b1s256,qwen2-0.5b@b4s512+resnet50@b64s224,resnet50@b64s224+yolo@b8s640,vit-b16@b32s224+vit-b16@b32s224,bert@b32s128+yolo@b8s640,convnext-t@b32s224+convnext-t@b32s224,convnext-t@b32s224+llama@b1s1024,convnext-t@b32s224+yolo@b2s640,deepseek@b1s512+resnet50@b64s224,deepseek@b1s512+vit-b16@b32s224,gpt2@b8s512+qwen2-0.5b@b4s512,llama8b@b1s512+qwen2-0.5b@b4s512,llama8b@b1s512+yolo@b2s640,llama@b1s1024+resnet50@b64s224,qwen2-0.5b@b4s512+vit-b16@b32s224,resnet50@b64s224+resnet50@b64s224,vit-b16@b32s224+yolo@b2s640,yolo@b2s640+yolo@b8s640,bert@b32s128+resnet50@b32s224,convnext-t@b32s224+resnet50@b32s224,convnext-t@b32s224+resnet50@b64s224,convnext-t@b32s224+yolo@b8s640,llama-decode@b32s1024+qwen2-0.5b@b4s512,llama-decode@b32s1024+vit-b16@b32s224,llama8b@b1s512+resnet50@b64s224,mobilenet@b64s224+vit-b16@b32s224,qwen2-0.5b@b4s512+qwen2-0.5b@b4s512,qwen2-0.5b@b4s512+yolo@b2s640,resnet50@b32s224+resnet50@b64s224,resnet50@b64s224+vit-b16@b32s224,resnet50@b64s224+yolo@b2s640,yolo@b2s640+yolo@b2s640}"
exit 0
