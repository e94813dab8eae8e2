"""A simulated GPU with known contention, for testing the runner and the TypeScript <-> Python path without torch or
a GPU. It is deliberately simple and documented, so that a fit can be checked against its true constants:

- time-slicing: round-robin between contexts with work, quantum QUANTUM_MS, switch cost SWITCH_MS, preemption at any
  point (not only at kernel boundaries);
- mps / streams: both progress concurrently; while both have work each runs at 1 / max(1, demand sum) of its solo
  speed, where the demand sum is the larger of the SM and DRAM demand sums; MPS solo runs MPS_SOLO_FACTOR slower.

Workload profiles are made up but shaped like the catalog (GPU ms per request, host gap, SM and DRAM demand).
Environment: COLOC_SIM_SPEED (seconds slept per simulated second, default 0.05), COLOC_SIM_CRASH (a workload name
whose worker dies on its first run), COLOC_SIM_NOISE (relative noise per window, default 0.002), COLOC_SIM_DEVICE
(the device name it reports, default "Simulated GPU")."""
import hashlib
import math
import os
import random
import sys
import time

QUANTUM_MS = 2.0
SWITCH_MS = 0.12
MPS_SOLO_FACTOR = 1.06
STREAMS_EXTRA = 1.03

GPU_INFO = {"deviceName": os.environ.get("COLOC_SIM_DEVICE", "Simulated GPU"), "driver": "sim", "cuda": "sim", "torch": "none",
            "smCount": 100, "memoryGiB": 80.0}

# name: (GPU ms per request, host gap ms, sm demand, dram demand, kernel count)
PROFILES = {
    "gpt2": (3.1, 0.05, 0.70, 0.35, 150),
    "bert": (1.6, 0.04, 0.65, 0.30, 110),
    "llama": (5.2, 0.05, 0.85, 0.30, 260),
    "llama8b": (16.0, 0.06, 0.90, 0.35, 500),
    "llama-decode": (1.1, 0.04, 0.30, 0.85, 230),
    "deepseek": (6.5, 0.05, 0.45, 0.80, 180),
    "yolo": (4.2, 0.05, 0.60, 0.45, 240),
    "resnet50": (3.3, 0.05, 0.70, 0.40, 170),
    "mobilenet": (2.2, 0.04, 0.40, 0.55, 160),
}


def profile_for(name):
    if name in PROFILES:
        return PROFILES[name]
    h = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    return (1.0 + (h % 900) / 100.0, 0.05, 0.3 + (h >> 10) % 60 / 100.0, 0.2 + (h >> 20) % 60 / 100.0, 100 + (h >> 30) % 200)


class SimSlot:
    def __init__(self, spec):
        path = spec["file"]
        if not os.path.isfile(path):
            _fatal(2, f"model file not found: {path}")
        text = open(path, encoding="utf-8").read()
        if "def build(" not in text:
            _fatal(2, f"{path}: defines no build() function (it must return a zero-argument callable running one request)")
        self.name = spec.get("name") or os.path.splitext(os.path.basename(path))[0]
        self.batch, self.seq = spec.get("batch") or 1, spec.get("seq") or 1
        g, gap, sm, dram, kc = profile_for(self.name)
        base = _default_size(self.name)
        # A workload the table does not know runs at its file's own size: scale 1.
        scale = (self.batch * self.seq) / base if base else 1.0
        self.gpu_ms = g * (scale ** 0.8 if scale != 1 else 1.0)
        self.gap_ms, self.sm, self.dram, self.kernel_count = gap, sm, dram, kc

    def describe(self):
        n = self.kernel_count
        mean_us = self.gpu_ms * 1000.0 / n
        durs = [round(mean_us * (0.3 + 1.4 * ((i * 7919) % 101) / 100.0), 2) for i in range(n)]
        total = sum(durs)
        return {
            "name": self.name, "capture": "graph", "captureNote": None, "captureLog": ["sim"], "memoryMiB": 1000.0,
            "kernels": {
                "count": n, "gpuTimeUs": total, "spanUs": total * 1.01,
                "durationUs": {"mean": mean_us, "p10": mean_us * 0.44, "p50": mean_us, "p90": mean_us * 1.56, "p99": mean_us * 1.69, "max": mean_us * 1.7},
                "longKernelFraction": {"over100us": 1.0 if mean_us > 100 else 0.3, "over1ms": 0.0},
                "gridBlocks": {"p50": int(132 * self.sm * 4), "max": 4096},
                "blockThreads": {"p50": 256, "max": 1024},
                "durations": durs,
                "shapes": [[[132, 528, 4096][i % 3], 256, 64, 0, round(100 * self.sm, 2)] for i in range(n)],
                "top": [{"name": f"{self.name}_kernel", "durUs": total, "count": n, "grid": 528, "block": 256}],
            },
            "eager": {"count": n, "gpuTimeUs": total, "spanUs": total * 1.5},
            "gpm": self.gpm(),
        }

    def gpm(self):
        busy = self.gpu_ms / (self.gpu_ms + self.gap_ms)
        return {"smUtil": busy * min(1.0, self.sm + 0.2), "smOccupancy": busy * self.sm * 0.6,
                "tensorUtil": busy * max(0.0, self.sm - 0.3), "dramBwUtil": busy * self.dram}


