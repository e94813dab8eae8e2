#!/usr/bin/env python3
"""coloc calibration runner: measures solo profiles, kernel profiles, paired co-runs (time-slicing, MPS, CUDA
streams) and open-loop runs of inference workloads on one GPU. See docs/runner-protocol.md and docs/method.md.

Runs by itself on a GPU host (no Node needed) or driven by `coloc calibrate` / `coloc validate` (--jsonl)."""
import argparse
import ast
import contextlib
import csv
import datetime
import io
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODELS_DIR = os.path.join(ROOT, "models")
MODES = ("timeslice", "mps", "streams")
SPREAD_LIMIT = 0.02
# Co-resident workers and GPU memory (Runner.spawn_phase): a second instance is taken to need its first's
# allocation times INSTANCE_SLACK plus INSTANCE_OVERHEAD_MIB (CUDA context, graph pool), and MEM_RESERVE_MIB
# stays free for the windows themselves.
INSTANCE_SLACK = 1.25
INSTANCE_OVERHEAD_MIB = 1024
MEM_RESERVE_MIB = 4096
# The host-gap probe of every solo profile (Runner.host_gap): rounds of one window per batch depth.
HOST_GAP_ROUNDS = 6
HOST_GAP_WINDOW_S = 0.6
HOST_GAP_CLOCK_S = 1.0  # the closed-loop window after the probe that reads the clocks
DEFAULT_OPENLOOP_PAIRS = ["llama+yolo", "bert+gpt2", "llama-decode+resnet50", "llama8b+mobilenet", "deepseek+bert", "yolo+yolo"]
DEFAULT_LOADS = [0.3, 0.6, 0.9]
STREAMS_DEFAULT = ["llama", "yolo", "bert", "gpt2"]
CATALOG_JSON = os.path.join(MODELS_DIR, "catalog.json")


class InputError(Exception):
    code = 2


class EnvError(Exception):
    code = 3


# ------------------------------------------------------------------------------------------------ output

class Out:
    def __init__(self, jsonl):
        self.jsonl = jsonl
        self.total = 0
        self.done = 0
        self.t0 = time.time()

    def emit(self, obj):
        if self.jsonl:
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()
            return
        ev = obj["event"]
        if ev == "progress":
            el = time.time() - self.t0
            eta = el / max(obj["done"], 1) * (obj["total"] - obj["done"])
            print(f"[{obj['done']:>3}/{obj['total']}] {obj['label']}  (elapsed {el:.0f}s, eta {eta:.0f}s)", flush=True)
        elif ev in ("failed", "warning", "error"):
            print(f"{ev}: {obj.get('key', '')} {obj.get('reason') or obj.get('message')}", flush=True)
        elif ev in ("start", "done"):
            print(json.dumps(obj), flush=True)

    def progress(self, label):
        self.done += 1
        self.emit({"event": "progress", "done": self.done, "total": self.total, "label": label})


# ------------------------------------------------------------------------------------------------ workloads

