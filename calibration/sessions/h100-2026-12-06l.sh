#!/usr/bin/env bash
# H100, 2026-12-06 (eighth session): bert@b32s128's seven calibration pairs measured again as a fresh set, with
# their solo latencies measured in the same session, plus bert@b16s128 next to deepseek. bert@b32s128 runs at
# 2.07 ms alone here, beside the 2.048 ms time slice, and is the workload the time-slice model over-predicts
# most (lomo +1.4 % on average, +6.2 % next to deepseek); bert@b16s128 next to deepseek measured 2.90x / 1.78x
# in the calibration and 2.73x / 1.90x in fresh-2026-12-06k. The set tells how far the same pair moves between
# sessions from how far the model misses it (the H100 counterpart of h200-2026-12-06l.sh). Time slicing and MPS.
# Resumable: run it again with the folder that came back copied to predictions/h100/fresh-2026-12-06l.
# Run from the repository root on an H100 host with OUT set to an empty folder; the set comes back in OUT/fresh.tgz.
# Run on 2026-12-07 (device calls of 343 s and 29 s on an H100: the budget stopped it three MPS pairs short,
# the second resumed it) -> predictions/h100/fresh-2026-12-06l.
GPU=h100
FRESH_NAME=fresh-2026-12-06l
BUDGET_S=${BUDGET_S:-330}
source "$(dirname "$0")/session.sh"
fresh_pairs "${FRESH_PAIRS:-bert@b32s128+bert@b32s128,bert@b32s128+llama8b@b1s512,bert@b32s128+deepseek@b1s512,bert@b32s128+gpt2@b8s512,bert@b32s128+llama@b1s1024,bert@b32s128+bert@b16s128,bert@b32s128+llama@b1s256,bert@b16s128+deepseek@b1s512}"
exit 0
