"""A persistent measurement worker: builds its workload(s) once, captures each request in a CUDA graph, then answers
commands on stdin (one JSON object per line) with one JSON object per line on the original stdout. Everything else a
model prints goes to stderr.

One slot per process for solo, time-slicing and MPS runs; several slots (one CUDA stream each) for stream runs.
With backend "sim" it needs no torch and no GPU (see sim.py)."""
import argparse
import importlib.util
import inspect
import json
import os
import random
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

PROTO = None  # the protocol stream (the original stdout)


def send(obj):
    PROTO.write(json.dumps(obj) + "\n")
    PROTO.flush()


def fatal(code, message):
    send({"event": "fatal", "code": code, "message": message})
    sys.exit(code)


def load_module(path):
    """Import a workload file (catalog or user). Exit code 2 when it is not one."""
    if not os.path.isfile(path):
        fatal(2, f"model file not found: {path}")
    sys.path.insert(0, os.path.join(ROOT, "models"))
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location("coloc_workload_" + str(abs(hash(path))), path)
    mod = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mod)
    except ModuleNotFoundError as e:
        fatal(3, f"{path}: needs Python module '{e.name}', which is not installed")
    except Exception as e:  # noqa: BLE001 - a user's file can raise anything
        fatal(2, f"{path}: failed to import: {type(e).__name__}: {e}")
    if not callable(getattr(mod, "build", None)):
        fatal(2, f"{path}: defines no build() function (it must return a zero-argument callable running one request)")
    return mod


def call_build(mod, batch, seq):
    params = inspect.signature(mod.build).parameters
    kwargs = {}
    if "batch" in params and batch is not None:
        kwargs["batch"] = batch
    if "seq" in params and seq is not None:
        kwargs["seq"] = seq
    fn = mod.build(**kwargs)
    if not callable(fn):
        raise TypeError("build() did not return a callable")
    return fn


def sleep_until(t):
    while True:
        d = t - time.time()
        if d <= 0:
            return
        time.sleep(d - 0.0005 if d > 0.002 else 0)


def summarize(lat_ms):
    s = sorted(lat_ms)
    n = len(s)
    if n == 0:
        return None

    def q(p):
        return s[min(n - 1, max(0, int(round(p * (n - 1)))))]

    return {"mean": sum(s) / n, "p50": q(0.5), "p99": q(0.99), "min": s[0], "max": s[-1], "n": n}


# ------------------------------------------------------------------------------------------------ CUDA slots

