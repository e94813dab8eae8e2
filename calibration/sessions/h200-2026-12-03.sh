#!/usr/bin/env bash
# H200 runs of 2026-12-03: the host-gap probe (runner.py Runner.host_gap) added to every solo profile of the
# calibration, time slicing (exclusive) and MPS, without measuring anything else again: a request's latency
# split into the time it keeps the GPU busy and the GPU-idle host time between requests (batches of 1 and 2
# launches per sync). The kernel profile's summed kernel time leaves out the gaps between kernels, so
# latency - kernel time overstates the host gap of long requests (deepseek 0.46 ms, llama8b 1.17 ms), and the
# time-slice simulation handed the neighbour that time (docs/method.md, time slicing).
# The first run (1-5 rounds of 0.4 s per depth, depths in turn by window) gave host times with a spread of up
# to 2 ms for the long requests: their speed drifts 1-3 % between windows. The second run (--redo hostgap)
# takes the depths in turn batch by batch within each window, six windows of 0.6 s. The third also read the SM
# clock and power limit (NVML, every 0.1 s) during the batches: its batches of one came out up to 15 % longer
# than the second run's and the solo latencies (yolo@b1s640 1.485 against 1.288 and 1.294 ms), and its host
# times up to three times as long. A fourth call (clocks read after the batches, Runner.probe_clocks; three
# workloads, not committed) on yet another machine had batches of one 2-6 % above the solo latencies and host
# times between the second and third runs' (resnet50@b32s224 0.065 ms, yolo@b1s640 0.150, deepseek 0.144): host
# time differs between the lent machines, and whether the NVML reads added to it in the third run is not
# settled. The committed hostGap keeps the second run's host times, whose batches of one matched the
# calibration's solo latencies (median 0.6 %, at most 5.3 %), and the third run's clocks (hostGap.clocks).
# Run from the repository root on the GPU host with OUT set to an empty folder; every run measures the probe
# of all 48 solo records again. The calibration's files come back in OUT/cal.
FRESH_NAME=none
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
ALL=bert@b16s128,bert@b32s128,bert@b64s128,bert@b8s128,deepseek@b1s512,gpt2@b32s512,gpt2@b8s512,llama-decode@b32s1024,llama8b@b1s512,llama@b1s1024,llama@b1s256,llama@b1s512,mobilenet@b16s224,mobilenet@b64s224,mobilenet@b8s224,resnet50@b128s224,resnet50@b32s224,resnet50@b64s224,yolo@b1s640,yolo@b2s640,yolo@b8s640
{
  step hostgap calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$ALL" "${USER_FILES[@]}" --no-pairs --no-probes --no-ncu \
    --modes timeslice,mps --redo hostgap
} > "$OUT/log.txt" 2>&1
rm -rf "$FRESH"
rm -f "$CAL/model.json"
exit 0
