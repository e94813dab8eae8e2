#!/usr/bin/env bash
# Second H200 run of 2026-12-01: sizes a user would bring that the calibration never saw. Three catalog models
# at new sizes get only what a user's own workload gets (solo profiles, kernel profile, ncu; no pairs), then
# fresh co-runs of them with calibration workloads and with each other, time slicing and MPS.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable like h200-2026-12-01.sh.
set -u
cd "$(dirname "$0")/../.."
: "${OUT:?set OUT}"
DEADLINE=$(( $(date +%s) + ${BUDGET_S:-400} ))
left() { echo $(( DEADLINE - $(date +%s) )); }
CAL=$OUT/cal
FRESH=$OUT/fresh
cp -r calibration/h200 "$CAL"
mkdir -p "$FRESH"
[ -d predictions/h200/fresh-2026-12-01b ] && cp -r predictions/h200/fresh-2026-12-01b/. "$FRESH"/
SIZES=bert@b32s128,resnet50@b64s224,yolo@b2s640
FRESH_PAIRS=bert@b32s128+llama,bert@b32s128+mobilenet,bert@b32s128+deepseek,resnet50@b64s224+gpt2,resnet50@b64s224+llama-decode,resnet50@b64s224+yolo,yolo@b2s640+bert,yolo@b2s640+llama8b,yolo@b2s640+resnet50,bert@b32s128+yolo@b2s640
COMMON=(--gpu h200 --window 1.5 --repeats 2 --warmup 0.4)
step() {
  local name=$1; shift
  local t=$(left)
  if [ "$t" -lt 30 ]; then echo "== $name: skipped, ${t}s left"; return; fi
  echo "== $name ($(date -u +%T), ${t}s left)"
  timeout -s INT "$t" python3 calibration/runner.py "$@"
  echo "== $name: exit $?"
}
{
  step sizes-solo calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$SIZES" --no-pairs --modes timeslice,mps
  step fresh measure "${COMMON[@]}" --out "$FRESH" --resume --pairs "$FRESH_PAIRS" --modes timeslice,mps
} > "$OUT/log.txt" 2>&1
# At most 8 files come back from $OUT: the fresh folder travels as one archive.
tar -C "$OUT" -czf "$OUT/fresh.tgz" fresh && rm -rf "$FRESH"
rm -f "$CAL/model.json" "$CAL/openloop.json"
exit 0