class CudaSlot:
    def __init__(self, spec):
        import torch
        self.torch = torch
        self.spec = spec
        mod = load_module(spec["file"])
        self.name = spec.get("name") or getattr(mod, "NAME", os.path.splitext(os.path.basename(spec["file"]))[0])
        self.stream = torch.cuda.Stream()
        before = torch.cuda.memory_allocated()
        self.fn = call_build(mod, spec.get("batch"), spec.get("seq"))
        self.capture = "eager"
        self.graph = None
        self.capture_note = None
        self.done = torch.cuda.Event()
        self._prepare()
        self.memory_mib = (torch.cuda.max_memory_allocated() - before) / 2**20

    # -- kernels of one request, from torch.profiler's trace
    def _profile(self, launch):
        from torch.profiler import ProfilerActivity, profile
        torch = self.torch
        torch.cuda.synchronize()
        with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
            launch()
            torch.cuda.synchronize()
        return trace_kernels(chrome_trace(prof))

    def _run_eager(self):
        with self.torch.cuda.stream(self.stream):
            self.fn()

    def _capture(self, patched):
        torch = self.torch
        g = torch.cuda.CUDAGraph()
        undo = _patch_capture_checks() if patched else (lambda: None)
        try:
            with torch.cuda.graph(g, stream=self.stream):
                self.out = self.fn()
        finally:
            undo()
        return g

    def _prepare(self):
        torch = self.torch
        # Warm up on a side stream (cuBLAS handles, autotuning, lazy init) before capture.
        with torch.cuda.stream(self.stream):
            for _ in range(3):
                self.fn()
        torch.cuda.synchronize()
        eager = self._profile(self._run_eager)
        self.eager_kernels = eager
        eager_count, eager_time = len(eager), sum(k["dur"] for k in eager)
        tried = []
        best = None
        for patched in (True, False):
            try:
                g = self._capture(patched)
                g.replay()
                torch.cuda.synchronize()
            except Exception as e:  # noqa: BLE001 - any capture failure falls back
                tried.append(f"{'patched' if patched else 'plain'} capture failed: {type(e).__name__}: {str(e)[:200]}")
                torch.cuda.synchronize()
                continue
            kern = self._profile(lambda: self._replay(g))
            count, t = len(kern), sum(k["dur"] for k in kern)
            # The graph must run the same work as eager: same kernel count (within 2 %) and GPU time (within 10 %).
            same = abs(count - eager_count) <= max(1, 0.02 * eager_count) and abs(t - eager_time) <= 0.10 * eager_time
            tried.append(f"{'patched' if patched else 'plain'} capture: {count} kernels / {t / 1000:.3f} ms "
                         f"(eager {eager_count} / {eager_time / 1000:.3f} ms)")
            cand = (not same, abs(count - eager_count), g, kern)
            if best is None or cand[:2] < best[:2]:
                best = cand
            if same:
                break
        if best is not None and (not best[0] or len(best[3]) > 0):
            mismatch, _, self.graph, self.kernels = best
            self.capture = "graph"
            if mismatch:
                self.capture_note = "graph differs from eager: " + "; ".join(tried)
        else:
            self.kernels = eager
            self.capture_note = "; ".join(tried) or "capture not attempted"
        self.capture_log = tried

    def reprofile(self):
        """Profile eager and graph again, alone on the GPU: at build time other workers may still be building, which
        leaves kernel counts alone but inflates durations."""
        self.eager_kernels = self._profile(self._run_eager)
        self.kernels = self._profile(self.launch) if self.graph is not None else self.eager_kernels

    def _replay(self, g):
        with self.torch.cuda.stream(self.stream):
            g.replay()

    def launch(self):
        if self.graph is not None:
            with self.torch.cuda.stream(self.stream):
                self.graph.replay()
        else:
            self._run_eager()

    def batch(self, k=1):
        """Launch the request k times back to back, then wait for the last."""
        for _ in range(k):
            self.launch()
        self.done.record(self.stream)
        self.done.synchronize()

    def request(self):
        """Run one request and wait for it; returns (start, end) wall-clock seconds."""
        t0 = time.time()
        self.batch()
        return t0, time.time()

    def describe(self):
        return {
            "name": self.name, "capture": self.capture, "captureNote": self.capture_note,
            "captureLog": self.capture_log, "memoryMiB": round(self.memory_mib, 1),
            "kernels": kernel_summary(self.kernels), "eager": kernel_summary(self.eager_kernels, top=0),
        }


def chrome_trace(prof):
    """A finished torch.profiler session's trace, as the chrome-trace JSON it exports."""
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    try:
        prof.export_chrome_trace(path)
        with open(path) as f:
            return json.load(f)
    finally:
        os.unlink(path)


def trace_kernels(trace):
    """The kernels, copies and memsets of a chrome trace, sorted by start: name, start and duration (us), launch
    shape and resources (kineto's names; absent for copies), stream."""
    kernels = []
    for ev in trace.get("traceEvents", []):
        cat = ev.get("cat", "")
        if cat in ("kernel", "gpu_memcpy", "gpu_memset") and "dur" in ev:
            args = ev.get("args", {})
            grid, block = args.get("grid"), args.get("block")
            kernels.append({
                "name": ev.get("name", "?"), "ts": float(ev["ts"]), "dur": float(ev["dur"]),
                "grid": grid[0] * grid[1] * grid[2] if isinstance(grid, list) else None,
                "block": block[0] * block[1] * block[2] if isinstance(block, list) else None,
                # launch resources, for the per-kernel SM footprint
                "regs": args.get("registers per thread"), "smem": args.get("shared memory"),
                "occ": args.get("est. achieved occupancy %"),
                "kind": cat, "stream": args.get("stream"),
            })
    kernels.sort(key=lambda k: k["ts"])
    return kernels


