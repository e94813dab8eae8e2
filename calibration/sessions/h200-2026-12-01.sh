#!/usr/bin/env bash
# H200 session of 2026-12-01, run on the GPU host from the repository root with OUT set to an empty folder.
# It is resumable: every step uses --resume on the calibration copied from the tree, so running it again after
# the results were copied back measures only what is still missing. The steps, in order of priority:
#   1. four size variants of catalog models (the start of the batch-size sweep) alone and time-sliced with
#      every calibrated workload and with each other (solo, kernel profile, ncu, time-slicing pairs);
#   2. the same under MPS (MPS solo and pairs);
#   3. two new user workloads (only solo profiles and kernel summaries, never paired in the calibration);
#   4. fresh co-runs of the two user workloads with calibration workloads, time slicing and MPS.
FRESH_NAME=fresh-2026-12-01
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
OLD=bert,deepseek,gpt2,llama,llama8b,llama-decode,mobilenet,resnet50,yolo
NEW=bert@b64s128,resnet50@b128s224,llama@b1s256,mobilenet@b8s224
USER_FILES=(--model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
FRESH_PAIRS=convnext-t+llama,convnext-t+bert,convnext-t+deepseek,convnext-t+resnet50,convnext-t+llama-decode,qwen2-0.5b+yolo,qwen2-0.5b+gpt2,qwen2-0.5b+mobilenet,qwen2-0.5b+llama8b,qwen2-0.5b+bert,convnext-t+qwen2-0.5b
{
  nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,power.limit --format=csv
  step variants-timeslice calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$OLD,$NEW" --modes timeslice
  step variants-mps calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$OLD,$NEW" --modes mps --no-ncu
  step user-solo calibrate "${COMMON[@]}" --out "$CAL" --resume "${USER_FILES[@]}" --modes timeslice,mps
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
  nvidia-smi -q -d PERFORMANCE | head -30
} > "$OUT/log.txt" 2>&1
pack_fresh
cp -r /tmp/coloc-logs "$OUT/worker-logs" 2>/dev/null && tar -C "$OUT" -czf "$OUT/worker-logs.tgz" worker-logs && rm -rf "$OUT/worker-logs"
exit 0
