#!/usr/bin/env bash
# Sixth H200 run of 2026-12-01: kernel timelines of the MPS pairs the per-resource dispatch simulation gets
# most wrong (benchmarks/experiments/mps-dispatch/corun_trace.py): neighbours of gpt2@b32s512 (its persistent
# one-wave GEMMs and 23-wave element-wise kernels; the simulation predicts twice the measured slowdown) and of
# deepseek and llama-decode (predicted 20-40 % too low), and one of them as CUDA streams. Archived as traces.tgz.
# Run from the repository root on the GPU host with OUT set to an empty folder.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${OUT:?set OUT}"
TRACE_MPS=mobilenet@b8s224+gpt2@b32s512,yolo@b1s640+gpt2@b32s512,llama@b1s256+gpt2@b32s512,bert@b16s128+gpt2@b32s512,yolo@b1s640+deepseek,yolo@b1s640+llama-decode
TRACE_STREAMS=mobilenet@b8s224+gpt2@b32s512
mkdir -p "$OUT/traces"
{
  echo "== traces mps ($(date -u +%T))"
  timeout 300 python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode mps --pairs "$TRACE_MPS" --out "$OUT/traces"
  echo "== traces streams ($(date -u +%T))"
  timeout 90 python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode streams --pairs "$TRACE_STREAMS" --out "$OUT/traces"
  echo "== done ($(date -u +%T))"
} > "$OUT/log.txt" 2>&1
tar -C "$OUT" -czf "$OUT/traces.tgz" traces && rm -rf "$OUT/traces"
exit 0
