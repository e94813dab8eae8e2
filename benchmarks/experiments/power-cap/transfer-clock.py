#!/usr/bin/env python3
"""Could a power model move the power limit along with a transferred workload? (an experiment, not in the model)

For each workload profiled on both Hoppers: its solo SM clock and board power on the source card (the solo
windows' GPM reading, else the host-gap probe's) give its power at the top clock, P0 + (P - P0) (f_top / f)^a;
with the energy per request kept across the cards, the target card draws that times the source's solo latency
over the target's (here the target's measured latency, an oracle the spec-table transfer would only estimate);
above the limit the clock drops to where the power meets it. Prints the clocks this gives against the target's
measured ones, beside keeping the source's clock (what the transfer does).

  python3 benchmarks/experiments/power-cap/transfer-clock.py [P0_W ALPHA LIMIT_W]   (default 100 3 690)
"""
import json
import sys

TOP = 1980.0


def solo(gpu):
    out = {}
    for x in json.load(open(f"calibration/{gpu}/solo.json"))["entries"]:
        if x["context"] != "exclusive":
            continue
        g = x.get("gpm") or {}
        h = (x.get("hostGap") or {}).get("clocks") or {}
        f = g.get("smClockMHz") or h.get("smClockMHz")
        p = g.get("powerW") or h.get("powerW")
        if f and p:
            out[x["workload"]["id"]] = (x["latencyMs"]["mean"], f, p)
    return out


def main():
    p0, alpha, limit = (float(v) for v in (sys.argv[1:4] if len(sys.argv) >= 4 else (100, 3, 690)))
    cards = {g: solo(g) for g in ("h100", "h200")}
    print(f"P0 {p0:.0f} W, power ~ f^{alpha:g} above it, limit {limit:.0f} W")
    for src, tgt in (("h100", "h200"), ("h200", "h100")):
        s, t = cards[src], cards[tgt]
        model, keep = [], []
        for w in sorted(set(s) & set(t)):
            ls, fs, ps = s[w]
            lt, ft, _ = t[w]
            top_src = p0 + (ps - p0) * (TOP / fs) ** alpha
            top_tgt = p0 + (top_src - p0) * ls / lt
            f = min(TOP, TOP * ((limit - p0) / (top_tgt - p0)) ** (1 / alpha)) if top_tgt > limit else TOP
            model.append(abs(f - ft))
            keep.append(abs(fs - ft))
            if abs(f - ft) > 20 or abs(fs - ft) > 20:
                print(f"  {src} -> {tgt} {w:22} source {fs:.0f} MHz {ps:.0f} W; model {f:.0f}, kept {fs:.0f}, measured {ft:.0f} MHz")
        print(f"  {src} -> {tgt}: mean |clock error| over {len(model)} workloads: model {sum(model) / len(model):.1f} MHz, source's clock kept {sum(keep) / len(keep):.1f} MHz")


if __name__ == "__main__":
    main()
