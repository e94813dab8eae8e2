#!/usr/bin/env bash
# H100, thirteenth 2026-12-07 session: the MPS half of the set `fresh-2026-12-07q` on the H100. That set (the H200
# script h200-2026-12-07q.sh, run on an H100 by mistake in the twelfth session) measured its eight time-slicing
# pairs there and ran out of budget in the MPS solos. The same eight pairs under MPS: resnet50@b16s224 and
# bert@b4s128 (short victims, profiled on the H100 since then) next to long and heavy calibration workloads and
# each other. Neither GPU has measured these pairs, so the other GPU's pair plays no part: a hold-out of the H100's
# data alone. Chosen before any MPS prediction of them was looked at (the pairs are 07q's, fixed in the eleventh
# session).
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in
# OUT/fresh.tgz. Expected about 300 s (MPS solos of nine workloads, eight pairs).
# Resumable: run it again with the fresh folder that came back copied into predictions/h100/fresh-2026-12-07q.
GPU=h100
FRESH_NAME=fresh-2026-12-07q
BUDGET_S=${BUDGET_S:-420}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=${FRESH_PAIRS:-resnet50@b16s224+gpt2@b32s512,resnet50@b16s224+llama8b@b1s512,resnet50@b16s224+deepseek@b1s512,resnet50@b16s224+llama-decode@b32s1024,bert@b4s128+gpt2@b16s512,bert@b4s128+llama8b@b1s512,bert@b4s128+resnet50@b128s224,bert@b4s128+resnet50@b16s224}
fresh_pairs "$FRESH_PAIRS"
exit 0
