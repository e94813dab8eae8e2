#!/usr/bin/env python3
"""Does a workload's GPU time depend on its random weights? Every worker builds its model with fresh random
weights and inputs (no seed), so each session runs a different draw. Here each (workload, seed) runs in its own
process, as a worker does (build, warm up, capture the request in a CUDA graph: calibration/worker.py CudaSlot),
and times its request on the GPU alone: CUDA events around runs of back-to-back replays, several windows.
A seed of "none" builds without seeding, as the runner does.

  python3 benchmarks/experiments/seed-variance/seeds.py --runs deepseek@b1s512:0,deepseek@b1s512:none,... --out f.json

Prints one line per run; writes all of them to --out.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def one(workload, seed, windows, window_s):
    sys.path.insert(0, os.path.join(ROOT, "calibration"))
    import torch
    import runner  # noqa: E402 - the runner's own workload ids
    import worker  # noqa: E402 - the runner's own build and capture path

    [w] = runner.resolve([workload], runner.catalog())
    if seed != "none":
        torch.manual_seed(int(seed))
    t0 = time.time()
    slot = worker.CudaSlot(w.slot_spec())
    build_s = time.time() - t0
    try:
        import pynvml
        pynvml.nvmlInit()
        h = pynvml.nvmlDeviceGetHandleByIndex(0)
    except Exception:  # noqa: BLE001 - clocks are extra
        h = None
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    per = []
    clocks, power = [], []
    for _ in range(3):
        slot.batch(4)
    for _ in range(windows):
        total, n = 0.0, 0
        stop = time.time() + window_s
        while time.time() < stop:
            start.record(slot.stream)
            for _ in range(8):
                slot.launch()
            end.record(slot.stream)
            end.synchronize()
            total += start.elapsed_time(end)
            n += 8
        per.append(total / n)
        if h is not None:
            clocks.append(pynvml.nvmlDeviceGetClockInfo(h, pynvml.NVML_CLOCK_SM))
            power.append(pynvml.nvmlDeviceGetPowerUsage(h) / 1000.0)
    return {"workload": workload, "seed": seed, "capture": slot.capture, "kernels": len(slot.kernels),
            "gpuMsPerRequest": per, "smClockMHz": clocks, "powerW": power, "buildS": round(build_s, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", help="workload:seed,... (seed an integer or none)")
    ap.add_argument("--one", nargs=2, metavar=("WORKLOAD", "SEED"))
    ap.add_argument("--windows", type=int, default=4)
    ap.add_argument("--window", type=float, default=0.5)
    ap.add_argument("--cores", default="2-5")
    ap.add_argument("--out")
    a = ap.parse_args()
    if a.one:
        print(json.dumps(one(a.one[0], a.one[1], a.windows, a.window)))
        return
    results = []
    for item in a.runs.split(","):
        w, s = item.rsplit(":", 1)
        p = subprocess.run(["taskset", "-c", a.cores, sys.executable, os.path.abspath(__file__), "--one", w, s,
                            "--windows", str(a.windows), "--window", str(a.window)],
                           capture_output=True, text=True)
        line = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
        try:
            r = json.loads(line)
        except ValueError:
            r = {"workload": w, "seed": s, "error": (p.stderr or p.stdout)[-400:]}
        results.append(r)
        if "error" in r:
            print(f"{w:20s} seed {s:5s} failed: {r['error'][-200:]}", flush=True)
        else:
            ms = r["gpuMsPerRequest"]
            print(f"{w:20s} seed {s:5s} {r['capture']:5s} gpu ms/request {' '.join(f'{v:.4f}' for v in ms)}  "
                  f"clock {r['smClockMHz']} power {[round(x) for x in r['powerW']]} build {r['buildS']} s", flush=True)
        if a.out:
            with open(a.out, "w") as f:
                json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
