#!/usr/bin/env bash
# Second H200 run of 2026-12-03: kernel timelines of the MPS pairs model version 15 gets most wrong, all next to
# deepseek since its sort-based dispatch (no earlier trace has that deepseek): yolo@b1s640 (predicted 20 % high),
# bert@b16s128 (12 % low), llama@b1s256 (12 % high), mobilenet@b8s224 (10 % high), and resnet50@b32s224 as a
# well-predicted control (1 %). Archived as traces.tgz (benchmarks/experiments/mps-dispatch/, tenth round).
# Run from the repository root on the GPU host with OUT set to an empty folder.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${OUT:?set OUT}"
mkdir -p "$OUT/traces"
{
  echo "== traces mps ($(date -u +%T))"
  timeout "${BUDGET_S:-540}" python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode mps --trace 0.2 \
    --pairs yolo@b1s640+deepseek,bert@b16s128+deepseek,llama@b1s256+deepseek,mobilenet@b8s224+deepseek,resnet50@b32s224+deepseek \
    --out "$OUT/traces"
  echo "== done ($(date -u +%T))"
} > "$OUT/log.txt" 2>&1
tar -C "$OUT" -czf "$OUT/traces.tgz" traces && rm -rf "$OUT/traces"
exit 0