def _default_size(name):
    return {"gpt2": 8 * 512, "bert": 16 * 128, "llama": 1024, "llama8b": 512, "llama-decode": 32 * 1024, "deepseek": 512,
            "yolo": 8 * 640, "resnet50": 32 * 224, "mobilenet": 64 * 224}.get(name)


def _fatal(code, msg):
    import worker
    worker.fatal(code, msg)


def simulate(mode, clients, duration_ms, open_rates=None, seed=1):
    """Event simulation of 1-2 clients. clients: list of (gpu_ms, gap_ms, sm, dram). Closed loop unless open_rates.
    Returns per-client latency lists (ms)."""
    rng = random.Random(seed)
    n = len(clients)
    solo_factor = MPS_SOLO_FACTOR if mode == "mps" else 1.0
    work = [c[0] * solo_factor for c in clients]
    # state per client
    remaining = [0.0] * n      # GPU work left of the current request
    gap_left = [0.0] * n       # host gap left before the next launch (closed loop)
    started = [0.0] * n
    queue = [[] for _ in range(n)]  # open loop: arrival times waiting
    next_arrival = [rng.expovariate(r / 1000.0) if open_rates else math.inf for r in (open_rates or [0] * n)]
    lat = [[] for _ in range(n)]
    t = 0.0
    if not open_rates:
        for i in range(n):
            remaining[i], started[i] = work[i], 0.0
    current, slice_left, switching = 0, QUANTUM_MS, 0.0
    # Closed loop: run for the window. Open loop: arrivals only inside the window, and every one of them is
    # served (the real worker does the same), so run on until the queues drain.
    while t < duration_ms or (open_rates and (any(r > 1e-12 for r in remaining) or any(queue))):
        busy = [remaining[i] > 1e-12 for i in range(n)]
        # rates
        rate = [0.0] * n
        if mode == "timeslice":
            if switching > 0:
                pass
            elif busy[current]:
                rate[current] = 1.0
            elif any(busy):
                current = busy.index(True)
                switching, slice_left = SWITCH_MS, QUANTUM_MS
        else:
            active = [i for i in range(n) if busy[i]]
            if len(active) == 2:
                demand = max(clients[0][2] + clients[1][2], clients[0][3] + clients[1][3])
                f = 1.0 / max(1.0, demand * (STREAMS_EXTRA if mode == "streams" else 1.0))
                for i in active:
                    rate[i] = f
            for i in active:
                rate[i] = rate[i] or 1.0
        # time to next event
        dt = duration_ms - t if t < duration_ms else math.inf
        for i in range(n):
            if rate[i] > 0:
                dt = min(dt, remaining[i] / rate[i])
            if gap_left[i] > 0:
                dt = min(dt, gap_left[i])
            dt = min(dt, next_arrival[i] - t)
        if mode == "timeslice":
            if switching > 0:
                dt = min(dt, switching)
            elif rate[current] > 0 and sum(busy) == 2:
                dt = min(dt, slice_left)
        if dt == math.inf:
            break
        dt = max(dt, 0.0)
        t += dt
        for i in range(n):
            remaining[i] = max(0.0, remaining[i] - rate[i] * dt)
        if mode == "timeslice":
            if switching > 0:
                switching = max(0.0, switching - dt)
            elif rate[current] > 0:
                slice_left -= dt
                other = 1 - current if n == 2 else current
                if slice_left <= 1e-12 and n == 2 and remaining[other] > 1e-12 and remaining[current] > 1e-12:
                    current, switching, slice_left = other, SWITCH_MS, QUANTUM_MS
        for i in range(n):
            if gap_left[i] > 0:
                gap_left[i] -= dt
                if gap_left[i] <= 1e-12:
                    gap_left[i] = 0.0
                    remaining[i], started[i] = work[i], t
            if open_rates and next_arrival[i] <= t + 1e-12:
                queue[i].append(next_arrival[i])
                nxt = t + rng.expovariate(open_rates[i] / 1000.0)
                next_arrival[i] = nxt if nxt < duration_ms else math.inf
                if remaining[i] <= 1e-12 and len(queue[i]) == 1:
                    remaining[i] = work[i]
            if remaining[i] <= 1e-12 and rate[i] > 0:
                if open_rates:
                    arr = queue[i].pop(0)
                    lat[i].append(t - arr + clients[i][1])
                    if queue[i]:
                        remaining[i] = work[i]
                else:
                    lat[i].append(t - started[i] + clients[i][1])
                    gap_left[i] = clients[i][1]
                if mode == "timeslice" and current == i and n == 2:
                    slice_left = QUANTUM_MS
    return lat


