#!/usr/bin/env bash
# H100, 2026-12-07 (sixth session): model version 25's first hold-out, thirteen pairs: twelve of the H100's
# calibration workloads that neither the calibration nor any fresh set has measured, and llama@b1s256 next to
# gpt2@b32s512 again (version 24's largest MPS miss in fresh-2026-12-07e, 17.3 %: does it repeat across sessions?).
# Chosen to cover small victims next to long-kernel neighbours (bert@b8s128 beside llama8b and resnet50@b128s224,
# mobilenet@b16s224 beside deepseek) and the new sizes against each other. Time slicing and MPS; solos in the same session.
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz.
# Not run in the session that wrote it (2026-12-07, sixth: no machine). Ran in the seventh 2026-12-07 session, 539 s,
# all 78 steps: predictions/h100/fresh-2026-12-07g. A second call minutes later, meant for an H200, was given the
# same warm H100 and ran the script again from a tree without that folder: predictions/h100/fresh-2026-12-07h, the
# same thirteen pairs measured a second time (528 s).
# Expected about 520 s (78 steps, timed as in fresh-2026-12-07d's log: about 7 s a solo, 3.5 s a pair, 30 s to
# start a mode); a run cut short keeps the steps it finished.
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-07g.
GPU=h100
FRESH_NAME=fresh-2026-12-07g
BUDGET_S=${BUDGET_S:-540}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-llama@b1s256+gpt2@b32s512,bert@b8s128+llama8b@b1s512,bert@b8s128+resnet50@b128s224,mobilenet@b16s224+deepseek@b1s512,gpt2@b32s512+llama-decode@b32s1024,llama8b@b1s512+resnet50@b128s224,mobilenet@b16s224+qwen2-0.5b@b4s512,llama@b1s512+vit-b16@b32s224,gpt2@b32s512+yolo@b8s640,resnet50@b128s224+vit-b16@b32s224,convnext-t@b32s224+gpt2@b32s512,bert@b32s128+llama@b1s512,mobilenet@b16s224+yolo@b2s640}"
exit 0
