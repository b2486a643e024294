#!/usr/bin/env python3
"""Markdown tables from PaperAblation's TSV (unode-benchmarks/scripts/bench PaperAblation ...).

   scripts/paper-ablation-tables.py RESULTS.tsv [RESULTS2.tsv ...]

Per data set and arm: mean and population standard deviation over the classes of every score
column, and the number of classes measured; then a per-class table of the two scores."""
import csv
import math
import sys
from collections import OrderedDict

COLS = [("simFeatures", "O_sim features"), ("simProjection", "O_sim projection"),
        ("binLogOdds", "O_bin"), ("presentScore", "O_sim feat. + l O_bin log-odds"),
        ("featuresProbability", "O_sim feat. + l O_bin prob."),
        ("projectionLogOdds", "O_sim proj. + l O_bin log-odds"),
        ("paperScore", "O_sim proj. + l O_bin prob. (eq. 13-15)")]
EXTRA = ["featuresProbability", "projectionLogOdds"]  # rows appended under an older header

rows = []
for path in sys.argv[1:]:
    with open(path) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            for k, v in zip(EXTRA, r.pop(None, [])):
                r[k] = v
            rows.append(r)

def mean_sd(v):
    m = sum(v) / len(v)
    return m, math.sqrt(sum((x - m) ** 2 for x in v) / len(v))

for data in OrderedDict.fromkeys(r["data"] for r in rows):
    sub = [r for r in rows if r["data"] == data]
    arms = list(OrderedDict.fromkeys(r["arm"] for r in sub))
    print(f"\n### {data}: mean ± std AUROC over the classes\n")
    print("| arm | classes | " + " | ".join(c[1] for c in COLS) + " | fit s (median) |")
    print("|---" * (len(COLS) + 3) + "|")
    for a in arms:
        ar = [r for r in sub if r["arm"] == a]
        cells = []
        for key, _ in COLS:
            v = [float(r[key]) for r in ar if r.get(key) not in (None, "")]
            if v:
                m, s = mean_sd(v)
                cells.append(f"{m:.2f} ± {s:.2f}" + ("" if len(v) == len(ar) else f" ({len(v)})"))
            else:
                cells.append("-")
        fits = sorted(float(r["fitSeconds"]) for r in ar)
        print(f"| {a} | {len(ar)} | " + " | ".join(cells) + f" | {fits[len(fits) // 2]:.0f} |")
    classes = sorted({int(r["class"]) for r in sub})
    print(f"\n{data}, per class: the detector's own kind of score (present arms: O_sim features + O_bin"
          " log-odds; paper arms: eq. 13-15)\n")
    print("| class | " + " | ".join(arms) + " |")
    print("|---" * (len(arms) + 1) + "|")
    for c in classes:
        cells = []
        for a in arms:
            hit = [r for r in sub if r["arm"] == a and int(r["class"]) == c]
            key = "paperScore" if a.startswith("paper") else "presentScore"
            cells.append(f"{float(hit[0][key]):.2f}" if hit else "-")
        print(f"| {c} | " + " | ".join(cells) + " |")
