#!/usr/bin/env bash
# Eleventh H200 run of 2026-12-01: kernel timelines of the MPS pairs model version 9 gets most wrong when both
# workloads are unseen: deepseek next to llama-decode (deepseek 21 % too low, llama-decode 24 % too high),
# mobilenet@b8s224 next to bert@b64s128 (14 % too low), llama@b1s256 next to bert@b64s128 (17 % too low) and
# gpt2@b8s512 next to resnet50@b128s224 (17 % too high). Archived as traces.tgz for the next look at the
# simulation (benchmarks/experiments/mps-dispatch/beside.py, analyse_traces.py).
# Run from the repository root on the GPU host with OUT set to an empty folder.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${OUT:?set OUT}"
mkdir -p "$OUT/traces"
{
  echo "== traces mps ($(date -u +%T))"
  timeout 420 python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode mps --pairs deepseek+llama-decode,mobilenet@b8s224+bert@b64s128,llama@b1s256+bert@b64s128,gpt2@b8s512+resnet50@b128s224 --out "$OUT/traces"
  echo "== done ($(date -u +%T))"
} > "$OUT/log.txt" 2>&1
tar -C "$OUT" -czf "$OUT/traces.tgz" traces && rm -rf "$OUT/traces"
exit 0