def _patch_capture_checks():
    """HF transformers takes a different (materialised-mask) attention path when it sees a capture in progress, which
    makes the graph run other kernels than eager. Hide the capture from those checks; the caller falls back to a
    plain capture if this one fails."""
    import torch
    patched = []

    def never(*_a, **_k):
        return False

    targets = [torch.cuda, torch.cuda.graphs]
    targets += [m for n, m in list(sys.modules.items()) if n.startswith("transformers") and m is not None]
    for mod in targets:
        for attr in ("is_current_stream_capturing", "is_cuda_stream_capturing"):
            if callable(getattr(mod, attr, None)):
                patched.append((mod, attr, getattr(mod, attr)))
                setattr(mod, attr, never)

    def undo():
        for mod, attr, orig in patched:
            setattr(mod, attr, orig)

    return undo


def _num(x):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return 0
    return round(v, 2) if v == v and v >= 0 else 0


def kernel_summary(kernels, top=12):
    if not kernels:
        return {"count": 0, "gpuTimeUs": 0.0, "spanUs": 0.0}
    durs = sorted(k["dur"] for k in kernels if k["kind"] == "kernel") or [0.0]
    total = sum(k["dur"] for k in kernels)
    span = kernels[-1]["ts"] + kernels[-1]["dur"] - kernels[0]["ts"]
    n = len(durs)

    def q(p):
        return durs[min(n - 1, int(round(p * (n - 1))))]

    def weighted_median(key):
        vals = sorted((k[key], k["dur"]) for k in kernels if k.get(key))
        if not vals:
            return 0
        half, acc = sum(d for _, d in vals) / 2, 0.0
        for v, d in vals:
            acc += d
            if acc >= half:
                return v
        return vals[-1][0]

    by_name = {}
    for k in kernels:
        e = by_name.setdefault(k["name"], {"name": k["name"][:160], "durUs": 0.0, "count": 0})
        e.update({f: k[f] for f in ("grid", "block") if k[f] is not None})  # memcpy/memset have no launch shape
        e["durUs"] += k["dur"]
        e["count"] += 1
    out = {
        "count": len(kernels), "gpuTimeUs": total, "spanUs": span,
        "durationUs": {"mean": sum(durs) / n, "p10": q(0.1), "p50": q(0.5), "p90": q(0.9), "p99": q(0.99), "max": durs[-1]},
        "longKernelFraction": {"over100us": sum(d for d in durs if d > 100) / max(total, 1e-9),
                               "over1ms": sum(d for d in durs if d > 1000) / max(total, 1e-9)},
        "gridBlocks": {"p50": weighted_median("grid"), "max": max((k["grid"] or 0) for k in kernels)},
        "blockThreads": {"p50": weighted_median("block"), "max": max((k["block"] or 0) for k in kernels)},
        "durations": [round(k["dur"], 2) for k in kernels] if top else None,
        # per kernel, in the same order: [grid blocks, block threads, registers/thread, shared memory bytes,
        # estimated occupancy %]; zeros where the trace has no launch shape (copies, memsets)
        "shapes": [[_num(k.get(f)) for f in ("grid", "block", "regs", "smem", "occ")] for k in kernels] if top else None,
    }
    if top:
        out["top"] = sorted(by_name.values(), key=lambda e: -e["durUs"])[:top]
    return out


# ------------------------------------------------------------------------------------------------ measuring

