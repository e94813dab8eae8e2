#!/usr/bin/env bash
# Thirteenth H200 run of 2026-12-01: kernel timelines of the MPS pairs model version 10 gets most wrong when both
# workloads are unseen that no earlier trace covers: llama8b next to bert@b64s128 (both 9-15 % too low), the
# self-pair bert@b64s128 (11 % too low), llama-decode next to mobilenet@b8s224 (15 % / 8 % too low) and
# bert@b16s128 next to yolo@b8s640 (15 % / 6 % too high). Archived as traces.tgz for the next look at the
# simulation (benchmarks/experiments/mps-dispatch/beside.py, analyse_traces.py).
# Run from the repository root on the GPU host with OUT set to an empty folder.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${OUT:?set OUT}"
mkdir -p "$OUT/traces"
{
  echo "== traces mps ($(date -u +%T))"
  timeout 420 python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode mps --pairs llama8b+bert@b64s128,bert@b64s128+bert@b64s128,llama-decode+mobilenet@b8s224,bert@b16s128+yolo@b8s640 --out "$OUT/traces"
  echo "== done ($(date -u +%T))"
} > "$OUT/log.txt" 2>&1
tar -C "$OUT" -czf "$OUT/traces.tgz" traces && rm -rf "$OUT/traces"
exit 0
