#!/usr/bin/env bash
# Eighth H200 run of 2026-12-02: a third fresh open-loop set at load 0.9 for model version 14 (the calibration's
# MPS open loop at 0.9 is its weakest figure; the two earlier fresh sets at 0.9 had four pairs), three pairs no
# measurement had covered, drawn at random (seed 20261208, llama8b left out: too few requests per window) among
# the unordered pairs (self-pairs allowed) of the workload ids with a solo profile in calibration/h200/solo.json
# that no timeslice or MPS entry of calibration/h200/pairs.json or of any predictions/h200/{fresh,repeat}-*/pairs.json
# (fresh-2026-12-02g included) has: random.Random(20261208).sample(sorted((a, b) with a <= b), 3), ids written
# by bare name at their catalog or model-file default size. Combined load 0.9 over 48 s windows, time slicing
# and MPS, with their closed-loop co-runs. Held out: its predictions are looked at only after it is measured.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable.
FRESH_NAME=fresh-2026-12-02h
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
FRESH_PAIRS=${FRESH_PAIRS:-mobilenet@b16s224+mobilenet@b8s224,bert@b8s128+vit-b16,resnet50@b128s224+yolo@b2s640}
fresh_openloop "$FRESH_PAIRS" 0.9
exit 0
