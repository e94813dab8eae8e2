#!/usr/bin/env bash
# H100, 2026-12-07 (eighth session): a hold-out for the two-way residual effects (model version 26), thirteen
# pairs of the H100's calibration workloads that neither the calibration nor any fresh set has measured (60 such
# pairs were left): small victims next to gpt2@b32s512 (mobilenet@b16s224, yolo@b2s640; the class of the repeating
# MPS misses), gpt2@b32s512 next to the long ones (llama8b, deepseek, llama@b1s1024, bert@b32s128), small next to
# long (bert@b8s128 beside deepseek and llama-decode, llama@b1s512 beside resnet50@b128s224), and sizes never paired
# (qwen2-0.5b beside mobilenet@b64s224, convnext-t beside resnet50@b128s224, llama8b beside llama@b1s512). Chosen
# before the model's fresh figures were looked at. Time slicing and MPS; solos in the same session.
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz.
# Expected about 540 s (as h100-2026-12-07g.sh: 78 steps); a run cut short keeps the steps it finished.
# Ran in the eighth 2026-12-07 session, after version 26 was fixed and committed, before its predictions of the set
# were looked at: 552 s, 75 of 78 steps (the budget ran out); the last three MPS pairs (bert@b32s128 and deepseek
# next to gpt2@b32s512, llama8b next to llama@b1s512) in a second call with BUDGET_S=150 (36 s, a fresh machine
# start four minutes later, against the first call's MPS solo latencies): predictions/h100/fresh-2026-12-07m (log.txt,
# log-resume.txt).
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-07m.
GPU=h100
FRESH_NAME=fresh-2026-12-07m
BUDGET_S=${BUDGET_S:-530}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-gpt2@b32s512+mobilenet@b16s224,gpt2@b32s512+yolo@b2s640,bert@b8s128+deepseek@b1s512,llama@b1s512+resnet50@b128s224,gpt2@b32s512+llama8b@b1s512,bert@b8s128+llama-decode@b32s1024,mobilenet@b64s224+qwen2-0.5b@b4s512,convnext-t@b32s224+resnet50@b128s224,gpt2@b32s512+llama@b1s1024,mobilenet@b16s224+resnet50@b32s224,bert@b32s128+gpt2@b32s512,llama8b@b1s512+llama@b1s512,deepseek@b1s512+gpt2@b32s512}"
exit 0
