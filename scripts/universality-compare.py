#!/usr/bin/python3
"""Compares the UNODE rows of a universality run with reference rows on the same tasks.

    /usr/bin/python3 scripts/universality-compare.py REF.tsv[,REF2.tsv...] NEW.tsv[,NEW2.tsv...] \
        [--variants "-;similarity + head"]

Both sides are UniversalitySuite TSV rows. For each score variant (separated by ";", since
variant names hold commas; "-" is the detector's own score), prints a Markdown table with one row
per task that both sides have: the reference's UNODE AUROC, the new run's, their difference, and
the best baseline of the reference rows on that task (raw-pixel NN by L2 and cosine,
blurred+centred pixel NN, DN2-style NN, patch NN). Below each data set: the mean over its compared
tasks of each (population std, the convention of docs/accuracy.md), so that a change is read
against the same tasks, not the reference's full set.
A UNODE row is any row whose method contains "UNODE" (the method's name carries its settings).
"""
import argparse
import csv
import statistics
import sys

BASELINES = ["raw-pixel NN", "raw-pixel NN (cosine)", "blurred+centred pixel NN",
             "DN2-style NN (untrained ResNet-18)", "patch NN (8x8 centred, stride 4)"]
DATA_ORDER = ["fmnist", "digits", "textures", "textures-oa"]


def load(paths):
    rows = {}
    for p in paths.split(","):
        with open(p, newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                if r["data"] == "data":  # a header repeated by an appended run
                    continue
                method = "UNODE" if "UNODE" in r["method"] else r["method"]
                key = (r["data"], r["task"], method, r["variant"])
                if key in rows:
                    sys.exit("%s: %s/%s %s (%s) appears twice" % (p, r["data"], r["task"], r["method"], r["variant"]))
                rows[key] = float(r["auroc"])
    return rows


def task_order(t):
    return (0, int(t), "") if t.isdigit() else (1, 0, t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ref")
    ap.add_argument("new")
    ap.add_argument("--variants", default="-;similarity + head")
    a = ap.parse_args()
    ref, new = load(a.ref), load(a.new)
    for v in a.variants.split(";"):
        tasks = sorted({(d, t) for (d, t, m, vv) in new if m == "UNODE" and vv == v and (d, t, m, vv) in ref},
                       key=lambda k: (DATA_ORDER.index(k[0]) if k[0] in DATA_ORDER else 99, task_order(k[1])))
        if not tasks:
            print("variant %s: no task in both" % v, file=sys.stderr)
            continue
        print("\n#### variant: %s\n" % ("the detector's score" if v == "-" else v))
        print("| data | task | reference | new | difference | best baseline |")
        print("|---|---|---|---|---|---|")
        by_data = {}
        for d, t in tasks:
            r, n = ref[(d, t, "UNODE", v)], new[(d, t, "UNODE", v)]
            best = max((ref[(d, t, b, "-")], b) for b in BASELINES if (d, t, b, "-") in ref)
            by_data.setdefault(d, []).append((r, n, best[0]))
            print("| %s | %s | %.2f | %.2f | %+.2f | %.2f (%s) |" % (d, t, r, n, n - r, best[0], best[1]))
        for d, l in by_data.items():
            r = [x[0] for x in l]
            n = [x[1] for x in l]
            b = [x[2] for x in l]
            print("| **%s, %d tasks** | mean ± std | %.2f ± %.2f | %.2f ± %.2f | %+.2f | %.2f (best per task) |"
                  % (d, len(l), statistics.mean(r), statistics.pstdev(r), statistics.mean(n), statistics.pstdev(n),
                     statistics.mean(n) - statistics.mean(r), statistics.mean(b)))


if __name__ == "__main__":
    main()
