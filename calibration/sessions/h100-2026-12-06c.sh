#!/usr/bin/env bash
# Third H100 session of 2026-12-06, with the session's last device time: open-loop runs at combined load 0.9
# (24 s, time slicing and MPS) of two fresh pairs of the second session (fresh-2026-12-06b; their closed-loop
# co-runs are taken from there, --resume): vit-b16+llama and convnext-t+gpt2, user models the calibration never
# paired. Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
GPU=h100
FRESH_NAME=fresh-2026-12-06b
BUDGET_S=${BUDGET_S:-300}
source "$(dirname "$0")/session.sh"
{
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume --model-file models/examples/convnext_t.py \
    --model-file models/examples/vit_b16.py --pairs vit-b16+llama,convnext-t+gpt2 \
    --modes timeslice,mps --rates-load 0.9 --openloop-window 24
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -rf "$CAL"
exit 0
