#!/usr/bin/python3
"""Writes metrics-fixture.json: scores, labels and scikit-learn's metrics on them.

Run with Debian's Python (scikit-learn 1.2): /usr/bin/python3 make_fixture.py
The Java test MetricsTest compares unode's AUROC, AUPR and FPR@95TPR with these values.
"""
import json
import os

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

rng = np.random.default_rng(20240617)
cases = []


def add(name, scores, novel):
    scores = np.asarray(scores, dtype=float)
    novel = np.asarray(novel, dtype=bool)
    fpr, tpr, _ = roc_curve(novel, scores)
    cases.append({
        "name": name,
        "scores": scores.tolist(),
        "novel": novel.tolist(),
        "auroc": roc_auc_score(novel, scores),
        "aupr": average_precision_score(novel, scores),
        "fpr95": float(fpr[np.argmax(tpr >= 0.95)]),
    })


add("hand", [0.1, 0.4, 0.35, 0.8], [False, False, True, True])
add("perfect", [1, 2, 3, 4, 5, 6], [False, False, False, True, True, True])
add("inverted", [6, 5, 4, 3, 2, 1], [False, False, False, True, True, True])
add("all ties", [1.0] * 10, [i % 3 == 0 for i in range(10)])
for n, p in [(50, 0.3), (500, 0.1), (2000, 0.9)]:
    novel = rng.random(n) < p
    add(f"gaussian n={n}", rng.normal(size=n) + 1.2 * novel, novel)
    add(f"heavy ties n={n}", np.round(rng.normal(size=n) + novel, 0), novel)
novel = rng.random(3000) < 0.9
add("integer scores", rng.integers(0, 5, size=3000) + novel, novel)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics-fixture.json"), "w") as f:
    json.dump(cases, f)
print(len(cases), "cases")
