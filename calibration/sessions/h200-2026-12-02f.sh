#!/usr/bin/env bash
# Sixth H200 run of 2026-12-02: a second fresh open-loop set at high load for model version 14, of pairs no
# measurement had covered (fresh-2026-12-02d's co-runs were calibration pairs): two drawn at random among the
# pairs neither the calibration nor any fresh set had (seed 20261206, llama8b left out as before), at combined
# loads 0.6 and 0.9 over 48 s windows, time slicing and MPS, with their closed-loop co-runs.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-02f
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=${FRESH_PAIRS:-mobilenet@b8s224+qwen2-0.5b,yolo@b2s640+llama@b1s1024}
fresh_openloop "$FRESH_PAIRS" 0.6,0.9
exit 0
