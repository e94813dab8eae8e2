#!/usr/bin/env bash
# H100, 2026-12-07 (ninth session): a second hold-out of model version 26, nine more pairs of the H100's calibration
# workloads that neither the calibration nor any fresh set has measured (46 were left): victims next to
# gpt2@b32s512 (llama@b1s512, resnet50@b32s224, qwen2-0.5b; the class of the repeating MPS misses), mobilenet@b16s224
# next to gpt2@b8s512, llama8b and llama-decode, small next to small (bert@b8s128 + yolo@b2s640) and long next to
# long (llama@b1s1024 and mobilenet@b64s224 beside resnet50@b128s224). Chosen from the list of unmeasured pairs before
# any prediction of them was looked at. Time slicing and MPS; solos in the same session.
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz.
# Expected about 380 s (h100-2026-12-07m.sh: 13 pairs, 552 s); a run cut short keeps the steps it finished.
# Ran in the twelfth 2026-12-07 session on an H100 (420 s): the 400 s budget stopped it before its last two MPS
# pairs (llama@b1s1024 and mobilenet@b64s224 next to resnet50@b128s224); the set has 9 time-slicing and 7 MPS
# pairs. Results: docs/accuracy.md (twelfth session).
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-07n.
GPU=h100
FRESH_NAME=fresh-2026-12-07n
BUDGET_S=${BUDGET_S:-400}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-gpt2@b32s512+llama@b1s512,gpt2@b32s512+resnet50@b32s224,gpt2@b32s512+qwen2-0.5b@b4s512,gpt2@b8s512+mobilenet@b16s224,llama8b@b1s512+mobilenet@b16s224,llama-decode@b32s1024+mobilenet@b16s224,bert@b8s128+yolo@b2s640,llama@b1s1024+resnet50@b128s224,mobilenet@b64s224+resnet50@b128s224}"
exit 0
