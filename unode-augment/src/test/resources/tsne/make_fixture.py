#!/usr/bin/python3
"""Writes affinities-fixture.json: a small data set, its 31 nearest neighbours and scikit-learn's
perplexity-calibrated conditional probabilities (perplexity 10), for AffinitiesTest.

Run with Debian's Python (scikit-learn 1.2): /usr/bin/python3 make_fixture.py
"""
import json
import os

import numpy as np
from sklearn.manifold._utils import _binary_search_perplexity
from sklearn.neighbors import NearestNeighbors

rng = np.random.default_rng(7)
x = np.concatenate([rng.normal(0, 1, (60, 5)), rng.normal(4, 0.5, (40, 5))]).astype(np.float64)
k = 31  # sklearn: min(n - 1, int(3 * perplexity + 1))
nn = NearestNeighbors(n_neighbors=k).fit(x)
dist, idx = nn.kneighbors(None, n_neighbors=k)  # excludes each point itself
p = _binary_search_perplexity((dist ** 2).astype(np.float32), 10.0, 0)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "affinities-fixture.json"), "w") as f:
    json.dump({"n": 100, "d": 5, "k": k, "perplexity": 10.0, "data": x.ravel().tolist(),
               "indices": idx.ravel().tolist(), "conditional": p.ravel().tolist()}, f)
print("written")
