#!/usr/bin/env python3
"""Kernel timelines of co-running workloads (an experiment, not part of the calibration).

For each pair, both workloads run closed loops (CUDA graphs, pinned cores, one shared start instant, as the
runner does) and torch.profiler records every kernel's start and end for a short window, so the dispatch
simulation's assumptions (who gets the SMs when two kernels are ready) can be checked against what the GPU did.

  --mode mps:     two processes under an MPS daemon this script starts and stops; each records its own trace
                  and the wall clock at its first graph launch, to put both on one time axis.
  --mode streams: one process, the two graphs on two streams: one trace, one time axis.
  --mode timeslice: two processes without MPS (the GPU time-slices their contexts), each with its own trace as
                  in mps mode.

Each workload also gets a solo trace in the same context, and an unprofiled window before the traced one gives
the mean latency without the profiler (the profiler's own cost is the difference).

  python3 benchmarks/experiments/mps-dispatch/corun_trace.py --mode mps --pairs mobilenet@b8s224+resnet50@b128s224 --out DIR
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "calibration"))


def child(spec):
    """One process: build the slots, report ready, wait for the start instant, measure, trace, print JSON."""
    import torch
    from torch.profiler import ProfilerActivity, profile
    import worker

    os.sched_setaffinity(0, set(spec["cores"]))
    slots = [worker.CudaSlot(s) for s in spec["slots"]]
    print(json.dumps({"ready": True, "capture": [s.capture for s in slots]}), flush=True)
    start = float(sys.stdin.readline())
    plain_s, trace_s, warm_s = spec["plainS"], spec["traceS"], spec["warmS"]
    out = [None] * len(slots)
    prof = profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA])
    anchor = {}

    def start_trace():
        # The profiler is started and stopped by the main thread (kineto's state is the process's).
        prof.__enter__()
        anchor["ns"] = time.time_ns()

    def loop(j, s, between):
        lat_plain, lat_trace, reqs = [], [], []
        worker.sleep_until(start - warm_s)
        t_plain_end = start + plain_s
        while time.time() < start:
            s.request()
        while True:
            t0, t1 = s.request()
            if t1 >= t_plain_end:
                break
            lat_plain.append((t1 - t0) * 1e3)
        between()
        t_end = time.time() + trace_s
        while True:
            t0, t1 = s.request()
            reqs.append([t0, t1])
            lat_trace.append((t1 - t0) * 1e3)
            if t1 >= t_end:
                break
        out[j] = {"name": s.spec.get("name"), "batch": s.spec.get("batch"), "seq": s.spec.get("seq"),
                  "capture": s.capture, "plainMs": lat_plain, "traceMs": lat_trace, "requests": reqs}

    if len(slots) == 1:
        loop(0, slots[0], start_trace)
    else:
        ready, go = threading.Barrier(len(slots) + 1), threading.Barrier(len(slots) + 1)

        def between():
            ready.wait()
            go.wait()
        threads = [threading.Thread(target=loop, args=(j, s, between)) for j, s in enumerate(slots)]
        for t in threads:
            t.start()
        ready.wait()
        start_trace()
        go.wait()
        for t in threads:
            t.join()
    torch.cuda.synchronize()
    prof.__exit__(None, None, None)
    trace = worker.chrome_trace(prof)
    kernels = [[k["ts"], k["dur"], k["stream"], k["name"][:60], k["grid"] or 0, k["block"] or 0, k["regs"] or 0, k["smem"] or 0]
               for k in worker.trace_kernels(trace)]
    launches = sorted([float(ev["ts"]), ev.get("args", {}).get("stream")] for ev in trace.get("traceEvents", [])
                      if ev.get("cat") == "cuda_runtime" and ev.get("name", "").startswith("cudaGraphLaunch"))
    streams = [str(s.stream.cuda_stream) for s in slots]
    print(json.dumps({"slots": out, "kernels": kernels, "graphLaunches": launches, "anchorNs": anchor["ns"],
                      "baseTimeNanoseconds": trace.get("baseTimeNanoseconds"), "streams": streams}), flush=True)


def spawn(slots, cores, env, args):
    spec = {"slots": slots, "cores": cores, "plainS": args.plain, "traceS": args.trace, "warmS": args.warm}
    return subprocess.Popen([sys.executable, "-u", __file__, "--child", json.dumps(spec)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=sys.stderr, env=env, text=True)


def read_json(p, key):
    """The child's next JSON line that has `key` (a library may print other lines to stdout)."""
    for line in p.stdout:
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and key in obj:
            return obj
    raise RuntimeError(f"a child exited (code {p.wait()}) before sending '{key}'")


def run_group(groups, env, args):
    """Start one process per group of slots, release them at one instant, collect their JSON."""
    procs = [spawn(g, cores, env, args) for g, cores in groups]
    try:
        for p in procs:
            read_json(p, "ready")
        start = time.time() + 1.0
        for p in procs:
            p.stdin.write(f"{start}\n")
            p.stdin.flush()
        res = [read_json(p, "slots") for p in procs]
        for p in procs:
            p.wait(timeout=120)
        return res
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()


def slot_of(wid):
    import runner
    [w] = runner.resolve([wid], runner.catalog())
    return w.slot_spec()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", default=None)
    ap.add_argument("--mode", choices=["mps", "streams", "timeslice"], default="mps")
    ap.add_argument("--pairs", default="")
    ap.add_argument("--out", default=".")
    ap.add_argument("--plain", type=float, default=0.6)
    ap.add_argument("--trace", type=float, default=0.12)
    ap.add_argument("--warm", type=float, default=0.4)
    args = ap.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    pairs = [p.split("+") for p in args.pairs.split(",") if p]
    env = dict(os.environ)
    mps = None
    if args.mode == "mps":
        import runner

        class Quiet:
            def emit(self, e):
                print(e, file=sys.stderr)
        mps = runner.Mps(Quiet())
        env = mps.env
        mps.start()
    os.makedirs(args.out, exist_ok=True)
    try:
        solo_done = set()
        for a, b in pairs:
            for w in (a, b):
                if w in solo_done:
                    continue
                solo_done.add(w)
                t0 = time.time()
                try:
                    [r] = run_group([([slot_of(w)], [2, 3])], env, args)
                    with gzip.open(os.path.join(args.out, f"{args.mode}-solo-{w}.json.gz"), "wt") as f:
                        json.dump(r, f)
                    print(f"solo {w}: {len(r['kernels'])} kernels, {time.time() - t0:.1f} s", flush=True)
                except Exception as e:  # noqa: BLE001 - keep going with the other runs
                    print(f"solo {w}: failed: {e}", flush=True)
            t0 = time.time()
            try:
                if args.mode in ("mps", "timeslice"):
                    r = run_group([([slot_of(a)], [2, 3]), ([slot_of(b)], [4, 5])], env, args)
                else:
                    r = run_group([([slot_of(a), slot_of(b)], [2, 3, 4, 5])], env, args)
                with gzip.open(os.path.join(args.out, f"{args.mode}-{a}+{b}.json.gz"), "wt") as f:
                    json.dump(r, f)
                print(f"pair {a}+{b}: {[len(x['kernels']) for x in r]} kernels, {time.time() - t0:.1f} s", flush=True)
            except Exception as e:  # noqa: BLE001
                print(f"pair {a}+{b}: failed: {e}", flush=True)
    finally:
        if mps:
            mps.stop()


if __name__ == "__main__":
    main()
