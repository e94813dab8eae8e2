#!/usr/bin/env bash
# Ninth H200 run of 2026-12-01: kernel timelines of deepseek next to two neighbours whose slowdown of deepseek
# model version 8 over-predicts by ~30 % when deepseek is unseen (llama@b1s1024, gpt2@b8s512): is its one-block
# scan slowed on the GPU, as the simulation slows every newer kernel? Archived as traces.tgz.
# Run from the repository root on the GPU host with OUT set to an empty folder.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${OUT:?set OUT}"
mkdir -p "$OUT/traces"
{
  echo "== traces mps ($(date -u +%T))"
  timeout 200 python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode mps --pairs deepseek+llama,deepseek+gpt2 --out "$OUT/traces"
  echo "== done ($(date -u +%T))"
} > "$OUT/log.txt" 2>&1
tar -C "$OUT" -czf "$OUT/traces.tgz" traces && rm -rf "$OUT/traces"
exit 0
