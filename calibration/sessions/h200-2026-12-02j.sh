#!/usr/bin/env bash
# Tenth H200 run of 2026-12-02: deepseek measured again after its MoE dispatch changed (models/deepseek.py:
# positions within an expert from a stable sort instead of a cumulative sum over the one-hot routing matrix,
# which ran as one 64-thread block for 0.76 ms per layer; benchmarks/experiments/moe-dispatch). Every deepseek
# measurement of the calibration is dropped from the copy and measured again, the rest kept as it is:
#   PART=1: deepseek alone (time slicing and MPS), its kernel profile and ncu; its pairs in time slicing and MPS
#           with the fourteen workloads it was paired with (its probe co-runs among them); its streams pairs;
#   PART=2: a fresh set, fresh-2026-12-02j: the nine pairs of deepseek with a workload the calibration never
#           pairs that earlier fresh sets measured with the old dispatch, time slicing and MPS; then the
#           open-loop runs of deepseek with mobilenet (loads 0.3, 0.6, 0.9 over 48 s, time slicing and MPS);
#   PART=3: open loop for the fresh set's deepseek+resnet50@b64s224 at loads 0.3 and 0.6 (as fresh-2026-12-02b
#           measured it with the old dispatch), and the four deepseek MPS pairs of repeat-2026-12-02e measured
#           again as repeat-2026-12-02j.
# Run from the repository root on the GPU host with OUT set to an empty folder; resumable (a part run again
# measures only what it still lacks). The calibration's solo, kernels, pairs, openloop and meta files come
# back in OUT/cal, the fresh folder as OUT/fresh.tgz, the repeat folder as OUT/repeat.tgz.
FRESH_NAME=fresh-2026-12-02j
BUDGET_S=${BUDGET_S:-560}
source "$(dirname "$0")/session.sh"
USER_FILES=(--model-file models/examples/vit_b16.py --model-file models/examples/convnext_t.py --model-file models/examples/qwen2_05b.py)
PARTNERS=bert@b16s128,gpt2@b8s512,llama@b1s1024,llama8b@b1s512,llama-decode@b32s1024,mobilenet@b64s224,resnet50@b32s224,yolo@b8s640,bert@b64s128,resnet50@b128s224,llama@b1s256,mobilenet@b8s224,yolo@b1s640,gpt2@b32s512
STREAMS_PARTNERS=bert@b16s128,gpt2@b8s512,llama@b1s1024,llama-decode@b32s1024,yolo@b8s640,resnet50@b32s224,mobilenet@b64s224,bert@b64s128,resnet50@b128s224,llama@b1s256,mobilenet@b8s224
FRESH_PAIRS=vit-b16@b32s224+deepseek,convnext-t@b32s224+deepseek,bert@b32s128+deepseek,mobilenet@b16s224+deepseek,bert@b8s128+deepseek,yolo@b2s640+deepseek,deepseek+llama@b1s512,deepseek+qwen2-0.5b@b4s512,deepseek+resnet50@b64s224
REPEAT_PAIRS=bert@b16s128+deepseek,deepseek+resnet50@b128s224,llama-decode@b32s1024+deepseek,llama@b1s256+deepseek
REPEAT=$OUT/repeat
mkdir -p "$REPEAT"
[ -d predictions/h200/repeat-2026-12-02j ] && cp -r predictions/h200/repeat-2026-12-02j/. "$REPEAT"/

# The copy of the calibration loses its deepseek measurements while they are of the old dispatch (its kernel
# profile lists the one-block scan), so a run after the first one's results were committed keeps them.
python3 - "$CAL" <<'EOF'
import json, os, sys
cal = sys.argv[1]
with open(os.path.join(cal, "kernels.json")) as f:
    old = [e for e in json.load(f)["entries"] if e["workload"]["model"] == "deepseek"
           and any("tensor_kernel_scan_outer_dim" in k["name"] for k in e.get("top") or [])]
if not old:
    sys.exit(0)
for kind in ("solo", "kernels", "pairs", "openloop"):
    path = os.path.join(cal, kind + ".json")
    with open(path) as f:
        entries = json.load(f)["entries"]
    def ids(e):
        return [w["model"] for w in (e.get("workload"), e.get("a"), e.get("b")) if w]
    kept = [e for e in entries if "deepseek" not in ids(e)]
    print(f"{kind}: {len(entries) - len(kept)} deepseek entries dropped, {len(kept)} kept")
    with open(path, "w") as f:
        json.dump({"entries": kept}, f, indent=1)
EOF
{
  case "${PART:-1}" in
    1)
      step deepseek-alone calibrate "${COMMON[@]}" --out "$CAL" --resume --models deepseek --no-pairs --no-probes --modes timeslice,mps
      step deepseek-pairs calibrate "${COMMON[@]}" --out "$CAL" --resume --models "deepseek,$PARTNERS" --no-ncu --modes timeslice,mps
      step deepseek-streams calibrate "${COMMON[@]}" --out "$CAL" --resume --models "deepseek,$STREAMS_PARTNERS" \
        --streams-models bert,gpt2,llama,llama-decode,yolo,resnet50,mobilenet,deepseek --no-ncu --modes streams
      ;;
    2)
      step fresh measure "${COMMON[@]}" --out "$FRESH" --resume "${USER_FILES[@]}" --pairs "$FRESH_PAIRS" --modes timeslice,mps
      step deepseek-openloop calibrate "${COMMON[@]}" --out "$CAL" --resume --models deepseek,mobilenet --no-pairs --no-probes --no-ncu \
        --modes timeslice,mps --openloop --openloop-pairs deepseek+mobilenet --openloop-loads 0.3,0.6,0.9 --openloop-window 48
      ;;
    3)
      step fresh-openloop measure "${COMMON[@]}" --out "$FRESH" --resume --pairs deepseek+resnet50@b64s224 --modes timeslice,mps \
        --rates-load 0.3,0.6 --openloop-window 48
      step repeat measure "${COMMON[@]}" --out "$REPEAT" --resume --pairs "$REPEAT_PAIRS" --modes mps
      ;;
  esac
} > "$OUT/log.txt" 2>&1
pack_fresh
tar -C "$OUT" -czf "$OUT/repeat.tgz" repeat && rm -rf "$REPEAT"
rm -f "$CAL/model.json"
exit 0
