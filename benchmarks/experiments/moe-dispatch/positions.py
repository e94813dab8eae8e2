#!/usr/bin/env python3
"""deepseek's capacity dispatch: each routed token's position within its expert, two capturable ways.

  python3 benchmarks/experiments/moe-dispatch/positions.py [OUT_FILE]

`cumsum`: what models/deepseek.py does (one-hot routing matrix, cumulative sum over the tokens: PyTorch runs it
as tensor_kernel_scan_outer_dim, one block). `sort`: positions from a stable sort of the expert ids and each
expert's start (per-expert counts from the same one-hot matrix), no scan over the long dimension. Checks the two
agree on random and skewed routings, captures each in a CUDA graph, and reports replay time and the kernels
each runs (torch.profiler), at deepseek's shapes (512 tokens x top-8 over 64 experts).
"""
import sys

import torch
import torch.nn.functional as F

E, K, T = 64, 8, 512


def by_cumsum(flat):
    onehot = F.one_hot(flat, E)
    return (onehot.cumsum(0) - 1).gather(1, flat[:, None])[:, 0]


def by_sort(flat):
    n = flat.numel()
    order = torch.sort(flat, stable=True).indices
    counts = F.one_hot(flat, E).sum(0)
    starts = counts.cumsum(0) - counts
    pos_sorted = torch.arange(n, device=flat.device) - starts[flat[order]]
    return torch.empty_like(flat).scatter_(0, order, pos_sorted)


def main():
    out = open(sys.argv[1], "w") if len(sys.argv) > 1 else sys.stdout
    say = lambda *a: print(*a, file=out, flush=True)
    dev = "cuda"
    say(f"torch {torch.__version__}, {torch.cuda.get_device_name()}")
    g = torch.Generator(device=dev).manual_seed(0)
    for name, flat in [
        ("uniform", torch.randint(0, E, (T * K,), device=dev, generator=g)),
        ("skewed", (torch.rand(T * K, device=dev, generator=g) ** 3 * E).long().clamp_(0, E - 1)),
        ("one expert", torch.full((T * K,), 5, device=dev, dtype=torch.long)),
    ]:
        same = torch.equal(by_cumsum(flat), by_sort(flat))
        say(f"agree ({name}): {same}")
    static = torch.randint(0, E, (T * K,), device=dev, generator=g)
    for fn in (by_cumsum, by_sort):
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for _ in range(3):
                fn(static)
        torch.cuda.current_stream().wait_stream(s)
        graph = torch.cuda.CUDAGraph()
        try:
            with torch.cuda.graph(graph):
                res = fn(static)
        except Exception as e:  # noqa: BLE001
            say(f"{fn.__name__}: capture failed: {type(e).__name__}: {e}")
            continue
        graph.replay()
        torch.cuda.synchronize()
        ok = torch.equal(res, by_cumsum(static))
        n = 200
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record()
        for _ in range(n):
            graph.replay()
        b.record()
        torch.cuda.synchronize()
        say(f"{fn.__name__}: captured, result agrees {ok}, replay {a.elapsed_time(b) / n * 1000:.1f} us per call")
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
            for _ in range(5):
                graph.replay()
            torch.cuda.synchronize()
        try:
            for ev in prof.key_averages():
                total = getattr(ev, "device_time_total", None) or getattr(ev, "cuda_time_total", 0)
                if total and ev.count:
                    say(f"    {ev.count // 5:3d} x {total / ev.count:8.1f} us  {ev.key[:90]}")
        except Exception as e:  # noqa: BLE001
            say(f"    (profiler listing failed: {e})")
            say(prof.key_averages().table(row_limit=12))
    say("done")


if __name__ == "__main__":
    main()
