#!/usr/bin/env bash
# Second H100 session of 2026-12-06: what a user's own workload gets on the H100, then fresh co-runs that the
# calibration's fit never saw. Three catalog models at sizes the calibration never measured (bert@b32s128,
# resnet50@b64s224, yolo@b2s640) and the three example user models (vit-b16, convnext-t, qwen2-0.5b) get solo
# profiles in both contexts, a kernel profile and Nsight Compute, but no pairs (calibrate --no-pairs); then 14
# pairs of them with the catalog's workloads and with each other are measured in fresh processes, time slicing
# and MPS (predictions/h100/fresh-2026-12-06b). Run from the repository root on the GPU host with OUT set to an
# empty folder; resumable. The calibration comes back in OUT/cal.tgz, the fresh set in OUT/fresh.tgz.
GPU=h100
FRESH_NAME=fresh-2026-12-06b
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
SIZES=${SIZES:-bert@b32s128,resnet50@b64s224,yolo@b2s640}
FRESH_PAIRS=${FRESH_PAIRS:-bert@b32s128+llama,bert@b32s128+mobilenet,resnet50@b64s224+gpt2,resnet50@b64s224+llama-decode,yolo@b2s640+bert,yolo@b2s640+resnet50,bert@b32s128+yolo@b2s640,vit-b16+llama,vit-b16+yolo,convnext-t+gpt2,convnext-t+llama-decode,qwen2-0.5b+resnet50,qwen2-0.5b+bert,vit-b16+convnext-t}
{
  nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,power.limit,memory.total --format=csv
  step sizes-solo calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$SIZES" "${USER_FILES[@]}" --no-pairs \
    --modes timeslice,mps
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
pack_fresh
pack_cal
tar -C /tmp -czf "$OUT/worker-logs.tgz" coloc-logs 2>/dev/null
exit 0
