#!/usr/bin/env bash
# Fourth H100 session of 2026-12-06: a fresh set measured after the session-solo check was fixed (docs/accuracy.md,
# "The host between sessions"): 12 pairs the H100 never measured, of the six workloads that have only solo profiles
# and probe co-runs with catalog models and with each other, time slicing and MPS, in fresh processes with fresh
# solo baselines (predictions/h100/fresh-2026-12-06d). `coloc validate --measured` predicts them from the
# calibration's solo profiles and, beside that, from this session's solo latencies. Run from the repository root
# on the GPU host with OUT set to an empty folder; resumable. The fresh set comes back in OUT/fresh.tgz.
# Not run yet: in the session that wrote it no H100 could be started (the one run the device tool gave went to
# h200-2026-12-06.sh, on an H100: predictions/h100/fresh-2026-12-06e). Measured in the next session as the second
# part of h100-2026-12-06f.sh.
GPU=h100
FRESH_NAME=fresh-2026-12-06d
BUDGET_S=${BUDGET_S:-420}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-vit-b16+gpt2,vit-b16+resnet50,convnext-t+bert,convnext-t+mobilenet,qwen2-0.5b+llama,qwen2-0.5b+yolo,bert@b32s128+llama-decode,resnet50@b64s224+mobilenet,yolo@b2s640+llama-decode,yolo@b2s640+mobilenet,bert@b32s128+vit-b16,qwen2-0.5b+convnext-t}"
exit 0
