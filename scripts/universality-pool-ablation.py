#!/usr/bin/python3
"""The recipe with one augmentation left out of its pool, against the recipe over its seeds.

    /usr/bin/python3 scripts/universality-pool-ablation.py REF.tsv[,REF2.tsv...] ABLATION.tsv \
        [--variants "-;similarity only;head only;similarity + head"]

REF: UniversalitySuite rows of the recipe (its own pool) at one or more seeds (seed 1's rows, and
rows named "(seed N)"); ABLATION: rows of the suite's --unode-without runs, whose method names say
"without A" (one seed). For each left-out set and score variant, prints the mean over the tasks the
ablation ran of its AUROC, and the difference to the recipe's mean over its seeds on the same tasks;
the last row gives, per variant, the recipe's mean and the noise of such a difference: the pooled
sample std of one fit over seeds (the root of the mean variance over the tasks) times
sqrt((1 + 1/k) / n), for n tasks and k reference seeds.
"""
import argparse
import csv
import re
import statistics
import sys

SEED = re.compile(r" \(seed (\d+)\)$")
WITHOUT = re.compile(r", without ([^,)]+)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ref")
    ap.add_argument("ablation")
    ap.add_argument("--variants", default="-;similarity only;head only;similarity + head")
    a = ap.parse_args()
    variants = a.variants.split(";")
    ref = {}  # (data, task, variant) -> {seed: auroc}
    for p in a.ref.split(","):
        for r in csv.DictReader(open(p, newline=""), delimiter="\t"):
            m = r["method"]
            if r["data"] == "data" or "UNODE" not in m or WITHOUT.search(m):
                continue
            if re.search(r"grey jitter|contrastive weight|held out of training", m):
                continue  # another recipe
            s = SEED.search(m)
            ref.setdefault((r["data"], r["task"], r["variant"]), {})[int(s.group(1)) if s else 1] = float(r["auroc"])
    abl = {}  # left-out -> {(data, task, variant): auroc}
    for r in csv.DictReader(open(a.ablation, newline=""), delimiter="\t"):
        w = WITHOUT.search(r["method"])
        if r["data"] == "data" or not w:
            continue
        if SEED.search(r["method"]):
            sys.exit("%s: %s is not seed 1's; one seed per ablation" % (a.ablation, r["method"]))
        abl.setdefault(w.group(1), {})[(r["data"], r["task"], r["variant"])] = float(r["auroc"])
    if not abl:
        sys.exit("%s: no row names an augmentation left out (\", without A\")" % a.ablation)
    tasks = sorted({(d, t) for rows in abl.values() for (d, t, v) in rows})
    for d, t in tasks:
        for v in variants:
            if (d, t, v) not in ref:
                sys.exit("the reference has no %s/%s (%s)" % (d, t, v))
    print("| left out | tasks | " + " | ".join(variants) + " |")
    print("|---|---|" + "---|" * len(variants))
    for left, rows in abl.items():  # in the order of the ablation's rows
        have = sorted({(d, t) for (d, t, v) in rows})
        cells = []
        for v in variants:
            n = [rows[(d, t, v)] for d, t in have if (d, t, v) in rows]
            r = [statistics.mean(ref[(d, t, v)].values()) for d, t in have if (d, t, v) in rows]
            cells.append("%.2f (%+.2f)" % (statistics.mean(n), statistics.mean(n) - statistics.mean(r)))
        print("| %s | %d | %s |" % (left, len(have), " | ".join(cells)))
    cells = []
    for v in variants:
        fits = [ref[(d, t, v)] for d, t in tasks]
        k = min(len(f) for f in fits)
        var = [statistics.variance(list(f.values())) for f in fits if len(f) > 1]
        noise = (statistics.mean(var) * (1 + 1 / k) / len(tasks)) ** 0.5 if var else float("nan")
        cells.append("%.2f (noise %.2f)" % (statistics.mean(statistics.mean(f.values()) for f in fits), noise))
    print("| the recipe, mean over %d seeds | %d | %s |" % (k, len(tasks), " | ".join(cells)))


if __name__ == "__main__":
    main()
