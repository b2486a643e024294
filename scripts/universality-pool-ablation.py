#!/usr/bin/python3
"""The recipe with another pool, against the recipe over its seeds.

    /usr/bin/python3 scripts/universality-pool-ablation.py REF.tsv[,REF2.tsv...] ABLATION.tsv[,...] \
        [--variants "-;similarity only;head only;similarity + head"] [--by-data]

REF: UniversalitySuite rows of the recipe (its own pool) at one or more seeds (seed 1's rows, and
rows named "(seed N)"); ABLATION: rows of the suite's --unode-without, --unode-pool or
--unode-auto-aug runs, whose method names say "without A", "only A" or "AutoAugOOD weights" (one
seed). For each such pool and score variant, prints the mean over the tasks the ablation ran of its
AUROC, and the difference to the recipe's mean over its seeds on the same tasks; the last row gives,
per variant, the recipe's mean and the noise of such a difference: the pooled sample std of one fit
over seeds (the root of the mean variance over the tasks) times sqrt((1 + 1/k) / n), for n tasks and
k reference seeds. With --by-data, one row per pool and data set, each with its own noise row.
"""
import argparse
import csv
import re
import statistics
import sys

SEED = re.compile(r" \(seed (\d+)\)$")
WITHOUT = re.compile(r", without ([^,)]+)")
ONLY = re.compile(r", only ([^,)]+)")
AUTO = re.compile(r", AutoAugOOD weights")
DATA_ORDER = ["fmnist", "digits", "textures", "textures-oa"]


def arm(method):
    """The pool a row's method name says it trained on instead of the recipe's, or None."""
    parts = []
    w, o = WITHOUT.search(method), ONLY.search(method)
    if w:
        parts.append("without " + w.group(1))
    if o:
        parts.append("only " + o.group(1))
    if AUTO.search(method):
        parts.append("AutoAugOOD weights")
    return ", ".join(parts) or None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ref")
    ap.add_argument("ablation")
    ap.add_argument("--variants", default="-;similarity only;head only;similarity + head")
    ap.add_argument("--by-data", action="store_true", help="one row per pool and data set")
    a = ap.parse_args()
    variants = a.variants.split(";")
    ref = {}  # (data, task, variant) -> {seed: auroc}
    for p in a.ref.split(","):
        for r in csv.DictReader(open(p, newline=""), delimiter="\t"):
            m = r["method"]
            if r["data"] == "data" or "UNODE" not in m or arm(m):
                continue
            if re.search(r"grey jitter|contrastive weight|held out of training", m):
                continue  # another recipe
            s = SEED.search(m)
            ref.setdefault((r["data"], r["task"], r["variant"]), {})[int(s.group(1)) if s else 1] = float(r["auroc"])
    abl = {}  # pool -> {(data, task, variant): auroc}
    for p in a.ablation.split(","):
        for r in csv.DictReader(open(p, newline=""), delimiter="\t"):
            w = arm(r["method"])
            if r["data"] == "data" or not w:
                continue
            if SEED.search(r["method"]):
                sys.exit("%s: %s is not seed 1's; one seed per ablation" % (p, r["method"]))
            abl.setdefault(w, {})[(r["data"], r["task"], r["variant"])] = float(r["auroc"])
    if not abl:
        sys.exit("%s: no row names another pool (\", without A\", \", only A\", \", AutoAugOOD weights\")"
                 % a.ablation)
    tasks = sorted({(d, t) for rows in abl.values() for (d, t, v) in rows})
    for d, t in tasks:
        for v in variants:
            if (d, t, v) not in ref:
                sys.exit("the reference has no %s/%s (%s)" % (d, t, v))
    groups = [None]
    if a.by_data:
        groups = sorted({d for d, t in tasks}, key=lambda d: (DATA_ORDER.index(d) if d in DATA_ORDER else 99, d))
    print("| pool | " + ("data | " if a.by_data else "") + "tasks | " + " | ".join(variants) + " |")
    print("|---|" + ("---|" if a.by_data else "") + "---|" + "---|" * len(variants))
    for g in groups:
        for left, rows in abl.items():  # in the order of the ablation's rows
            have = sorted({(d, t) for (d, t, v) in rows if g is None or d == g})
            if not have:
                continue
            cells = []
            for v in variants:
                n = [rows[(d, t, v)] for d, t in have if (d, t, v) in rows]
                r = [statistics.mean(ref[(d, t, v)].values()) for d, t in have if (d, t, v) in rows]
                cells.append("%.2f (%+.2f)" % (statistics.mean(n), statistics.mean(n) - statistics.mean(r)))
            print("| %s | %s%d | %s |" % (left, (g + " | ") if a.by_data else "", len(have), " | ".join(cells)))
        group_tasks = [(d, t) for d, t in tasks if g is None or d == g]
        cells = []
        for v in variants:
            fits = [ref[(d, t, v)] for d, t in group_tasks]
            k = min(len(f) for f in fits)
            var = [statistics.variance(list(f.values())) for f in fits if len(f) > 1]
            noise = (statistics.mean(var) * (1 + 1 / k) / len(group_tasks)) ** 0.5 if var else float("nan")
            cells.append("%.2f (noise %.2f)" % (statistics.mean(statistics.mean(f.values()) for f in fits), noise))
        print("| the recipe, mean over %d seeds | %s%d | %s |" % (k, (g + " | ") if a.by_data else "",
                                                              len(group_tasks), " | ".join(cells)))


if __name__ == "__main__":
    main()
