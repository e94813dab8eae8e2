#!/usr/bin/env bash
# First H100 calibration (2026-12-06), run on the GPU host from the repository root with OUT set to an empty
# folder. Resumable: every step uses --resume on calibration/h100 as copied from the tree, so running it again
# after the results were copied back measures only what is still missing. The steps, in order of priority:
#   1. the catalog's nine workloads and the probe llama@b1s256 alone (solo, kernel profile, host-gap probe) and
#      every pair of them time-sliced (54 pairs: all pairs of the nine, each next to the second probe);
#   2. the same under MPS (MPS solo and pairs);
#   3. Nsight Compute per workload (the MPS dispatch simulation's launch configurations);
#   4. CUDA streams among the seven workloads that fit twice in one process on 80 GB;
#   5. open-loop runs of the H200 calibration's four open-loop pairs at loads 0.3 and 0.9, both modes, 24 s each.
# Workers whose second instance does not fit in the H100's memory beside the others (llama8b, deepseek) start it
# only for their self-pair (runner.py spawn_phase).
GPU=h100
FRESH_NAME=fresh-2026-12-06
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
{
  nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,power.limit,memory.total --format=csv
  step timeslice calibrate "${COMMON[@]}" --out "$CAL" --resume --modes timeslice --no-ncu
  step mps calibrate "${COMMON[@]}" --out "$CAL" --resume --modes mps --no-ncu
  step ncu calibrate "${COMMON[@]}" --out "$CAL" --resume --modes timeslice
  step streams calibrate "${COMMON[@]}" --out "$CAL" --resume --modes streams --no-ncu \
    --streams-models bert,gpt2,llama,llama-decode,mobilenet,resnet50,yolo
  step openloop calibrate "${COMMON[@]}" --out "$CAL" --resume --modes timeslice,mps --no-ncu --openloop \
    --openloop-pairs llama+yolo,bert+gpt2,llama-decode+resnet50,deepseek+mobilenet --openloop-loads 0.3,0.9 --openloop-window 24
} > "$OUT/log.txt" 2>&1
pack_cal
tar -C /tmp -czf "$OUT/worker-logs.tgz" coloc-logs 2>/dev/null
rm -rf "$FRESH"
exit 0
