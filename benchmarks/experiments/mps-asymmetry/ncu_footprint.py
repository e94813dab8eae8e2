"""Per-kernel SM activity of whole requests with Nsight Compute (experiment for the MPS footprint model).

python3 benchmarks/experiments/mps-asymmetry/ncu_footprint.py OUTDIR deepseek vit_b16.py ...
Writes OUTDIR/<name>.json: one row per kernel of one request (launch order): duration, SM active %, achieved
occupancy, grid, block, registers, shared memory."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import runner  # noqa: E402

METRICS = ["gpu__time_duration.sum", "sm__cycles_active.avg", "sm__cycles_elapsed.avg", "sm__warps_active.avg.pct_of_peak_sustained_active",
           "launch__grid_size", "launch__block_size", "launch__registers_per_thread", "launch__shared_mem_per_block_dynamic",
           "launch__shared_mem_per_block_static", "dram__throughput.avg.pct_of_peak_sustained_elapsed"]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    known = runner.catalog()
    for name in sys.argv[2:]:
        w = runner.user_workload(os.path.join(ROOT, name)) if name.endswith(".py") else known[name]
        spec = {"backend": "cuda", "slots": [w.slot_spec()], "cores": [1]}
        cmd = ["ncu", "--clock-control", "none", "--csv", "--page", "raw", "--profile-from-start", "off", "--launch-count", sys.argv[0] and "5000",
               "--metrics", ",".join(METRICS), sys.executable, os.path.join(ROOT, "calibration", "worker.py"), "--spec", json.dumps(spec), "--profile-one"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=500)
        rows = runner.parse_ncu_csv(r.stdout)
        keep = [{m: runner.num(x.get(m)) for m in METRICS} for x in rows]
        with open(os.path.join(out, w.name + ".json"), "w") as f:
            json.dump(keep, f)
        print(w.name, len(keep), "rows", (r.stderr.strip().splitlines() or [""])[-1][:200], flush=True)


if __name__ == "__main__":
    main()
