# Shared by the session scripts beside it (source it; FRESH_NAME names the session's fresh folder, GPU the
# calibration, default h200): a device run with OUT set to an empty folder and BUDGET_S seconds; the calibration
# and that fresh folder are copied from the tree into OUT, so a run after their results were copied back
# measures only what is still missing. A session that only traces (kernel_trace) leaves FRESH_NAME unset and
# nothing is copied.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${OUT:?set OUT}"
GPU=${GPU:-h200}
DEADLINE=$(( $(date +%s) + ${BUDGET_S:-560} ))
CAL=$OUT/cal
FRESH=$OUT/fresh
# The device must be the one calibration/$GPU was measured on (the device tool may run a call for one GPU kind on
# another): stop before anything is spent. Skipped where there is no nvidia-smi (a dry run).
WANT=$(python3 -c "import json; print(json.load(open('calibration/$GPU/meta.json'))['gpu']['deviceName'])" 2>/dev/null)
HAVE=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)
if [ -n "$WANT" ] && [ -n "$HAVE" ] && [ "$WANT" != "$HAVE" ]; then
  echo "session: this GPU is $HAVE, but calibration/$GPU was measured on $WANT" | tee "$OUT/log.txt" >&2
  exit 3
fi
if [ -n "${FRESH_NAME:-}" ]; then
  if [ -d "calibration/$GPU" ]; then cp -r "calibration/$GPU" "$CAL"; else mkdir -p "$CAL"; fi
  mkdir -p "$FRESH"
  [ -d "predictions/$GPU/$FRESH_NAME" ] && cp -r "predictions/$GPU/$FRESH_NAME/." "$FRESH"/
fi
COMMON=(--gpu "$GPU" --window 1.5 --repeats 2 --warmup 0.4)
# A dry run without a GPU: SESSION_EXTRA="--backend sim" (the simulated GPU of calibration/sim.py).
read -r -a EXTRA <<< "${SESSION_EXTRA:-}"
COMMON+=("${EXTRA[@]}")

# step NAME runner-arguments...: runs calibration/runner.py within what is left of the budget (SIGINT at the
# deadline: the runner keeps what it measured and stops the MPS daemon).
step() {
  local name=$1; shift
  local t=$(( DEADLINE - $(date +%s) ))
  if [ "$t" -lt 30 ]; then echo "== $name: skipped, ${t}s left"; return; fi
  echo "== $name ($(date -u +%T), ${t}s left)"
  timeout -s INT "$t" python3 calibration/runner.py "$@"
  echo "== $name: exit $?"
}

# The GPU (name, driver, clock, power limit, memory) into the log.
gpu_info() {
  nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,power.limit,memory.total --format=csv
}

# What comes back from OUT is at most 8 files: the fresh folder travels as one archive.
pack_fresh() {
  tar -C "$OUT" -czf "$OUT/fresh.tgz" fresh && rm -rf "$FRESH"
}

# The calibration, with what the session added to it, as one archive (OUT/cal.tgz).
pack_cal() {
  tar -C "$OUT" -czf "$OUT/cal.tgz" cal && rm -rf "$CAL"
}

# unseen_sizes SIZES FRESH_PAIRS: catalog models at sizes the calibration never paired get what a user's own
# workload gets (solo profiles, kernel profile, ncu; no pairs), then fresh co-runs of the given pairs, time
# slicing and MPS; the log goes to OUT/log.txt and the fresh folder is packed.
unseen_sizes() {
  {
    step sizes-solo calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$1" --no-pairs --modes timeslice,mps
    step fresh measure "${COMMON[@]}" --out "$FRESH" --resume --pairs "$2" --modes timeslice,mps
  } > "$OUT/log.txt" 2>&1
  pack_fresh
  rm -f "$CAL/model.json" "$CAL/openloop.json"
}

# fresh_openloop FRESH_PAIRS [LOADS] [MODES] [WINDOW_S]: fresh co-runs of the given pairs (the example user models
# among the workloads it may name) with open-loop runs at the combined loads LOADS (default 0.3,0.6) over WINDOW_S
# seconds (default 48), in MODES (default timeslice,mps); the log goes to OUT/log.txt and the fresh folder is packed.
fresh_openloop() {
  {
    step fresh measure "${COMMON[@]}" --out "$FRESH" --resume --model-file models/examples/convnext_t.py \
      --model-file models/examples/qwen2_05b.py --model-file models/examples/vit_b16.py --pairs "$1" \
      --modes "${3:-timeslice,mps}" --rates-load "${2:-0.3,0.6}" --openloop-window "${4:-48}"
  } > "$OUT/log.txt" 2>&1
  pack_fresh
  rm -rf "$CAL"
}

# fresh_pairs FRESH_PAIRS: fresh co-runs of the given pairs (the example user models among the workloads they may
# name), time slicing and MPS, with the GPU and the host's CPU in the log; the fresh folder is packed.
fresh_pairs() {
  {
    gpu_info
    lscpu | grep -E 'Model name|^CPU\(s\)'
    step fresh measure "${COMMON[@]}" --out "$FRESH" --resume --model-file models/examples/vit_b16.py \
      --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py --pairs "$1" \
      --modes timeslice,mps
  } > "$OUT/log.txt" 2>&1
  pack_fresh
  rm -rf "$CAL"
}

# cal_pairs MODELS: calibration co-runs (time slicing and MPS) of every pair among MODELS that the calibration
# lacks, from the solo profiles it has (no probes, no ncu); the log goes to OUT/cal-log.txt and the calibration
# comes back in OUT/cal.tgz (its JSON files).
cal_pairs() {
  {
    gpu_info
    step cal-pairs calibrate "${COMMON[@]}" --out "$CAL" --resume --models "$1" --no-probes --no-ncu --modes timeslice,mps
  } > "$OUT/cal-log.txt" 2>&1
  tar -C "$OUT" -czf "$OUT/cal.tgz" cal
}

# kernel_trace MODE TAG PAIRS: kernel timelines of co-runs in MODE (timeslice or mps;
# benchmarks/experiments/mps-dispatch/corun_trace.py, each workload also traced alone in that context), for at
# most TRACE_S seconds (default 150) on top of the budget of the runs before it; the traces come back in
# OUT/TAG.tgz, the log in OUT/TAG-log.txt. Skipped in a dry run (the simulated backend has no kernels to trace).
kernel_trace() {
  if [[ " ${EXTRA[*]-} " == *" sim "* ]]; then echo "== $2: skipped (simulated backend)" > "$OUT/$2-log.txt"; return; fi
  local dir=/tmp/$2
  rm -rf "$dir" && mkdir -p "$dir"
  gpu_info > "$dir/card.txt"
  timeout "${TRACE_S:-150}" python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode "$1" --trace 0.25 \
    --out "$dir" --pairs "$3" > "$OUT/$2-log.txt" 2>&1
  echo "== $2: exit $?" >> "$OUT/$2-log.txt"
  tar -C /tmp -czf "$OUT/$2.tgz" "$2"
}

# ts_trace PAIRS: time-sliced kernel timelines (benchmarks/experiments/timeslice-trace/README.md) in
# OUT/ts-trace.tgz (folder ts-trace), log OUT/ts-trace-log.txt.
ts_trace() { kernel_trace timeslice ts-trace "$1"; }

# mps_trace PAIRS: the same under MPS (benchmarks/experiments/mps-dispatch/README.md) in OUT/mps-trace.tgz.
mps_trace() { kernel_trace mps mps-trace "$1"; }
