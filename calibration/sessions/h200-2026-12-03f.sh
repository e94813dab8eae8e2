#!/usr/bin/env bash
# Second H200 run of the fourth session of 2026-12-03: do open-loop runs get a higher clock than their
# closed-loop co-runs? Fed each pair's measured closed-loop slowdowns, the MPS open-loop simulation over-predicts
# the fresh pairs whose closed-loop co-run was held at the power limit (SM clock 1666-1930 MHz) by 8.7 % (p50,
# load 0.7-0.9, 16 values) and the others by -0.1 % (14 values). The runner now records NVML's clock, power and
# power-capped share over each open-loop window (openloop.json `gpm`). Four MPS pairs at combined load 0.3 and
# 0.9 over 48 s, with their closed-loop co-runs: three power-capped ones the open-loop runs over-predicted
# (bert@b32s128+bert@b64s128, bert@b16s128+bert@b64s128, fresh-2026-12-03d; deepseek+mobilenet@b64s224, the
# calibration) and one that runs unthrottled (llama@b1s512+qwen2-0.5b, fresh-2026-12-03d). Not held out: these
# pairs' load-0.9 runs were looked at; load 0.3 is new for the first two and the fourth.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-03f
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=${FRESH_PAIRS:-bert@b32s128+bert@b64s128,bert@b16s128+bert@b64s128,deepseek@b1s512+mobilenet@b64s224,llama@b1s512+qwen2-0.5b}
fresh_openloop "$FRESH_PAIRS" 0.3,0.9 mps
exit 0