def host_gap(slot, rounds, window_s, depths, mode="timeslice"):
    """The worker's 'hostgap' probe on the simulated GPU: a batch of k launches takes the host gap once and the
    GPU work k times, with the same per-window noise as the timed runs."""
    noise = float(os.environ.get("COLOC_SIM_NOISE", "0.002"))
    rng = random.Random(int(hashlib.sha256((slot.name + mode).encode()).hexdigest()[:8], 16))
    g = slot.gpu_ms * (MPS_SOLO_FACTOR if mode == "mps" else 1.0)
    time.sleep(rounds * len(depths) * window_s * float(os.environ.get("COLOC_SIM_SPEED", "0.05")))
    return {"depths": list(depths), "batchMs": [[(slot.gap_ms + k * g) * (1.0 + rng.gauss(0, noise)) for _ in range(rounds)] for k in depths]}


def run_command(slots, cmd):
    """Answer a worker 'run' command from the simulation. cmd['sim'] names the mode and the peers' workloads."""
    crash = os.environ.get("COLOC_SIM_CRASH")
    names = [slots[i].name for i in cmd["slots"]] + list(cmd["sim"].get("peers", []))
    if crash and crash in [slots[i].name for i in cmd["slots"]]:
        sys.stderr.write("simulated worker crash\n")
        os._exit(9)
    mode = cmd["sim"]["mode"]
    clients = []
    for nm in names:
        s = next((x for x in slots if x.name == nm), None)
        if s is None:
            g, gap, sm, dram, _ = profile_for(nm)
            clients.append((g, gap, sm, dram))
        else:
            clients.append((s.gpu_ms, s.gap_ms, s.sm, s.dram))
    ol = cmd.get("openLoop")
    windows = 1 if ol else cmd["repeats"]
    window_ms = cmd["windowS"] * 1000.0
    noise = float(os.environ.get("COLOC_SIM_NOISE", "0.002"))
    seed = int(hashlib.sha256(("|".join(sorted(names)) + mode).encode()).hexdigest()[:8], 16)
    rates = None
    if ol:
        rates = list(ol["rates"]) + list(cmd["sim"].get("peerRates", []))
    time.sleep(max(0.0, (cmd["startAt"] - time.time())) + windows * cmd["windowS"] * float(os.environ.get("COLOC_SIM_SPEED", "0.05")))
    out = []
    for j, i in enumerate(cmd["slots"]):
        pos = j  # this slot's client index
        lats = []
        reps = []
        rng = random.Random(seed + 31 * j)
        for w in range(windows):
            sim_lat = simulate(mode, clients, window_ms, open_rates=rates, seed=seed + w)[pos]
            f = 1.0 + rng.gauss(0, noise)
            sim_lat = [x * f for x in sim_lat]
            lats += sim_lat
            reps.append({"meanMs": sum(sim_lat) / max(1, len(sim_lat)), "requests": len(sim_lat)})
        import worker
        if ol:
            per = max(1, int(round(cmd["windowS"] / worker.SUB_WINDOW_S)))
            chunks = [min(per - 1, k * per // max(1, len(lats))) for k in range(len(lats))]  # arrival order
            out.append({"latencyMs": worker.summarize(lats), "completed": len(lats), "rate": ol["rates"][j],
                        "subP99": worker.sub_window_p99(lats, chunks)})
        else:
            out.append({"latencyMs": worker.summarize(lats), "repeats": reps, "throughput": len(lats) / (windows * cmd["windowS"])})
    return out
