#!/usr/bin/env bash
# H100, 2026-12-07 (fourth session), with the device time left: the H100's largest MPS misses in
# leave-one-model-out measured again with same-session solos (llama@b1s256 next to gpt2@b8s512, 11.5 % low;
# bert@b16s128 next to llama@b1s1024, 8.4 % high; bert@b16s128 next to deepseek, 7.9 % low and, in time
# slicing, deepseek's six or seven turns): do they repeat? Time slicing and MPS.
# Ran in the fourth 2026-12-07 session (157 s, cut at the budget): everything but the MPS pair of bert@b16s128 and
# deepseek is predictions/h100/fresh-2026-12-07d.
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-07d.
GPU=h100
FRESH_NAME=fresh-2026-12-07d
BUDGET_S=${BUDGET_S:-150}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-gpt2@b8s512+llama@b1s256,bert@b16s128+llama@b1s1024,bert@b16s128+deepseek@b1s512}"
exit 0
