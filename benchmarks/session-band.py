#!/usr/bin/env python3
"""How often a fresh pair's measured slowdown lies inside the band predict shows, with and without the
between-session part (FittedModel.bandSession; docs/method.md, "Fitting and storage").

For each committed fresh validation run (predictions/<gpu>/<date>.json, the newest unless given) and mode: the
share of fresh values inside the cross-validated band of calibration/<gpu>/model.json (band, or bandNoProbe for
pairs the probe layer did not correct), and inside hypot(band, s), s the 90th percentile of |coloc / sessionSolo - 1|
(a) over all the run's values, as `coloc validate` stores it, (b) leave-one-set-out: s from the other fresh sets
only, each set checked against a band it did not shape. Usage: python3 benchmarks/session-band.py h200 [run.json]
"""
import glob
import json
import math
import os
import sys


def quantile(xs, p):
    xs = sorted(xs)
    if not xs:
        return 0.0
    k = (len(xs) - 1) * p
    f = math.floor(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def main():
    gpu = sys.argv[1] if len(sys.argv) > 1 else "h200"
    runs = sorted(f for f in glob.glob(f"predictions/{gpu}/*.json") if os.path.basename(f)[0].isdigit())
    run = sys.argv[2] if len(sys.argv) > 2 else runs[-1]
    model = json.load(open(f"calibration/{gpu}/model.json"))
    band, no_probe = model["band"], model.get("bandNoProbe", {})
    records = [r for r in json.load(open(run))["records"] if r["split"] == "fresh"]
    set_of = {}
    for f in sorted(glob.glob(f"predictions/{gpu}/fresh-*/pairs.json")):
        for p in json.load(open(f))["entries"]:
            set_of.setdefault((p["mode"], p["a"]["id"], p["b"]["id"]), f.split("/")[2])
    print(f"{gpu}: {run}")
    for mode in ("timeslice", "mps", "streams"):
        rows = []
        for r in records:
            if r["mode"] != mode:
                continue
            b = band.get(mode) if r.get("probeCorrected") else no_probe.get(mode, band.get(mode))
            s = r.get("baselines", {}).get("sessionSolo")
            for i in (0, 1):
                err = abs(r["predicted"][i] / r["measured"][i] - 1)
                moved = abs(r["predicted"][i] / s[i] - 1) if s else None
                rows.append((set_of.get((mode, r["a"], r["b"]), "?"), err, b, moved))
        if not rows or rows[0][2] is None:
            continue
        moved_all = [x[3] for x in rows if x[3] is not None]
        s_all = quantile(moved_all, 0.9)
        inside = lambda rs, s: sum(1 for x in rs if x[1] <= math.hypot(x[2], s))
        loso = 0
        for name in sorted({x[0] for x in rows}):
            rest = [x[3] for x in rows if x[0] != name and x[3] is not None]
            loso += inside([x for x in rows if x[0] == name], quantile(rest, 0.9))
        n = len(rows)
        print(f"  {mode:9s} n {n:3d}  inside the cross-validated band {100 * inside(rows, 0) / n:5.1f} %  "
              f"session band {100 * s_all:.2f} %: inside {100 * inside(rows, s_all) / n:5.1f} %, "
              f"leave-one-set-out {100 * loso / n:5.1f} %")


if __name__ == "__main__":
    main()