def read_constants(path):
    """NAME/DESCRIPTION/BATCH/SEQ of a workload file, whether it defines build() and whether build() takes a
    batch or seq argument (so it can run at other sizes), without importing it."""
    try:
        tree = ast.parse(open(path, encoding="utf-8").read(), filename=path)
    except OSError as e:
        raise InputError(f"cannot read model file {path}: {e.strerror}")
    except SyntaxError as e:
        raise InputError(f"{path}: not valid Python (line {e.lineno}: {e.msg})")
    consts, has_build, sizable = {}, False, False
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "build":
            has_build = True
            names = {a.arg for a in node.args.args + node.args.kwonlyargs}
            sizable = bool(names & {"batch", "seq"}) or node.args.kwarg is not None
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                consts[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return consts, has_build, sizable


class Workload:
    def __init__(self, name, file, batch, seq, description="", user=False, sizable=True):
        self.name, self.file, self.batch, self.seq = name, file, int(batch), int(seq)
        self.description, self.user, self.sizable = description, user, sizable
        self.id = f"{name}@b{self.batch}s{self.seq}"

    def ref(self):
        return {"id": self.id, "model": self.name, "batch": self.batch, "seq": self.seq}

    def slot_spec(self):
        return {"file": self.file, "name": self.name, "batch": self.batch, "seq": self.seq}


def catalog():
    out = {}
    for fn in sorted(os.listdir(MODELS_DIR)):
        if fn.endswith(".py") and not fn.startswith("_"):
            path = os.path.join(MODELS_DIR, fn)
            c, has_build, sizable = read_constants(path)
            if has_build and "NAME" in c:
                out[c["NAME"]] = Workload(c["NAME"], path, c.get("BATCH", 1), c.get("SEQ", 0), c.get("DESCRIPTION", ""),
                                          sizable=sizable)
    return out


def probe_ids():
    """The probe workloads of models/catalog.json: every workload's profile includes its co-runs next to each
    of them (docs/method.md, probe co-runs)."""
    try:
        with open(CATALOG_JSON) as f:
            return list(json.load(f).get("probes") or [])
    except (OSError, ValueError) as e:
        raise InputError(f"{CATALOG_JSON}: {e}")


def with_probes(ws, pairs, probes):
    """`pairs` plus each workload's co-run next to each probe (in either order, once)."""
    have = {frozenset((a.id, b.id)) for a, b in pairs}
    out = list(pairs)
    for w in ws:
        for p in probes:
            key = frozenset((w.id, p.id))
            if key not in have:
                have.add(key)
                out.append((w, p))
    return out


def user_workload(path):
    path = os.path.abspath(path)
    c, has_build, sizable = read_constants(path)
    if not has_build:
        raise InputError(f"{path}: defines no build() function (it must return a zero-argument callable running one request)")
    name = c.get("NAME") or os.path.splitext(os.path.basename(path))[0]
    return Workload(name, path, c.get("BATCH", 1), c.get("SEQ", 0), c.get("DESCRIPTION", ""), user=True, sizable=sizable)


WORKLOAD_ID = re.compile(r"^([A-Za-z0-9_.-]+)@b([1-9][0-9]*)s([0-9]+)$")


NO_NCU_WARNING = ("ncu (Nsight Compute) is not on PATH: kernel measurements skipped, so MPS and streams predictions of "
                  "these workloads will be much less accurate (docs/accuracy.md); install Nsight Compute and run again "
                  "with --resume, or pass --no-ncu to skip them on purpose")


def ncu_choice(command, no_ncu, backend, have_ncu):
    """Whether this run measures kernels with Nsight Compute, and the warning where it should but ncu is missing
    (without it the MPS and streams predictions lose their kernels' SM activity and occupancy)."""
    wanted = command == "calibrate" and not no_ncu and backend == "cuda"
    return wanted and have_ncu, (NO_NCU_WARNING if wanted and not have_ncu else None)


def parse_loads(text, flag):
    """Offered loads from '0.3,0.6' (the value of option `flag`): each a number in (0, 1.5]."""
    out = []
    for part in text.split(","):
        try:
            v = float(part)
        except ValueError:
            raise InputError(f"bad load '{part}' in {flag} (expected numbers such as 0.3,0.9)")
        if not (0 < v <= 1.5):
            raise InputError(f"load {part} in {flag} is outside (0, 1.5]")
        out.append(v)
    return out


def resolve(names, known):
    """Workloads by name (`bert`: the file's own BATCH and SEQ) or by id at another size (`bert@b64s128`: its
    build(batch, seq) is called with those; a file whose build() takes neither cannot be resized)."""
    out = []
    for n in names:
        m = WORKLOAD_ID.match(n)
        if m and m.group(1) in known:
            base, batch, seq = known[m.group(1)], int(m.group(2)), int(m.group(3))
            if (batch, seq) != (base.batch, base.seq) and not base.sizable:
                raise InputError(f"'{n}': build() in {base.file} takes no batch or seq argument, so it runs only at "
                                 f"{base.id}")
            out.append(Workload(base.name, base.file, batch, seq, base.description, base.user, base.sizable))
            continue
        if n not in known:
            if "@" in n and not m:
                raise InputError(f"bad workload id '{n}' (expected NAME@b<batch>s<seq>, e.g. bert@b64s128)")
            raise InputError(f"unknown workload '{n.split('@')[0]}'; known: {', '.join(sorted(known))}")
        out.append(known[n])
    return out


# ------------------------------------------------------------------------------------------------ storage

def atomic_write(path, obj):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path) or ".")
    with os.fdopen(fd, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def rkey(kind, r):
    if kind == "solo":
        return f"solo:{r['context']}:{r['workload']['id']}"
    if kind == "kernels":
        return f"kernels:{r['workload']['id']}"
    if kind == "pairs":
        return f"{r['mode']}:{r['a']['id']}+{r['b']['id']}"
    if kind == "openloop":
        return f"openloop:{r['mode']}:{r['a']['id']}+{r['b']['id'] if r.get('b') else '-'}:{r['load']}"
    raise ValueError(kind)


class Store:
    """calibration/<gpu>/{meta,solo,kernels,pairs,openloop}.json, rewritten atomically after every measurement."""
    KINDS = ("solo", "kernels", "pairs", "openloop")

    def __init__(self, d):
        self.dir = d
        self.data = {}
        for k in self.KINDS:
            p = os.path.join(d, k + ".json")
            entries = []
            if os.path.exists(p):
                try:
                    entries = json.load(open(p))["entries"]
                except (ValueError, KeyError, TypeError) as e:
                    raise InputError(f"{p}: not a valid calibration file ({e}); move it away or fix it")
            self.data[k] = {rkey(k, r): r for r in entries}
        mp = os.path.join(d, "meta.json")
        self.meta = json.load(open(mp)) if os.path.exists(mp) else None

    def ok(self, kind, key):
        r = self.data[kind].get(key)
        return r is not None and r.get("status", "ok") == "ok"

    def get(self, kind, key):
        return self.data[kind].get(key)

    def put(self, kind, record):
        self.data[kind][rkey(kind, record)] = record
        atomic_write(os.path.join(self.dir, kind + ".json"), {"entries": list(self.data[kind].values())})

    def save_meta(self):
        self.meta["updatedAt"] = now_iso()
        atomic_write(os.path.join(self.dir, "meta.json"), self.meta)


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ------------------------------------------------------------------------------------------------ workers

class WorkerDied(Exception):
    pass


class Worker:
    def __init__(self, slots, backend, cores, env, logdir, label):
        self.slots, self.label = slots, label
        spec = {"backend": backend, "slots": [w.slot_spec() for w in slots], "cores": cores}
        os.makedirs(logdir, exist_ok=True)
        self.log_path = os.path.join(logdir, re.sub(r"[^A-Za-z0-9_.-]", "_", label) + ".log")
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([sys.executable, "-u", os.path.join(HERE, "worker.py"), "--spec", json.dumps(spec)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, env=env, text=True,
                                     start_new_session=True)
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.info = None

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.q.put(json.loads(line))
            except ValueError:
                pass
        self.q.put(None)

    def reason(self):
        """The most telling line of the worker's stderr, for a failure record."""
        try:
            self.log.flush()
            lines = [ln.strip() for ln in open(self.log_path, errors="replace").read().splitlines() if ln.strip()]
        except OSError:
            lines = []
        for ln in reversed(lines[-60:]):
            if re.search(r"(Error|error:|out of memory|Killed|Traceback)", ln) and not ln.startswith("File "):
                return ln[:300]
        rc = self.proc.poll()
        return f"worker exited with code {rc}" if rc is not None else "worker stopped answering"

    def recv(self, timeout):
        try:
            msg = self.q.get(timeout=timeout)
        except queue.Empty:
            raise WorkerDied(f"{self.label}: no answer within {timeout:.0f}s")
        if msg is None:
            self.proc.wait(timeout=10)
            raise WorkerDied(self.reason())
        if msg.get("event") == "fatal":
            self.proc.wait(timeout=10)
            code = msg.get("code", 1)
            if code == 2:
                raise InputError(msg["message"])
            if code == 3:
                raise EnvError(msg["message"])
            raise WorkerDied(msg["message"])
        return msg

    def reprofile(self, timeout):
        """Kernel profile taken alone on the GPU (see worker.reprofile)."""
        self.send({"cmd": "profile"})
        msg = self.recv(timeout)
        self.info["slots"] = msg["slots"]
        return self.info

    def wait_ready(self, timeout):
        self.info = self.recv(timeout)
        try:
            with open(self.log_path[:-4] + ".ready.json", "w") as f:
                json.dump(self.info, f, indent=1)
        except OSError:
            pass
        return self.info

    def send(self, obj):
        try:
            self.proc.stdin.write(json.dumps(obj) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerDied(self.reason())

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.send({"cmd": "quit"})
                self.proc.wait(timeout=10)
            except Exception:  # noqa: BLE001
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
        self.log.close()


# ------------------------------------------------------------------------------------------------ MPS and GPM

class Mps:
    def __init__(self, out):
        base = tempfile.mkdtemp(prefix="coloc-mps-")
        self.env = dict(os.environ, CUDA_MPS_PIPE_DIRECTORY=os.path.join(base, "pipe"), CUDA_MPS_LOG_DIRECTORY=os.path.join(base, "log"))
        os.makedirs(self.env["CUDA_MPS_PIPE_DIRECTORY"])
        os.makedirs(self.env["CUDA_MPS_LOG_DIRECTORY"])
        self.running = False
        self.out = out

    def start(self):
        if not shutil.which("nvidia-cuda-mps-control"):
            raise EnvError("nvidia-cuda-mps-control not found: MPS runs need the NVIDIA MPS daemon")
        r = subprocess.run(["nvidia-cuda-mps-control", "-d"], env=self.env, capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            raise EnvError(f"MPS daemon failed to start: {(r.stderr or r.stdout).strip()[:200]}")
        self.running = True
        time.sleep(0.5)

    def stop(self):
        if not self.running:
            return
        try:
            subprocess.run(["nvidia-cuda-mps-control"], input="quit\n", env=self.env, capture_output=True, text=True, timeout=30)
        except Exception as e:  # noqa: BLE001
            self.out.emit({"event": "warning", "message": f"stopping the MPS daemon: {e}"})
        self.running = False
        time.sleep(1.0)


class Gpm:
    """NVML GPM metrics over a window (Hopper+). Missing NVML or GPM support gives None, never an error."""
    IDS = {"smUtil": "NVML_GPM_METRIC_SM_UTIL", "smOccupancy": "NVML_GPM_METRIC_SM_OCCUPANCY",
           "tensorUtil": "NVML_GPM_METRIC_ANY_TENSOR_UTIL", "dramBwUtil": "NVML_GPM_METRIC_DRAM_BW_UTIL"}

    def __init__(self, backend):
        self.ok = False
        self.why = "simulated backend" if backend == "sim" else None
        if backend == "sim":
            return
        try:
            import pynvml as N
            N.nvmlInit()
            self.N, self.h = N, N.nvmlDeviceGetHandleByIndex(0)
            sup = N.nvmlGpmQueryDeviceSupport(self.h)
            if not getattr(sup, "isSupportedDevice", 0):
                self.why = "GPM not supported on this GPU"
                return
            self.ok = True
        except Exception as e:  # noqa: BLE001
            self.why = f"NVML GPM unavailable: {e}"

    def clocks(self):
        """One reading of SM clock (MHz), board power (W) and whether a power or thermal limit holds the clock down."""
        N = getattr(self, "N", None)
        if N is None:
            return None
        try:
            mhz = N.nvmlDeviceGetClockInfo(self.h, N.NVML_CLOCK_SM)
            watts = N.nvmlDeviceGetPowerUsage(self.h) / 1000.0
            reasons = N.nvmlDeviceGetCurrentClocksEventReasons(self.h) if hasattr(N, "nvmlDeviceGetCurrentClocksEventReasons") \
                else N.nvmlDeviceGetCurrentClocksThrottleReasons(self.h)
            capped = bool(reasons & (0x4 | 0x8 | 0x20 | 0x40 | 0x80))  # SW power cap, HW slowdown, SW/HW thermal, power brake
            return mhz, watts, capped
        except Exception:  # noqa: BLE001 - clocks are optional
            return None

    def free_mib(self):
        """GPU memory NVML reports free (MiB), or None without NVML."""
        N = getattr(self, "N", None)
        if N is None:
            return None
        try:
            return N.nvmlDeviceGetMemoryInfo(self.h).free / 2**20
        except Exception:  # noqa: BLE001 - optional, like the clocks
            return None

    def watch(self, until):
        """Sleep until `until`, reading clocks every 0.1 s; their means (or {} without NVML)."""
        seen = []
        while True:
            left = until - time.time()
            if left <= 0:
                break
            c = self.clocks()
            if c:
                seen.append(c)
            time.sleep(min(0.1, max(0.0, left)))
        if not seen:
            return {}
        n = len(seen)
        return {"smClockMHz": round(sum(c[0] for c in seen) / n, 1), "powerW": round(sum(c[1] for c in seen) / n, 1),
                "clockCappedFraction": round(sum(1 for c in seen if c[2]) / n, 3)}

    def sample(self):
        if not self.ok:
            return None
        s = self.N.nvmlGpmSampleAlloc()
        self.N.nvmlGpmSampleGet(self.h, s)
        return s

    def metrics(self, s1, s2):
        if not (self.ok and s1 and s2):
            return None
        N = self.N
        try:
            mg = N.c_nvmlGpmMetricsGet_t()
            mg.version = N.NVML_GPM_METRICS_GET_VERSION
            mg.numMetrics = len(self.IDS)
            mg.sample1, mg.sample2 = s1, s2
            for i, const in enumerate(self.IDS.values()):
                mg.metrics[i].metricId = getattr(N, const)
            N.nvmlGpmMetricsGet(mg)
            return {k: round(mg.metrics[i].value / 100.0, 5) for i, k in enumerate(self.IDS)}
        except Exception as e:  # noqa: BLE001
            self.ok, self.why = False, f"GPM read failed: {e}"
            return None
        finally:
            for s in (s1, s2):
                try:
                    N.nvmlGpmSampleFree(s)
                except Exception:  # noqa: BLE001
                    pass


# ------------------------------------------------------------------------------------------------ the run

class Runner:
    def __init__(self, args, out):
        self.a, self.out = args, out
        self.backend = args.backend
        self.store = Store(args.out)
        self.workers = {}   # (workload id, instance) -> Worker
        self.stream_worker = None
        self.mps = Mps(out) if self.backend == "cuda" else None
        self.mps_on = False
        self.gpm = Gpm(self.backend)
        self.logdir = os.path.join(tempfile.gettempdir(), "coloc-logs")
        self.ncpu = os.cpu_count() or 4
        self.measured = self.skipped = self.failed = 0
        self.window, self.repeats, self.warmup = args.window, args.repeats, args.warmup
        self.ready_timeout = 60 if self.backend == "sim" else 600
        self.dead = {}      # workload id -> why its worker could not start
        self.deferred = set()  # workload ids whose second instance starts only for its self-pair (spawn_phase)
        self.gpu_info = None

    # -- meta
    def init_meta(self, gpu):
        m = self.store.meta
        if m is None:
            m = {"schemaVersion": 1, "gpu": None, "createdAt": now_iso(), "updatedAt": now_iso(), "wallTimeS": {}, "failures": []}
        info = dict(gpu)
        info["name"] = self.a.gpu
        info["hostname"] = socket.gethostname()
        m["gpu"] = info
        method = {"windowS": self.window, "repeats": self.repeats, "warmupS": self.warmup, "spreadThreshold": SPREAD_LIMIT,
                  "cpuPinning": True, "cudaGraphs": True, "backend": self.backend}
        # The method is that of the first run that measured into this folder; a later run with other settings
        # (e.g. --resume with another --window) is told so rather than silently relabelling earlier data.
        if m.get("method") and m["method"] != method:
            self.out.emit({"event": "warning", "message": f"this calibration was measured with {m['method']}; this run uses {method}"})
        m.setdefault("method", method)
        self.store.meta = m
        self.store.save_meta()

    def check_device(self, gpu):
        """A folder holds one GPU's measurements: a run on another device (say an H100 measuring into the H200's
        calibration) stops before it measures anything, rather than mixing the two. Only between runs of one
        backend (a dry run with the simulated GPU into a copy of a real calibration goes on). A folder without
        data yet is checked against --expect-sms / --expect-memory-gb where given (coloc passes the spec table's
        figures for a GPU name it knows): the SM count must match, the memory within 10 %."""
        m = self.store.meta or {}
        had = (m.get("gpu") or {}).get("deviceName")
        name = gpu.get("deviceName")
        if had and had != name and (m.get("method") or {}).get("backend") == self.backend:
            raise EnvError(f"{self.a.out} was measured on {had}, but this GPU is {name}: measure into "
                           "another folder (--gpu names it, e.g. calibration/<gpu>)")
        sms, mem = getattr(self.a, "expect_sms", None), getattr(self.a, "expect_memory_gb", None)
        if had or not (sms or mem):
            return
        got_sms, got_mem = gpu.get("smCount"), gpu.get("memoryGiB")
        if (sms and got_sms != sms) or (mem and got_mem and abs(got_mem / mem - 1) > 0.1):
            want = ", ".join(x for x in (sms and f"{sms} SMs", mem and f"{mem:g} GB") if x)
            have = f"{got_sms} SMs, {got_mem:g} GiB" if isinstance(got_mem, (int, float)) else f"{got_sms} SMs"
            raise EnvError(f"this GPU ({name}: {have}) is not the {self.a.gpu} of the spec table "
                           f"({want}): give --gpu the name of this GPU (a name not in the spec table is measured as it is)")

    def add_wall(self, phase, seconds):
        w = self.store.meta["wallTimeS"]
        w[phase] = round(w.get(phase, 0.0) + seconds, 1)
        self.store.save_meta()

    def fail(self, kind, record, key, reason):
        record.update(status="failed", reason=reason)
        self.store.put(kind, record)
        fl = [f for f in self.store.meta["failures"] if f["what"] != key]
        fl.append({"what": key, "reason": reason})
        self.store.meta["failures"] = fl
        self.store.save_meta()
        self.failed += 1
        self.out.emit({"event": "failed", "key": key, "reason": reason})

    def succeeded(self, kind, record, key):
        record["status"] = "ok"
        self.store.put(kind, record)
        fl = self.store.meta["failures"]
        if any(f["what"] == key for f in fl):
            self.store.meta["failures"] = [f for f in fl if f["what"] != key]
            self.store.save_meta()
        self.measured += 1
        self.out.emit({"event": "result", "kind": "pair" if kind == "pairs" else kind, "key": key, "status": "ok"})

    # -- workers
    def env(self):
        e = dict(self.mps.env) if (self.mps and self.mps_on) else dict(os.environ)
        e["PYTHONUNBUFFERED"] = "1"
        e.setdefault("TOKENIZERS_PARALLELISM", "false")
        return e

    def core_for(self, i):
        return [1 + i % max(1, self.ncpu - 1)]

    def spawn(self, needs):
        """needs: list of (workload, instance). Start them all at once (builds run in parallel), then wait."""
        started = []
        for i, (w, inst) in enumerate(needs, start=len(self.workers)):
            key = (w.id, inst)
            if key in self.workers:
                continue
            wk = Worker([w], self.backend, self.core_for(i), self.env(), self.logdir, f"{w.id}-{inst}{'-mps' if self.mps_on else ''}")
            self.workers[key] = wk
            started.append((key, wk))
        for key, wk in started:
            try:
                info = wk.wait_ready(self.ready_timeout)
                self.check_device(info["gpu"])
                self.gpu_info = info["gpu"]
            except WorkerDied as e:
                wk.stop()
                del self.workers[key]
                self.dead[key[0]] = str(e)
                self.out.emit({"event": "warning", "message": f"{key[0]}: worker failed to start: {e}"})

    def footprint_mib(self, w):
        """GPU memory one more instance of w would take: what its running instance allocated, plus allocator and
        CUDA-context slack."""
        wk = self.workers.get((w.id, 0))
        mib = wk.info["slots"][0].get("memoryMiB", 0.0) if wk and wk.info else 0.0
        return mib * INSTANCE_SLACK + INSTANCE_OVERHEAD_MIB

    def free_memory_mib(self):
        """GPU memory still free for more workers: NVML's reading, capped by --memory-limit (GiB, over all
        workers) where given; None where neither is known (the simulated backend without a limit)."""
        free = self.gpm.free_mib()
        limit = getattr(self.a, "memory_limit", None)
        if limit:
            left = limit * 1024 - sum(self.footprint_mib(w) for w, _ in self.spawned_workloads())
            free = left if free is None else min(free, left)
        return free

    def spawned_workloads(self):
        return [(wk.slots[0], inst) for (_, inst), wk in self.workers.items()]

    def spawn_phase(self, needs):
        """Start a phase's workers: one per workload first, then a second instance for each self-pair where it
        fits in GPU memory beside all the others (smallest first, keeping MEM_RESERVE_MIB for the windows); the
        rest are deferred: started when their self-pair comes and stopped after it (pair_workers), so a GPU
        smaller than the sum of all workloads still measures every pair."""
        self.deferred = set()
        self.spawn([n for n in needs if n[1] == 0])
        second = sorted((n for n in needs if n[1] != 0), key=lambda n: self.footprint_mib(n[0]))
        free = self.free_memory_mib()
        if free is None:
            return self.spawn(second)
        free -= MEM_RESERVE_MIB
        fits = []
        for w, inst in second:
            cost = self.footprint_mib(w)
            if cost <= free:
                fits.append((w, inst))
                free -= cost
            else:
                self.deferred.add(w.id)
        if self.deferred:
            self.out.emit({"event": "warning", "message": "GPU memory: the second instance of " + ", ".join(sorted(self.deferred))
                           + " starts only for its self-pair"})
        self.spawn(fits)

    @contextlib.contextmanager
    def pair_workers(self, a, b, mode):
        """Around one co-run: the pair's workers are running. A deferred second instance of a self-pair's workload
        (spawn_phase) runs only for that pair, with every other worker stopped to make room (measure_phase puts
        these pairs last); a worker stopped for one starts again when a later co-run needs it."""
        if mode == "streams":
            yield
            return
        transient = a.id == b.id and a.id in self.deferred and (a.id, 1) not in self.workers
        if transient:
            for key in [k for k in self.workers if k != (a.id, 0)]:
                self.workers.pop(key).stop()
        self.spawn([(w, 0) for w in (a, b) if (w.id, 0) not in self.workers and w.id not in self.dead])
        if transient:
            self.spawn([(a, 1)])
        try:
            yield
        finally:
            if transient and (a.id, 1) in self.workers:
                self.workers.pop((a.id, 1)).stop()

    def stop_all(self):
        for wk in list(self.workers.values()):
            wk.stop()
        self.workers.clear()
        if self.stream_worker:
            self.stream_worker.stop()
            self.stream_worker = None

    # -- one synchronised measurement
    def run_together(self, parts, mode, open_loop=None):
        """parts: list of (worker, [slot indexes], [workload ids of peers for sim]). Returns per-part results."""
        start = time.time() + 0.25 + 0.05 * len(parts)
        windows = 1 if open_loop else self.repeats
        for j, (wk, slots, peers) in enumerate(parts):
            cmd = {"cmd": "run", "slots": slots, "startAt": start, "windowS": self.window if not open_loop else open_loop["windowS"],
                   "repeats": windows, "warmupS": self.warmup, "cores": [2 + 2 * j, 3 + 2 * j][: max(1, len(slots))]}
            cmd["cores"] = [c % self.ncpu for c in cmd["cores"]]
            if open_loop:
                cmd["openLoop"] = {"rates": open_loop["rates"][j], "seed": open_loop["seed"] + 101 * j}
            if self.backend == "sim":
                cmd["sim"] = {"mode": mode, "peers": peers}
                if open_loop:
                    cmd["sim"]["peerRates"] = open_loop["peerRates"][j]
            wk.send(cmd)
        dur = (open_loop["windowS"] if open_loop else windows * self.window)
        gpm = None
        if self.gpm.ok:
            time.sleep(max(0.0, start - time.time()))
            s1 = self.gpm.sample()
            clocks = self.gpm.watch(start + dur)  # the power cap lowers the SM clock of some workloads alone
            gpm = self.gpm.metrics(s1, self.gpm.sample())
            if gpm:
                gpm.update(clocks)
        results = []
        for wk, _, _ in parts:
            msg = wk.recv(timeout=dur + self.warmup + 120)
            if msg.get("error"):
                raise WorkerDied(msg["error"])
            results.append(msg["results"])
        return results, gpm

    # -- tasks
    def measure_solo(self, w, context):
        key = f"solo:{context}:{w.id}"
        rec = {"workload": w.ref(), "context": context}
        wk = self.workers.get((w.id, 0))
        if wk is None:
            return self.fail("solo", rec, key, self.dead.get(w.id, "worker not running"))
        slot = wk.info["slots"][0]

        def once():
            (res,), gpm = self.run_together([(wk, [0], [])], "mps" if context == "mps" else "timeslice")
            return res[0], gpm

        try:
            res, gpm = once()
            spread = rep_spread(res)
            remeasured = False
            if spread > SPREAD_LIMIT:
                res, gpm = once()
                spread, remeasured = rep_spread(res), True
        except WorkerDied as e:
            self.restart(w, 0)
            return self.fail("solo", rec, key, str(e))
        if not res.get("latencyMs"):
            return self.fail("solo", rec, key, self.no_requests())
        if self.backend == "sim":
            gpm = slot.get("gpm")
        rec.update(capture=slot["capture"], latencyMs=strip_n(res["latencyMs"]), throughput=round(res["throughput"], 4),
                   repeats=res["repeats"], spread=round(spread, 5), flagged=spread > SPREAD_LIMIT, remeasured=remeasured,
                   memoryMiB=slot["memoryMiB"])
        if gpm:
            rec["gpm"] = gpm
        # The solo windows just read the clocks where NVML allows (gpm.clockCappedFraction): the probe need not.
        gap = self.host_gap(w, context, wk, read_clocks="clockCappedFraction" not in (gpm or {}))
        if gap:
            rec["hostGap"] = gap
        self.succeeded("solo", rec, key)

    def host_gap(self, w, context, wk, read_clocks=True):
        """How a solo request's latency splits into GPU-busy time and host time between requests (launch, sync):
        batches of 1 and 2 back-to-back launches per sync, alternating (worker.host_gap); a batch of k takes
        host + k * gpu (the depths take turns batch by batch within each window). None (and a warning) where the
        probe fails: the solo record is kept without it. With read_clocks, also the clocks (probe_clocks)."""
        rounds, window, depths = HOST_GAP_ROUNDS, HOST_GAP_WINDOW_S, [1, 2]
        cmd = {"cmd": "hostgap", "slot": 0, "rounds": rounds, "windowS": window, "depths": depths, "mode": context,
               "cores": [2 % self.ncpu]}
        try:
            wk.send(cmd)
            msg = wk.recv(timeout=rounds * len(depths) * (window + 5) + 60)
            if msg.get("error"):
                raise WorkerDied(msg["error"])
            res = msg["result"]
            clocks = self.probe_clocks(wk) if read_clocks and self.backend != "sim" else {}
        except WorkerDied as e:
            self.out.emit({"event": "warning", "message": f"{w.id}: host-gap probe failed ({e}); solo profile kept without it"})
            self.restart(w, 0)
            return None
        b1, b2 = res["batchMs"][0], res["batchMs"][1]
        hosts = [2 * x - y for x, y in zip(b1, b2)]
        gpus = [y - x for x, y in zip(b1, b2)]
        if not hosts or not all(g > 0 for g in gpus):
            self.out.emit({"event": "warning", "message": f"{w.id}: host-gap probe gave no usable batches; solo profile kept without it"})
            return None
        out = {"hostMs": r4(sum(hosts) / len(hosts)), "gpuMs": r4(sum(gpus) / len(gpus)),
               "spreadMs": r4(max(hosts) - min(hosts)), "depths": depths, "windowS": window,
               "batchMs": [[r4(x) for x in b] for b in res["batchMs"]]}
        if clocks:
            out["clocks"] = clocks
        return out

    def probe_clocks(self, wk):
        """SM clock, power and power-limit share over one closed-loop window after the probe (whether this workload
        alone holds the clock down: the time-slice model's power-cap term). Not read during the probe's batches,
        so the reads cannot add to their host time (calibration/sessions/h200-2026-12-03.sh)."""
        if getattr(self.gpm, "N", None) is None:
            return {}
        start = time.time() + 0.2
        wk.send({"cmd": "run", "slots": [0], "startAt": start, "windowS": HOST_GAP_CLOCK_S, "repeats": 1, "warmupS": 0.2,
                 "cores": [2 % self.ncpu]})
        clocks = self.gpm.watch(start + HOST_GAP_CLOCK_S)
        msg = wk.recv(timeout=HOST_GAP_CLOCK_S + 60)
        if msg.get("error"):
            raise WorkerDied(msg["error"])
        return clocks

    def add_host_gap(self, w, context):
        """Add the host-gap probe to a solo record measured before the runner had it (calibrate --resume)."""
        key = f"solo:{context}:{w.id}"
        wk = self.workers.get((w.id, 0))
        rec = self.store.get("solo", key)
        if wk is None or rec is None:
            return
        gap = self.host_gap(w, context, wk)
        if gap:
            self.store.put("solo", {**rec, "hostGap": gap})
            self.measured += 1

    def save_kernels(self, w):
        key = f"kernels:{w.id}"
        wk = self.workers.get((w.id, 0))
        if wk is None:
            return
        s = wk.info["slots"][0]
        k, e = s["kernels"], s["eager"]
        rec = {"workload": w.ref(), "capture": s["capture"], "kernelCount": k["count"], "gpuTimeMs": round(k["gpuTimeUs"] / 1000, 4),
               "spanMs": round(k["spanUs"] / 1000, 4), "eagerKernelCount": e["count"], "eagerGpuTimeMs": round(e["gpuTimeUs"] / 1000, 4),
               "durationUs": k.get("durationUs") or {"mean": 0, "p10": 0, "p50": 0, "p90": 0, "p99": 0, "max": 0},
               "longKernelFraction": k.get("longKernelFraction") or {"over100us": 0, "over1ms": 0},
               "gridBlocks": k.get("gridBlocks") or {"p50": 0, "max": 0}, "blockThreads": k.get("blockThreads") or {"p50": 0, "max": 0},
               "top": k.get("top", []), "sequenceUs": k.get("durations") or []}
        if k.get("shapes"):
            rec["sequenceShape"] = k["shapes"]
        if s.get("captureNote"):
            rec["captureNote"] = s["captureNote"][:600]
        old = self.store.get("kernels", key)
        if old and old.get("ncu"):
            rec["ncu"] = old["ncu"]
        self.succeeded("kernels", rec, key)

    def pair_parts(self, a, b, mode):
        if mode == "streams":
            sw = self.stream_worker
            ia = sw.slot_index[(a.id, 0)]
            ib = sw.slot_index[(b.id, 1 if a.id == b.id else 0)]
            return [(sw, [ia, ib], [])]
        wa = self.workers.get((a.id, 0))
        wb = self.workers.get((b.id, 1 if a.id == b.id else 0))
        if wa is None or wb is None:
            raise WorkerDied(self.dead.get(a.id if wa is None else b.id, "worker not running"))
        return [(wa, [0], [b.name]), (wb, [0], [a.name])]

    def flatten(self, results, mode):
        """Per-model results of a pair, whether from two workers or one stream worker."""
        if mode == "streams":
            return results[0][0], results[0][1]
        return results[0][0], results[1][0]

    def measure_pair(self, a, b, mode):
        key = f"{mode}:{a.id}+{b.id}"
        rec = {"mode": mode, "a": a.ref(), "b": b.ref()}
        context = "mps" if mode == "mps" else "exclusive"
        sa, sb = (self.store.get("solo", f"solo:{context}:{w.id}") for w in (a, b))
        if not (sa and sa.get("status") == "ok" and sb and sb.get("status") == "ok"):
            return self.fail("pairs", rec, key, f"no {context} solo baseline for {a.id if not (sa and sa.get('status') == 'ok') else b.id}")

        def once():
            results, gpm = self.run_together(self.pair_parts(a, b, mode), mode)
            return self.flatten(results, mode), gpm

        try:
            with self.pair_workers(a, b, mode):
                (ra, rb), gpm = once()
                spread = max(rep_spread(ra), rep_spread(rb))
                remeasured = False
                if spread > SPREAD_LIMIT:
                    (ra, rb), gpm = once()
                    spread, remeasured = max(rep_spread(ra), rep_spread(rb)), True
        except WorkerDied as e:
            self.recover(a, b, mode)
            return self.fail("pairs", rec, key, str(e))
        if not (ra.get("latencyMs") and rb.get("latencyMs")):
            return self.fail("pairs", rec, key, self.no_requests())
        la, lb = ra["latencyMs"]["mean"], rb["latencyMs"]["mean"]
        solo = (sa["latencyMs"]["mean"], sb["latencyMs"]["mean"])
        rec.update(latencyMs=[r4(la), r4(lb)], p99Ms=[r4(ra["latencyMs"]["p99"]), r4(rb["latencyMs"]["p99"])],
                   slowdown=[r4(la / solo[0]), r4(lb / solo[1])], throughput=[r4(ra["throughput"]), r4(rb["throughput"])],
                   normThroughput=[r4(ra["throughput"] / sa["throughput"]), r4(rb["throughput"] / sb["throughput"])],
                   soloLatencyMs=[r4(solo[0]), r4(solo[1])],
                   repeats=[[r4(x["meanMs"]), r4(y["meanMs"])] for x, y in zip(ra["repeats"], rb["repeats"])],
                   spread=round(spread, 5), remeasured=remeasured, flagged=spread > SPREAD_LIMIT)
        if gpm:
            rec["gpm"] = gpm
        self.succeeded("pairs", rec, key)

    def no_requests(self, window=None):
        return (f"no request finished within a {window or self.window:g} s window (one request takes longer: "
                f"raise --window)")

    def measure_openloop(self, a, b, mode, load):
        key = f"openloop:{mode}:{a.id}+{b.id}:{load}"
        rec = {"mode": mode, "a": a.ref(), "b": b.ref(), "load": load, "windowS": self.a.openloop_window}
        context = "mps" if mode == "mps" else "exclusive"
        sa, sb = (self.store.get("solo", f"solo:{context}:{w.id}") for w in (a, b))
        if not (sa and sa.get("status") == "ok" and sb and sb.get("status") == "ok"):
            return self.fail("openloop", rec, key, "no solo baseline")
        # `load` is the pair's combined offered load: each model gets half of it, as a fraction of its solo capacity.
        rates = [r4(load / 2 * sa["throughput"]), r4(load / 2 * sb["throughput"])]
        rec["ratesRps"] = rates
        try:
            with self.pair_workers(a, b, mode):
                parts = self.pair_parts(a, b, mode)
                if mode == "streams":
                    ol = {"rates": [rates], "peerRates": [[]]}
                else:
                    ol = {"rates": [[rates[0]], [rates[1]]], "peerRates": [[rates[1]], [rates[0]]]}
                ol.update(windowS=self.a.openloop_window, seed=int(load * 1000) + 17)
                # Each model's arrivals are random.Random(seed).expovariate(rate) from the window's start (worker.py
                # open_loop): part j gets seed + 101 j (run_together), slot k of a part + 7919 k. Recorded so that a
                # prediction can be checked against the run's own arrival sequence.
                rec["arrivalSeeds"] = [ol["seed"] + 7919 * k for k in range(2)] if mode == "streams" else [ol["seed"] + 101 * j for j in range(2)]
                results, gpm = self.run_together(parts, mode, open_loop=ol)
                ra, rb = self.flatten(results, mode)
        except WorkerDied as e:
            self.recover(a, b, mode)
            return self.fail("openloop", rec, key, str(e))
        if not (ra.get("latencyMs") and rb.get("latencyMs")):
            return self.fail("openloop", rec, key, self.no_requests(self.a.openloop_window))
        rec.update(meanMs=[r4(ra["latencyMs"]["mean"]), r4(rb["latencyMs"]["mean"])], p50Ms=[r4(ra["latencyMs"]["p50"]), r4(rb["latencyMs"]["p50"])],
                   p99Ms=[r4(ra["latencyMs"]["p99"]), r4(rb["latencyMs"]["p99"])], completed=[ra["completed"], rb["completed"]])
        if ra.get("subP99") and rb.get("subP99"):
            rec["subWindowP99Ms"] = [ra["subP99"], rb["subP99"]]
        if gpm:
            # the clock the open-loop run got: with idle time between requests the power cap may hold it less
            rec["gpm"] = gpm
        self.succeeded("openloop", rec, key)

    @contextlib.contextmanager
    def booked(self, phase, t0=None):
        """Books the wall time of a block under `phase`, also where it is interrupted (the calibration's cost)."""
        t0 = time.time() if t0 is None else t0
        try:
            yield
        finally:
            if self.store.meta is not None:
                self.add_wall(phase, time.time() - t0)

    def measure_phase(self, plan, mode, context, t0, solo_wall=None):
        """Solo baselines, then the pairs, then the open-loop runs of one mode; wall time booked per phase (solo
        time, worker start-up included, under `solo_wall` if given, else under the mode)."""
        with self.booked(solo_wall or mode, t0):
            for w in plan["solo"]:
                self.measure_solo(w, context)
                self.out.progress(f"solo {context} {w.id}")
            for w in plan["hostgap"]:
                self.add_host_gap(w, context)
                self.out.progress(f"host gap {context} {w.id}")
        with self.booked(mode):
            self.measure_pairs(plan["pairs"], mode)
        with self.booked("openloop"):
            for a, b, load in plan["openloop"]:
                self.measure_openloop(a, b, mode, load)
                self.out.progress(f"open loop {mode} {a.name}+{b.name} at {load:.0%}")

    def measure_pairs(self, pairs, mode):
        # Self-pairs whose second instance had no room (spawn_phase) go last: each stops the other workers.
        last = [(a, b) for a, b in pairs if a.id == b.id and a.id in self.deferred]
        for a, b in [p for p in pairs if p not in last] + last:
            self.measure_pair(a, b, mode)
            self.out.progress(f"pair {mode} {a.name}+{b.name}")

    def restart(self, w, inst):
        wk = self.workers.pop((w.id, inst), None)
        if wk:
            wk.stop()
        self.spawn([(w, inst)])

    def recover(self, a, b, mode):
        if mode == "streams":
            self.stream_worker.stop()
            self.stream_worker = None
            self.start_stream_worker(self.stream_set)
            return
        for w, inst in ((a, 0), (b, 1 if a.id == b.id else 0)):
            if inst == 1 and w.id in self.deferred:
                continue  # started again for its next self-pair (pair_workers)
            wk = self.workers.get((w.id, inst))
            if wk is None or wk.proc.poll() is not None:
                self.restart(w, inst)

    def start_stream_worker(self, workloads):
        self.stream_set = workloads
        slots, index = [], {}
        for w, inst in workloads:
            index[(w.id, inst)] = len(slots)
            slots.append(w)
        wk = Worker(slots, self.backend, [2, 3], self.env(), self.logdir, "streams")
        try:
            wk.wait_ready(self.ready_timeout)
        except WorkerDied as e:
            wk.stop()
            raise WorkerDied(f"stream worker failed to start: {e}")
        wk.slot_index = index
        self.stream_worker = wk
        self.check_device(wk.info["gpu"])

    # -- ncu
    def ncu_run(self, w, metric_sets, launch_args):
        """ncu over one request of w with the first metric set that gives rows (a later set leaves out metrics
        an ncu version may lack): (rows, units, error of the last attempt)."""
        spec = {"backend": "cuda", "slots": [w.slot_spec()], "cores": self.core_for(0)}
        err = ""
        for metrics in metric_sets:
            cmd = ["ncu", "--clock-control", "none", "--csv", "--page", "raw", "--profile-from-start", "off", *launch_args,
                   "--metrics", ",".join(metrics), sys.executable, os.path.join(HERE, "worker.py"), "--spec", json.dumps(spec), "--profile-one"]
            try:
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=self.a.ncu_timeout, env=self.env())
            except subprocess.TimeoutExpired:
                err = f"ncu timed out after {self.a.ncu_timeout}s"
                continue
            rows, units = parse_ncu_csv_units(r.stdout)
            if rows:
                return rows, units, ""
            err = (r.stderr.strip().splitlines() or r.stdout.strip().splitlines() or ["ncu produced no rows"])[-1][:300]
        return None, {}, err

    def ncu_failed(self, w, what, err):
        self.out.emit({"event": "warning", "message": f"{what} on {w.id}: {err}"})
        self.store.meta["failures"] = [f for f in self.store.meta["failures"] if f["what"] != f"{what}:{w.id}"] + [{"what": f"{what}:{w.id}", "reason": err}]
        self.store.save_meta()

    def ncu_profile(self, w):
        """The first kernels of a request (resource demand, weighted by their time), then one launch of every
        launch configuration of the request (how much of the SMs each kind of kernel holds over its run)."""
        key = f"kernels:{w.id}"
        rec = self.store.get("kernels", key)
        if not rec or rec.get("status") != "ok":
            return
        if not rec.get("ncu"):
            self.ncu_demand(w, rec)
        if rec.get("ncu") and "configs" not in rec["ncu"]:
            rows, units, err = self.ncu_run(w, (NCU_CONFIG_METRICS, NCU_CONFIG_METRICS[:-2]),
                                            ["--filter-mode", "per-launch-config", "--launch-count", "1", "--print-units", "base"])
            if rows:
                rec["ncu"]["configs"] = ncu_configs(rows, units)
                self.store.put("kernels", rec)
            else:
                self.ncu_failed(w, "ncu-configs", err)
        self.out.emit({"event": "result", "kind": "kernels", "key": key + ":ncu", "status": "ok" if rec.get("ncu") else "failed"})

    def ncu_demand(self, w, rec):
        """ncu's SM, DRAM, tensor and occupancy figures of the first kernels of a request, weighted by their time."""
        metrics_full = ["gpu__time_duration.sum", "sm__throughput.avg.pct_of_peak_sustained_elapsed",
                        "dram__throughput.avg.pct_of_peak_sustained_elapsed", "sm__warps_active.avg.pct_of_peak_sustained_active",
                        "sm__pipe_tensor_op_hmma_cycles_active.avg.pct_of_peak_sustained_active",
                        "sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_sustained_active",
                        "lts__t_sector_hit_rate.pct", "launch__grid_size", "launch__block_size"]
        n = min(self.a.ncu_kernels, rec["kernelCount"])
        rows, units, err = self.ncu_run(w, (metrics_full, metrics_full[:5] + metrics_full[6:]), ["--launch-count", str(n)])
        if not rows:
            self.ncu_failed(w, "ncu", err)
            return
        dur = durations_us(rows, units)
        tot = sum(dur) or 1.0

        def wavg(col):
            vals = [(num(r.get(col)), d) for r, d in zip(rows, dur) if r.get(col) not in (None, "", "n/a")]
            return sum(v * d for v, d in vals) / max(sum(d for _, d in vals), 1e-12) if vals else None

        seq = rec.get("sequenceUs") or []
        prof_same = sum(seq[:len(rows)]) if seq else None
        tp = [x for x in (wavg(metrics_full[4]), wavg(metrics_full[5])) if x is not None]
        rec["ncu"] = {"profiledKernels": len(rows), "coverage": r4(min(1.0, tot / max(rec["gpuTimeMs"] * 1000, 1e-9))),
                      "smThroughputPct": r4(wavg(metrics_full[1]) or 0), "dramThroughputPct": r4(wavg(metrics_full[2]) or 0),
                      "achievedOccupancyPct": r4(wavg(metrics_full[3]) or 0), "tensorPipePct": r4(max(tp) if tp else 0)}
        l2 = wavg(metrics_full[6])
        if l2 is not None:
            rec["ncu"]["l2HitPct"] = r4(l2)
        if prof_same:
            rec["ncu"]["timeCheckRatio"] = r4(tot / prof_same)
        self.store.put("kernels", rec)


# Per launch configuration: its shape (to find its launches in the kernel sequence), its time, and how much of
# the GPU it holds over its run: achieved occupancy over the cycles an SM was active, the theoretical
# occupancy of its shape, and the share of elapsed cycles the SMs were active (a kernel whose blocks finish
# at different times leaves SMs free before it ends). The last two (DRAM and SM throughput) are optional.
NCU_CONFIG_METRICS = ["gpu__time_duration.sum", "launch__grid_size", "launch__block_size", "launch__registers_per_thread",
                      "launch__shared_mem_per_block_static", "launch__shared_mem_per_block_dynamic",
                      "sm__warps_active.avg.pct_of_peak_sustained_active", "sm__maximum_warps_per_active_cycle_pct",
                      "sm__cycles_active.avg", "sm__cycles_elapsed.avg",
                      "dram__throughput.avg.pct_of_peak_sustained_elapsed", "sm__throughput.avg.pct_of_peak_sustained_elapsed"]


def ncu_configs(rows, units):
    """kernels.json ncu.configs from the rows of a per-launch-config ncu run (--print-units base: bytes and
    cycles unscaled): grid, block, registers and shared memory of the launch, its time (us), achieved and
    theoretical occupancy (%), SMs active (% of elapsed cycles), DRAM and SM throughput (% of peak, when
    measured)."""
    dur = durations_us(rows, units)
    out = []
    for r, d in zip(rows, dur):
        elapsed = num(r.get("sm__cycles_elapsed.avg"))
        c = {"grid": int(num(r.get("launch__grid_size"))), "block": int(num(r.get("launch__block_size"))),
             "regs": int(num(r.get("launch__registers_per_thread"))),
             "smem": int(num(r.get("launch__shared_mem_per_block_static")) + num(r.get("launch__shared_mem_per_block_dynamic"))),
             "durUs": r4(d), "achievedOccPct": r4(num(r.get("sm__warps_active.avg.pct_of_peak_sustained_active"))),
             "theoreticalOccPct": r4(num(r.get("sm__maximum_warps_per_active_cycle_pct"))),
             "smActivePct": r4(min(100.0, 100 * num(r.get("sm__cycles_active.avg")) / elapsed) if elapsed > 0 else 0.0)}
        for col, name in (("dram__throughput.avg.pct_of_peak_sustained_elapsed", "dramPct"), ("sm__throughput.avg.pct_of_peak_sustained_elapsed", "smPct")):
            if r.get(col) not in (None, "", "n/a"):
                c[name] = r4(num(r.get(col)))
        if c["grid"] > 0 and c["block"] > 0:
            out.append(c)
    return out


def parse_ncu_csv(text):
    """The kernel rows of `ncu --csv --page raw` output; the units row (ncu's second line) is returned apart."""
    rows, _ = parse_ncu_csv_units(text)
    return rows


def parse_ncu_csv_units(text):
    lines = [ln for ln in text.splitlines() if not ln.startswith("==")]
    start = next((i for i, ln in enumerate(lines) if ln.startswith('"ID"')), None)
    if start is None:
        return [], {}
    rd = list(csv.DictReader(io.StringIO("\n".join(lines[start:]))))
    units = next((r for r in rd if not r.get("ID", "").strip().isdigit()), {}) or {}
    return [r for r in rd if r.get("ID", "").strip().isdigit()], units


TIME_UNITS_US = {"ns": 1e-3, "nsecond": 1e-3, "us": 1.0, "usecond": 1.0, "ms": 1e3, "msecond": 1e3, "s": 1e6, "second": 1e6}


def durations_us(rows, units, col="gpu__time_duration.sum"):
    """Kernel durations in microseconds, in the unit ncu's units row gives for the column. ncu picks the unit
    itself (nanoseconds for short kernels); only output without a units row falls back to a guess from the
    magnitude, which misreads a request whose first kernels are all shorter than 10 us."""
    dur = [num(r.get(col)) for r in rows]
    scale = TIME_UNITS_US.get(str(units.get(col, "")).strip().lower())
    if scale is None:
        scale = 1e-3 if dur and max(dur) > 1e4 else 1.0
    return [d * scale for d in dur]


def num(s):
    try:
        return float(str(s).replace(",", ""))
    except (TypeError, ValueError):
        return 0.0


def r4(x):
    return round(float(x), 4)


def strip_n(lat):
    return {k: r4(v) for k, v in lat.items() if k != "n"}


def rep_spread(res):
    means = [r["meanMs"] for r in res["repeats"] if r["meanMs"]]
    if len(means) < 2:
        return 0.0
    return (max(means) - min(means)) / statistics.mean(means)


# ------------------------------------------------------------------------------------------------ planning

def all_pairs(ws):
    return [(ws[i], ws[j]) for i in range(len(ws)) for j in range(i, len(ws))]


def parse_pairs(spec, known):
    out = []
    for p in spec.split(","):
        names = [x for x in p.strip().split("+") if x]
        if len(names) != 2:
            raise InputError(f"'{p}' is not a pair: write a+b")
        a, b = resolve(names, known)
        out.append((a, b))
    return out


def instances(ws, plan):
    """Worker instances a phase needs: one per workload that something of the plan measures (all of them on a
    first run, few on a resume), a second for a workload paired with itself."""
    runs = plan["pairs"] + [(a, b) for a, b, _ in plan["openloop"]]
    used = {w.id for k in ("solo", "kernels", "hostgap") for w in plan.get(k, [])} | {w.id for p in runs for w in p}
    need = [(w, 0) for w in ws if w.id in used]
    need += [(a, 1) for a, b in runs if a.id == b.id]
    return list(dict.fromkeys(need))


def run(args, out):
    known = catalog()
    user = [user_workload(p) for p in (args.model_file or [])]
    for u in user:
        known[u.name] = u
    modes = [m for m in (args.modes.split(",") if args.modes else ["timeslice", "mps", "streams"]) if m]
    for m in modes:
        if m not in MODES:
            raise InputError(f"unknown mode '{m}'; known: {', '.join(MODES)}")
    probes, helpers = [], []
    if args.command == "measure":
        pairs = parse_pairs(args.pairs, known)
        ws = []
        for a, b in pairs:
            for w in (a, b):
                if w not in ws:
                    ws.append(w)
        loads = parse_loads(args.rates_load, '--rates-load') if args.rates_load else []
        ol_pairs = pairs if loads else []
        stream_pairs = pairs if "streams" in modes else []
        ts_pairs = pairs
    else:
        if args.models:
            ws = resolve([x for x in args.models.split(",") if x], known)
        elif user:
            ws = list(user)
        else:
            ws = list(catalog().values())
        ws += [u for u in user if u not in ws]
        ts_pairs = [] if args.no_pairs or (user and not args.models) else all_pairs(ws)
        stream_names = args.streams_models.split(",") if args.streams_models else STREAMS_DEFAULT
        sw = [w for w in ws if w.name in stream_names]
        stream_pairs = all_pairs(sw) if "streams" in modes and not args.no_pairs else []
        probes = [] if args.no_probes else resolve(probe_ids(), known)
        if probes:
            ts_pairs = with_probes(ws, ts_pairs, probes)
            stream_pairs = with_probes(sw, stream_pairs, probes) if "streams" in modes else []
            helpers = [p for p in probes if p.id not in {w.id for w in ws}]
            ws += helpers
        loads = (parse_loads(args.openloop_loads, '--openloop-loads') if args.openloop_loads else DEFAULT_LOADS) if args.openloop else []
        ol_pairs = []
        if args.openloop:
            for p in (args.openloop_pairs.split(",") if args.openloop_pairs else DEFAULT_OPENLOOP_PAIRS):
                names = p.split("+")
                if all(n in {w.name for w in ws} for n in names):
                    ol_pairs.append(tuple(resolve(names, known)))
    os.makedirs(args.out, exist_ok=True)
    r = Runner(args, out)
    st = r.store

    redo = set((args.redo or "").split(",")) - {""}

    def todo(kind, key):
        if args.resume and kind not in redo and st.ok(kind, key):
            r.skipped += 1
            return False
        return True

    def orient(mode, pairs):
        """A pair already stored the other way round keeps that order, so a resume neither measures it again
        nor stores it twice."""
        return [(b, a) if f"{mode}:{b.id}+{a.id}" in st.data["pairs"] and f"{mode}:{a.id}+{b.id}" not in st.data["pairs"]
                else (a, b) for a, b in pairs]

    # Phase plan. Solo baselines are measured whenever a pair needs them and they are not already there.
    excl_modes = [m for m in modes if m in ("timeslice", "streams")]
    plan_excl = {"solo": [w for w in ws if todo("solo", f"solo:exclusive:{w.id}")],
                 "kernels": [w for w in ws if todo("kernels", f"kernels:{w.id}")],
                 "pairs": [(a, b) for a, b in orient("timeslice", ts_pairs) if "timeslice" in modes and todo("pairs", f"timeslice:{a.id}+{b.id}")],
                 "openloop": [(a, b, l) for a, b in ol_pairs for l in loads if "timeslice" in modes and todo("openloop", f"openloop:timeslice:{a.id}+{b.id}:{l}")],
                 "streams": [(a, b) for a, b in orient("streams", stream_pairs) if "streams" in modes and todo("pairs", f"streams:{a.id}+{b.id}")]}
    if not excl_modes and not args.command == "calibrate":
        plan_excl["solo"] = []
    if args.command == "measure":
        plan_excl["kernels"] = []
        if not excl_modes:
            plan_excl["solo"] = []
    plan_mps = {"solo": [w for w in ws if "mps" in modes and todo("solo", f"solo:mps:{w.id}")],
                "pairs": [(a, b) for a, b in orient("mps", ts_pairs) if "mps" in modes and todo("pairs", f"mps:{a.id}+{b.id}")],
                "openloop": [(a, b, l) for a, b in ol_pairs for l in loads if "mps" in modes and todo("openloop", f"openloop:mps:{a.id}+{b.id}:{l}")]}
    if args.command == "calibrate" and user and not args.models and not probes:
        plan_mps = {"solo": plan_mps["solo"], "pairs": [], "openloop": []}

    def lacks_gap(context, w):
        rec = st.get("solo", f"solo:{context}:{w.id}")
        return rec is not None and rec.get("status", "ok") == "ok" and (not rec.get("hostGap") or "hostgap" in redo)

    # Solo records kept from an earlier calibration get the host-gap probe where they lack it.
    kept = args.command == "calibrate"
    plan_excl["hostgap"] = [w for w in ws if kept and w not in plan_excl["solo"] and lacks_gap("exclusive", w)]
    plan_mps["hostgap"] = [w for w in ws if kept and "mps" in modes and w not in plan_mps["solo"] and lacks_gap("mps", w)]
    # A probe that is there only for its co-runs is measured alone only where the folder lacks its profile.
    for h in helpers:
        for plan, kind, key in ((plan_excl["solo"], "solo", f"solo:exclusive:{h.id}"), (plan_excl["kernels"], "kernels", f"kernels:{h.id}"),
                                (plan_mps["solo"], "solo", f"solo:mps:{h.id}")):
            if h in plan and st.ok(kind, key):
                plan.remove(h)
    use_ncu, ncu_warning = ncu_choice(args.command, args.no_ncu, args.backend, bool(shutil.which("ncu")))
    if ncu_warning:
        out.emit({"event": "warning", "message": ncu_warning})
    plan_ncu = [w for w in ws if use_ncu and not ((args.resume or w in helpers) and "configs" in ((st.get("kernels", f"kernels:{w.id}") or {}).get("ncu") or {}))]
    out.total = sum(len(v) for v in plan_excl.values()) + sum(len(v) for v in plan_mps.values()) + len(plan_ncu)
    out.emit({"event": "start", "gpu": args.gpu, "total": out.total, "skipped": r.skipped, "backend": args.backend})
    t_all = time.time()
    try:
        # ---------------- exclusive: solo, kernels, time-slicing, open loop, streams
        if any(plan_excl[k] for k in ("solo", "kernels", "pairs", "openloop", "hostgap")):
            t0 = time.time()
            r.spawn_phase(instances(ws, plan_excl))
            if r.gpu_info is None:
                raise EnvError("no worker started: " + "; ".join(f"{k}: {v}" for k, v in r.dead.items()))
            r.init_meta(r.gpu_info)
            for w in plan_excl["kernels"]:
                if (w.id, 0) in r.workers:
                    try:
                        r.workers[(w.id, 0)].reprofile(r.ready_timeout)
                    except WorkerDied as e:
                        r.restart(w, 0)
                        r.fail("kernels", {"workload": w.ref()}, f"kernels:{w.id}", str(e))
                        out.progress(f"kernels {w.id}")
                        continue
                    r.save_kernels(w)
                else:
                    r.fail("kernels", {"workload": w.ref()}, f"kernels:{w.id}", r.dead.get(w.id, "worker not running"))
                out.progress(f"kernels {w.id}")
            r.measure_phase(plan_excl, "timeslice", "exclusive", t0, solo_wall="solo")
            r.stop_all()
        if plan_excl["streams"]:
            t0 = time.time()
            need = []
            for a, b in plan_excl["streams"]:
                need += [(a, 0), (b, 1 if a.id == b.id else 0)]
            try:
                r.start_stream_worker(list(dict.fromkeys(need)))
                if r.store.meta is None:
                    r.init_meta(r.stream_worker.info["gpu"])
            except WorkerDied as e:
                for a, b in plan_excl["streams"]:
                    r.fail("pairs", {"mode": "streams", "a": a.ref(), "b": b.ref()}, f"streams:{a.id}+{b.id}", str(e))
                    out.progress(f"pair streams {a.name}+{b.name}")
                plan_excl["streams"] = []
            with r.booked("streams", t0):
                for a, b in plan_excl["streams"]:
                    r.measure_pair(a, b, "streams")
                    out.progress(f"pair streams {a.name}+{b.name}")
                r.stop_all()
        # ---------------- ncu per-kernel profiles (one request each, sequentially, nothing else on the GPU)
        if plan_ncu:
            with r.booked("ncu"):
                for w in plan_ncu:
                    r.ncu_profile(w)
                    out.progress(f"ncu {w.id}")
        # ---------------- MPS
        if any(plan_mps.values()):
            t0 = time.time()
            if r.mps:
                r.mps.start()
                r.mps_on = True
            r.spawn_phase(instances(ws, plan_mps))
            if r.store.meta is None:
                if r.gpu_info is None:
                    raise EnvError("no worker started under MPS: " + "; ".join(f"{k}: {v}" for k, v in r.dead.items()))
                r.init_meta(r.gpu_info)
            r.measure_phase(plan_mps, "mps", "mps", t0)
    finally:
        r.stop_all()
        if r.mps:
            r.mps.stop()
    out.emit({"event": "done", "wallS": round(time.time() - t_all, 1), "measured": r.measured, "skipped": r.skipped, "failed": r.failed})


def main(argv=None):
    ap = argparse.ArgumentParser(prog="runner.py", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("calibrate", "measure"):
        p = sub.add_parser(name)
        p.add_argument("--gpu", required=True)
        p.add_argument("--out", required=True, help="calibration folder (calibration/<gpu>) or, for measure, a fresh folder")
        p.add_argument("--model-file", action="append", help="a user workload file (repeatable)")
        p.add_argument("--modes", default=None)
        p.add_argument("--resume", action="store_true")
        p.add_argument("--backend", choices=["cuda", "sim"], default="cuda")
        p.add_argument("--window", type=float, default=2.0)
        p.add_argument("--repeats", type=int, default=2)
        p.add_argument("--warmup", type=float, default=0.4)
        p.add_argument("--openloop-window", type=float, default=16.0,
                       help="seconds of Poisson arrivals per open-loop run (a 4 s window's p99 varies by ~15 %% between windows)")
        p.add_argument("--jsonl", action="store_true")
        p.add_argument("--expect-sms", type=int, default=None, help="stop unless the GPU has this many SMs (a new folder)")
        p.add_argument("--expect-memory-gb", type=float, default=None, help="stop unless the GPU's memory is within 10 %% of this (a new folder)")
        p.add_argument("--redo", default=None, help="with --resume, measure these kinds again anyway (solo,kernels,pairs,openloop,hostgap)")
        if name == "calibrate":
            p.add_argument("--models", default=None)
            p.add_argument("--streams-models", default=None)
            p.add_argument("--openloop", action="store_true")
            p.add_argument("--openloop-pairs", default=None)
            p.add_argument("--openloop-loads", default=None,
                           help="combined offered loads of the open-loop runs (default 0.3,0.6,0.9), e.g. 0.9 to measure one load again with a longer --openloop-window")
            p.add_argument("--no-pairs", action="store_true", help="no co-runs among the workloads (their probe co-runs still run)")
            p.add_argument("--no-probes", action="store_true", help="no co-runs next to the probe workloads of models/catalog.json")
            p.add_argument("--no-ncu", action="store_true")
            p.add_argument("--ncu-kernels", type=int, default=25, help="kernels of one request profiled with ncu (first N)")
            p.add_argument("--ncu-timeout", type=int, default=240)
            p.add_argument("--memory-limit", type=float, default=None,
                           help="GiB of GPU memory all workers together may hold (default: what the GPU has free); a second "
                                "instance that does not fit starts only for its self-pair")
        else:
            p.add_argument("--pairs", required=True)
            p.add_argument("--rates-load", default=None, help="combined offered loads for open-loop runs, e.g. 0.3,0.6")
    args = ap.parse_args(argv)
    if args.command == "measure":
        args.no_ncu, args.no_pairs, args.openloop, args.no_probes = True, False, False, True
    if args.repeats < 2:
        args.repeats = 2
    out = Out(args.jsonl)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        run(args, out)
        return 0
    except (InputError, EnvError) as e:
        out.emit({"event": "error", "message": str(e), "code": e.code})
        if not args.jsonl:
            print(f"error: {e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        out.emit({"event": "error", "message": "interrupted: finished measurements are kept (run again with --resume)", "code": 130})
        return 130


if __name__ == "__main__":
    sys.exit(main())
