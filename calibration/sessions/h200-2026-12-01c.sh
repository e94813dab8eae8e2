#!/usr/bin/env bash
# Third H200 run of 2026-12-01, in order of priority:
#   1. kernel timelines of six MPS pairs the dispatch simulation gets most wrong, and two of them as CUDA
#      streams (benchmarks/experiments/mps-dispatch/corun_trace.py; archived as traces.tgz);
#   2. the MPS fresh co-runs of fresh-2026-12-01b that the previous run had no time for (resumed);
#   3. streams pairs of the four size variants with the eight streams workloads and each other.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable like the others
# (the traces are taken again only when TRACES=1).
FRESH_NAME=fresh-2026-12-01b
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=bert@b32s128+llama,bert@b32s128+mobilenet,bert@b32s128+deepseek,resnet50@b64s224+gpt2,resnet50@b64s224+llama-decode,resnet50@b64s224+yolo,yolo@b2s640+bert,yolo@b2s640+llama8b,yolo@b2s640+resnet50,bert@b32s128+yolo@b2s640
STREAMS=bert,deepseek,gpt2,llama,llama-decode,mobilenet,resnet50,yolo
VARIANTS=bert@b64s128,resnet50@b128s224,llama@b1s256,mobilenet@b8s224
TRACE_MPS=mobilenet@b8s224+resnet50@b128s224,mobilenet@b8s224+deepseek,llama-decode+deepseek,llama-decode+mobilenet@b8s224,bert@b64s128+bert@b64s128,llama-decode+llama-decode
TRACE_STREAMS=mobilenet@b8s224+resnet50@b128s224,llama-decode+mobilenet@b8s224
{
  if [ "${TRACES:-1}" = 1 ] && [ -z "${SESSION_EXTRA:-}" ]; then
    echo "== traces ($(date -u +%T))"
    mkdir -p "$OUT/traces"
    timeout 200 python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode mps --pairs "$TRACE_MPS" --out "$OUT/traces"
    timeout 60 python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode streams --pairs "$TRACE_STREAMS" --out "$OUT/traces"
    tar -C "$OUT" -czf "$OUT/traces.tgz" traces && rm -rf "$OUT/traces"
  fi
  step fresh-mps measure "${COMMON[@]}" --out "$FRESH" --resume --pairs "$FRESH_PAIRS" --modes mps
  step variants-streams calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$STREAMS,$VARIANTS" --streams-models "$STREAMS" --modes streams --no-ncu
} > "$OUT/log.txt" 2>&1
pack_fresh
rm -f "$CAL/model.json" "$CAL/openloop.json"
exit 0
