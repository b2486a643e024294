#!/usr/bin/env python3
"""Turns the reports of scripts/accuracy-benchmark.sh into the tables of docs/accuracy.md.

    python3 scripts/accuracy-tables.py REPORTS_DIR

REPORTS_DIR holds main/ (the recipe beside the baselines, clean and corrupted) and, when the
ablation was run, loss-both/, loss-contrastive-only/ and loss-ce-only/ (the paper's Table 5)."""
import csv
import os
import statistics
import sys

root = sys.argv[1]


def load(name):
    path = os.path.join(root, name, "results.csv")
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def pct(v):
    return "%.2f" % (100 * v)


def spread(vals):
    return "%.2f ± %.2f" % (100 * statistics.mean(vals), 100 * statistics.pstdev(vals))


main = load("main")
if main is None:
    sys.exit("no main/results.csv in " + root)
clean = [r for r in main if r["condition"] == "clean"]
settings = list(dict.fromkeys(r["setting"] for r in clean))
methods = list(dict.fromkeys(r["method"] for r in clean))
auc = {(r["setting"], r["method"]): float(r["auroc"]) for r in clean}
fit = {(r["setting"], r["method"]): float(r["fit_seconds"]) for r in clean}
score = {(r["setting"], r["method"]): float(r["score_seconds"]) for r in clean}

recipe, pixel = "UNODE", "raw-pixel NN"
print("## Clean test set, per class (AUROC %)\n")
cols = [m for m in methods]
print("| class | " + " | ".join(cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for s in settings:
    row = []
    for m in cols:
        v = auc.get((s, m))
        cell = "-" if v is None else pct(v)
        if m == recipe and v is not None and (s, pixel) in auc and v > auc[(s, pixel)]:
            cell = "**" + cell + "**"
        row.append(cell)
    print("| %s | %s |" % (s, " | ".join(row)))
print("| mean ± std | " + " | ".join(spread([auc[(s, m)] for s in settings if (s, m) in auc]) for m in cols) + " |")
wins = sum(1 for s in settings if auc[(s, recipe)] > auc[(s, pixel)])
print("\n%s beats %s on %d of %d classes (bold)." % (recipe, pixel, wins, len(settings)))
print("\nSeconds per class, %s: fit (training, AutoAugOOD if any, calibration) %s, scoring the %s clean test"
      " images %s." % (recipe, "%.0f-%.0f" % (min(fit[(s, recipe)] for s in settings), max(fit[(s, recipe)] for s in settings)),
                       int(next(r["novel"] for r in clean)) + int(next(r["inliers"] for r in clean)), "%.0f-%.0f" % (min(score[(s, recipe)] for s in settings),
                                                                       max(score[(s, recipe)] for s in settings))))

corr = [r for r in main if r["condition"] != "clean"]
if corr:
    conds = list(dict.fromkeys(r["condition"] for r in corr))
    base = [m for m in methods if not m.startswith(recipe + " (")]
    cauc = {}
    for r in corr:
        cauc.setdefault((r["condition"], r["method"]), []).append(float(r["auroc"]))
    print("\n## Corrupted test sets, severity 3: mean AUROC % over the classes\n")
    print("| corruption | " + " | ".join(base) + " |")
    print("|---" * (len(base) + 1) + "|")
    overall = {m: [] for m in base}
    for c in conds:
        cells = []
        for m in base:
            v = cauc.get((c, m))
            if v:
                overall[m].append(statistics.mean(v))
            cells.append("-" if not v else pct(statistics.mean(v)))
        print("| %s | %s |" % (c, " | ".join(cells)))
    print("| **all corruptions** | " + " | ".join(pct(statistics.mean(overall[m])) if overall[m] else "-" for m in base) + " |")
    print("| clean (same classes) | " + " | ".join(pct(statistics.mean([auc[(s, m)] for s in settings])) for m in base) + " |")

print("\n## Score ablation (the paper's Table 6): parts of the recipe's score, same runs\n")
parts = [m for m in methods if m.startswith(recipe)]
print("| class | " + " | ".join(parts) + " |")
print("|---" * (len(parts) + 1) + "|")
for s in settings:
    print("| %s | %s |" % (s, " | ".join(pct(auc[(s, m)]) for m in parts)))
print("| mean ± std | " + " | ".join(spread([auc[(s, m)] for s in settings]) for m in parts) + " |")

arms = [("loss-both", "contrastive + cross-entropy"), ("loss-contrastive-only", "contrastive only"),
        ("main", "cross-entropy only"), ("loss-ce-only", "cross-entropy only")]
loaded = []
for d, label in arms:
    rows = load(d)
    if rows is None or (d == "loss-ce-only" and any(l == label for l, _ in loaded)):
        continue
    if d == "main" and not os.path.exists(os.path.join(root, "loss-both")):
        continue
    loaded.append((label, {(r["setting"], r["method"]): float(r["auroc"]) for r in rows if r["condition"] == "clean"}))
if loaded:
    variants = ["UNODE", "UNODE (similarity + head)", "UNODE (similarity only)", "UNODE (head only)"]
    print("\n## Loss ablation (the paper's Table 5): mean ± std AUROC % over the classes, same budget\n")
    print("| loss | " + " | ".join(variants) + " |")
    print("|---" * (len(variants) + 1) + "|")
    for label, a in loaded:
        cells = []
        for v in variants:
            vals = [a[(s, v)] for s in settings if (s, v) in a]
            cells.append(spread(vals) if len(vals) == len(settings) else ("-" if not vals else spread(vals) + " (%d classes)" % len(vals)))
        print("| %s | %s |" % (label, " | ".join(cells)))
    print("\nPer class, the recipe's full score (UNODE):\n")
    print("| class | " + " | ".join(l for l, _ in loaded) + " |")
    print("|---" * (len(loaded) + 1) + "|")
    for s in settings:
        print("| %s | %s |" % (s, " | ".join(pct(a[(s, "UNODE")]) if (s, "UNODE") in a else "-" for _, a in loaded)))
