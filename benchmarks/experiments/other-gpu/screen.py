#!/usr/bin/env python3
"""Does a pair's miss on one GPU tell its miss on the other? (tenth 2026-12-07 session)

The MPS misses that stay in leave-one-pair-out are pair-specific (../effects/interaction.py found no pair term in the
workloads' features). This screen asks whether the same pair misses the same way on the other Hopper. For every pair
both GPUs have measured in a mode (their calibrations' pairs, as the committed offline runs hold them), it takes the
other GPU's residual of the solo-profile core, r_Y = log(measured_Y / core_Y) (core_Y: the lopo record's `noProbes`
prediction, the simulation without the probe and effects layers), and predicts the pair on GPU X as
  P' = core_X * exp((1 - k) * log(P_X / core_X) + k * r_Y),
the geometric blend of X's full prediction P_X with X's core moved by Y's measured core residual (`--k`, default
0.5 and 0.75). Also the simpler P_X * exp(k * log(measured_Y / P_Y)) with Y's lopo prediction P_Y (`lopoY`).
Splits: X's lopo and lomo records from `predictions/X/offline-2026-12-07.json`, and X's fresh records
(`predictions/X/2026-12-07.json`) of pairs Y's calibration has, one value per pair and side (of the last set where
several measured it). Prints MAPE (max) over the pairs both GPUs have,
and the correlation of the two GPUs' residuals.
`--transfer`: the same for the transfer check's records (X's pairs predicted from Y's calibration alone), as
P_T * exp(k * log(measured_Y / P_Y)), P_Y the lopo record's prediction from Y's data alone (its `thisGpu` where the
run has one), over all of X's transfer values.
Usage: python3 benchmarks/experiments/other-gpu/screen.py [--mode mps|streams|timeslice] [--transfer]
"""
import json
import math
import sys

import numpy as np


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def sides(path, mode, split):
    """{(victim, aggressor): {M, P, C}} of one run's records of a mode and split (P: from that GPU's data alone; C: the
    noProbes prediction)."""
    out = {}
    for x in json.load(open(path))["records"]:
        if x["split"] != split or x["mode"] != mode:
            continue
        for i in (0, 1):
            key = ((x["a"], x["b"]), (x["b"], x["a"]))[i]
            # the prediction from this GPU's data alone (runs since the layer was built keep it as thisGpu)
            own = x["baselines"].get("thisGpu") or x["predicted"]
            out[key] = {"M": x["measured"][i], "P": own[i], "C": x["baselines"]["noProbes"][i]}
    return out


def mape(errs):
    return f"{100 * np.mean(errs):.2f} % (max {100 * np.max(errs):.1f} %)"


def transfer(mode, ks):
    for x_gpu, y_gpu in (("h200", "h100"), ("h100", "h200")):
        y = {}
        for r in json.load(open(f"predictions/{y_gpu}/offline-2026-12-07.json"))["records"]:
            if r["split"] == "lopo" and r["mode"] == mode:
                own = r.get("baselines", {}).get("thisGpu") or r["predicted"]
                for i, key in enumerate(((r["a"], r["b"]), (r["b"], r["a"]))):
                    y[key] = math.log(r["measured"][i] / own[i])
        recs = [r for r in json.load(open(f"predictions/{x_gpu}/offline-2026-12-07.json"))["records"] if r["split"] == "transfer" and r["mode"] == mode]
        sides = [(r["predicted"][i], r["measured"][i], y.get(key)) for r in recs for i, key in enumerate(((r["a"], r["b"]), (r["b"], r["a"])))]
        line = f"{x_gpu} transferred from {y_gpu}, {mode}, {len(sides)} values ({sum(t is not None for _, _, t in sides)} measured there): coloc {mape([abs(p / m - 1) for p, m, _ in sides])}"
        for k in ks:
            line += f"; k {k}: {mape([abs(p * math.exp(k * (t or 0)) / m - 1) for p, m, t in sides])}"
        print(line)


def main():
    mode = arg("--mode", "mps")
    ks = [float(k) for k in arg("--k", "0.5,0.75").split(",")]
    if "--transfer" in sys.argv:
        return transfer(mode, ks)
    for x_gpu, y_gpu in (("h100", "h200"), ("h200", "h100")):
        y = sides(f"predictions/{y_gpu}/offline-2026-12-07.json", mode, "lopo")
        for split, path in (("lopo", "offline-2026-12-07.json"), ("lomo", "offline-2026-12-07.json"), ("fresh", "2026-12-07.json")):
            x = sides(f"predictions/{x_gpu}/{path}", mode, split)
            common = [k for k in x if k in y]
            if not common:
                continue
            rx = np.array([math.log(x[k]["M"] / x[k]["P"]) for k in common])
            ry = np.array([math.log(y[k]["M"] / y[k]["P"]) for k in common])
            line = f"{x_gpu} from {y_gpu}'s pairs, {mode} {split}, {len(common)} values (r {np.corrcoef(rx, ry)[0, 1]:+.2f}): coloc {mape([abs(x[k]['P'] / x[k]['M'] - 1) for k in common])}"
            for k in ks:
                blend = [abs(x[c]["C"] * math.exp((1 - k) * math.log(x[c]["P"] / x[c]["C"]) + k * math.log(y[c]["M"] / y[c]["C"])) / x[c]["M"] - 1) for c in common]
                lopo_y = [abs(x[c]["P"] * math.exp(k * math.log(y[c]["M"] / y[c]["P"])) / x[c]["M"] - 1) for c in common]
                line += f"; k {k}: blend {mape(blend)}, lopoY {mape(lopo_y)}"
            print(line)


if __name__ == "__main__":
    main()