def closed_loop(slot, t_start, windows, window_s, warmup_s, out, idx):
    sleep_until(t_start - warmup_s)
    end = t_start + windows * window_s
    lat = [[] for _ in range(windows)]
    while True:
        t0, t1 = slot.request()
        if t1 >= end:
            break
        if t0 >= t_start:
            lat[int((t0 - t_start) // window_s)].append((t1 - t0) * 1000.0)
    out[idx] = windows_result(lat, window_s)


def host_gap(slot, rounds, window_s, depths):
    """Batches of k back-to-back launches of the request, then one sync, the depths taking turns batch by batch
    (so the GPU's clock drift, 1-3 % between windows, is common to all of them). A batch takes host + k * gpu:
    the launch and sync around it once, the GPU work k times (the next launch is queued while the previous one
    runs). Returns the mean batch time (ms) per depth and window (round); the runner fits host and gpu."""
    out = [[] for _ in depths]
    for _ in range(rounds):
        end = time.time() + window_s
        total, n = [0.0] * len(depths), [0] * len(depths)
        for k in depths:  # settle the queue and clocks at every depth before timing
            slot.batch(k)
        while True:
            for j, k in enumerate(depths):
                t0 = time.time()
                slot.batch(k)
                total[j] += time.time() - t0
                n[j] += 1
            if time.time() >= end:
                break
        for j in range(len(depths)):
            out[j].append(total[j] / n[j] * 1000.0)
    return {"depths": list(depths), "batchMs": out}


def windows_result(lat, window_s):
    pooled = [x for w in lat for x in w]
    return {
        "latencyMs": summarize(pooled),
        "repeats": [{"meanMs": sum(w) / len(w) if w else None, "requests": len(w)} for w in lat],
        "throughput": len(pooled) / (window_s * len(lat)),
    }


def open_loop(slot, t_start, window_s, rate, seed, warmup_s, out, idx):
    rng = random.Random(seed)
    arrivals, t = [], t_start
    while True:
        t += rng.expovariate(rate)
        if t >= t_start + window_s:
            break
        arrivals.append(t)
    sleep_until(t_start - warmup_s)
    while time.time() < t_start - 0.002:  # keep the clocks up until the arrivals start
        slot.request()
    lat = []
    for a in arrivals:
        sleep_until(a)
        _, t1 = slot.request()
        lat.append((t1 - a) * 1000.0)
    chunks = [int((a - t_start) / SUB_WINDOW_S) for a in arrivals]
    out[idx] = {"latencyMs": summarize(lat), "completed": len(lat), "rate": rate, "subP99": sub_window_p99(lat, chunks)}


SUB_WINDOW_S = 4.0  # an open-loop window is also summarised in sub-windows of this length, to show its p99's spread


def sub_window_p99(lat_ms, chunks):
    """p99 of each sub-window (requests grouped by the sub-window their arrival falls in); [] for one sub-window."""
    groups = {}
    for x, c in zip(lat_ms, chunks):
        groups.setdefault(c, []).append(x)
    if len(groups) < 2:
        return []
    return [round(summarize(groups[c])["p99"], 4) for c in sorted(groups)]


def pin(cores):
    """Pin this process to the given CPU cores (none given, or not allowed here: left as it is)."""
    if cores:
        try:
            os.sched_setaffinity(0, set(cores))
        except OSError:
            pass


def run_command(slots, cmd):
    import threading
    idxs = cmd["slots"]
    pin(cmd.get("cores"))
    out = [None] * len(idxs)
    threads = []
    for j, i in enumerate(idxs):
        if cmd.get("openLoop"):
            ol = cmd["openLoop"]
            args = (slots[i], cmd["startAt"], cmd["windowS"], ol["rates"][j], ol["seed"] + 7919 * j, cmd["warmupS"], out, j)
            target = open_loop
        else:
            args = (slots[i], cmd["startAt"], cmd["repeats"], cmd["windowS"], cmd["warmupS"], out, j)
            target = closed_loop
        th = threading.Thread(target=target, args=args, daemon=True)
        threads.append(th)
        th.start()
    for th in threads:
        th.join()
    return out


def gpu_info():
    import torch
    props = torch.cuda.get_device_properties(0)
    driver = ""
    try:
        import pynvml
        pynvml.nvmlInit()
        driver = pynvml.nvmlSystemGetDriverVersion()
        driver = driver.decode() if isinstance(driver, bytes) else driver
    except Exception:  # noqa: BLE001 - NVML is optional here
        pass
    return {"deviceName": props.name, "driver": driver, "cuda": torch.version.cuda or "", "torch": torch.__version__.split("+")[0],
            "smCount": props.multi_processor_count, "memoryGiB": round(props.total_memory / 2**30, 1)}


def main():
    global PROTO
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True, help="JSON: {backend, slots:[{file,name?,batch?,seq?}], cores?}")
    ap.add_argument("--profile-one", action="store_true", help="replay one request between cudaProfilerStart/Stop (for ncu), then exit")
    a = ap.parse_args()
    PROTO = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    spec = json.loads(a.spec)
    pin(spec.get("cores"))
    if spec.get("backend") == "sim":
        import sim
        slots = [sim.SimSlot(s) for s in spec["slots"]]
        send({"event": "ready", "gpu": sim.GPU_INFO, "slots": [s.describe() for s in slots]})
        serve(slots, sim=True)
        return
    try:
        import torch
    except ImportError:
        fatal(3, "python3 has no torch: install PyTorch with CUDA on the GPU host")
    if not torch.cuda.is_available():
        fatal(3, "no CUDA GPU visible (torch.cuda.is_available() is False)")
    try:
        slots = [CudaSlot(s) for s in spec["slots"]]
    except torch.cuda.OutOfMemoryError as e:
        fatal(4, f"out of GPU memory while building: {str(e).splitlines()[0]}")
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        fatal(4, f"building the workload failed: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    if a.profile_one:
        torch.cuda.synchronize()
        torch.cuda.cudart().cudaProfilerStart()
        slots[0].launch()
        torch.cuda.synchronize()
        torch.cuda.cudart().cudaProfilerStop()
        send({"event": "profiled"})
        return
    send({"event": "ready", "gpu": gpu_info(), "slots": [s.describe() for s in slots]})
    serve(slots)


def serve(slots, sim=False):
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        if cmd["cmd"] == "quit":
            send({"event": "bye"})
            return
        if cmd["cmd"] == "profile":
            if not sim:
                for s in slots:
                    s.reprofile()
            send({"event": "profiled", "slots": [s.describe() for s in slots]})
            continue
        if cmd["cmd"] == "hostgap":
            try:
                if sim:
                    import sim as simmod
                    res = simmod.host_gap(slots[cmd["slot"]], cmd["rounds"], cmd["windowS"], cmd["depths"], cmd.get("mode", "timeslice"))
                else:
                    pin(cmd.get("cores"))
                    res = host_gap(slots[cmd["slot"]], cmd["rounds"], cmd["windowS"], cmd["depths"])
                send({"event": "hostgap", "result": res})
            except Exception as e:  # noqa: BLE001 - report, keep serving
                traceback.print_exc()
                send({"event": "hostgap", "error": f"{type(e).__name__}: {e}"})
            continue
        if cmd["cmd"] == "run":
            try:
                if sim:
                    import sim as simmod
                    res = simmod.run_command(slots, cmd)
                else:
                    res = run_command(slots, cmd)
                send({"event": "result", "results": res})
            except Exception as e:  # noqa: BLE001 - report, keep serving
                traceback.print_exc()
                send({"event": "result", "error": f"{type(e).__name__}: {e}"})


if __name__ == "__main__":
    main()
