#!/usr/bin/env bash
# Fifth H200 run of 2026-12-02: how far a calibration MPS co-run moves when measured again in another session,
# the floor under the MPS accuracy figures. Fourteen calibration MPS pairs measured again as fresh co-runs: the
# six with the largest leave-one-model-out errors (model versions 13 and 14, the same closed loop; next to deepseek and llama8b, and
# bert@b16s128 next to yolo@b8s640) and eight drawn at random from the other 132 (seed 20261205). The folder is
# named repeat-, not fresh-: these pairs are in the calibration, so they are not pooled with the fresh sets.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=repeat-2026-12-02e
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
WORST=llama-decode@b32s1024+deepseek@b1s512,llama@b1s256+deepseek@b1s512,bert@b16s128+deepseek@b1s512,bert@b16s128+yolo@b8s640,mobilenet@b8s224+llama8b@b1s512,bert@b64s128+llama8b@b1s512
RANDOM8=bert@b16s128+llama8b@b1s512,bert@b64s128+gpt2@b32s512,bert@b16s128+mobilenet@b64s224,bert@b16s128+llama-decode@b32s1024,resnet50@b32s224+gpt2@b32s512,gpt2@b32s512+gpt2@b32s512,deepseek@b1s512+resnet50@b128s224,llama8b@b1s512+llama8b@b1s512
{
  step repeat measure "${COMMON[@]}" --out "$FRESH" --resume --pairs "${PAIRS:-$WORST,$RANDOM8}" --modes mps
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
