#!/usr/bin/env bash
# Fifth H200 run of 2026-12-01, after the dispatch simulation learnt per-resource block placement: three more
# sizes the calibration never paired (profiled alone like a user's own size), then fresh co-runs of them with
# calibration workloads and with each other, time slicing and MPS, to check the new simulation on pairs it
# was never fitted on.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable like h200-2026-12-01.sh.
FRESH_NAME=fresh-2026-12-01e
BUDGET_S=${BUDGET_S:-480}
source "$(dirname "$0")/session.sh"
SIZES=mobilenet@b16s224,bert@b8s128,llama@b1s512
FRESH_PAIRS=mobilenet@b16s224+resnet50,mobilenet@b16s224+bert@b64s128,mobilenet@b16s224+deepseek,mobilenet@b16s224+llama-decode,bert@b8s128+gpt2,bert@b8s128+resnet50@b128s224,bert@b8s128+yolo,llama@b1s512+mobilenet,llama@b1s512+llama8b,llama@b1s512+bert@b8s128
unseen_sizes "$SIZES" "$FRESH_PAIRS"
exit 0
