#!/usr/bin/env python3
"""Re-weighs the parts of UNODE's score offline, from the per-image scores of a benchmark run made
with --score-parts --save-scores. Per task, the balance the detector used is recovered from its
own score, full = sim + lambda head + mu pix (the variants are the negated parts), by least
squares; then the pixel term's weight is scaled by w, score_w = sim + lambda head + w mu pix, and
AUROC is reported per task and as mean +- std over the tasks. The recovered mu includes the run's
own --pixel-weight, so w is relative to it (run with --pixel-weight 1 for absolute weights). Run it on a validation split of the
TRAINING set (never to choose weights on a test set):

    /usr/bin/python3 scripts/score-weights.py REPORT_DIR [--condition clean]
"""
import csv
import gzip
import sys
from collections import defaultdict

import numpy as np
from sklearn.metrics import roc_auc_score

root = sys.argv[1]
condition = sys.argv[sys.argv.index("--condition") + 1] if "--condition" in sys.argv else "clean"
scores = defaultdict(dict)
novel = {}
with gzip.open(root + "/scores.csv.gz", "rt", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    for dataset, setting, cond, method, image, nov, score in rows:
        if cond != condition:
            continue
        key = (dataset, setting)
        scores[key].setdefault(method, []).append(float(score))
        if method == "UNODE":
            novel.setdefault(key, []).append(nov == "1")
weights = [0, 0.5, 1, 1.5, 2, 3, 4, 8]
print("task  lambda  mu  " + "  ".join("w=%g" % w for w in weights) + "  pixel-only  (AUROC %, " + condition + ")")
table = []
for key in sorted(scores):
    s = {m: np.array(v) for m, v in scores[key].items()}
    sim, head, pix, full = (s["UNODE (similarity only)"], s["UNODE (head only)"], s["UNODE (pixel term only)"],
                            s["UNODE"])
    y = np.array(novel[key])
    coef, *_ = np.linalg.lstsq(np.stack([sim, head, pix], 1), full, rcond=None)
    lam, mu = coef[1] / coef[0], coef[2] / coef[0]
    row = [roc_auc_score(y, sim + lam * head + w * mu * pix) for w in weights] + [roc_auc_score(y, pix)]
    table.append(row)
    print("%s  %.3f  %.3f  %s" % (key[1], lam, mu, "  ".join("%.2f" % (100 * v) for v in row)))
t = 100 * np.array(table)
print("mean  -  -  " + "  ".join("%.2f" % v for v in t.mean(0)))
print("std   -  -  " + "  ".join("%.2f" % v for v in t.std(0)))
