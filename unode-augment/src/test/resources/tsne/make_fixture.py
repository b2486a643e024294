#!/usr/bin/env python3
"""Writes sklearn_affinities.json: scikit-learn's t-SNE input affinities for a small data set.

Run with Debian's Python (numpy, scikit-learn 1.2):
    /usr/bin/python3 unode-augment/src/test/resources/tsne/make_fixture.py

AffinitiesSklearnTest recomputes the k-NN graph and P in Java from `data` and compares:
  - `neighbours`: exact k nearest neighbours (sklearn NearestNeighbors), nearest first;
  - `conditional`: sklearn's perplexity-calibrated p_{j|i} (_binary_search_perplexity), row i
    aligned with neighbours[i]; computed from the float32 squared distances `sqdist` that
    sklearn's Barnes-Hut path feeds it;
  - `joint`: sklearn's _joint_probabilities_nn P = (P + P^T) / sum at (i, neighbours[i][m]).
"""
import json
import os

import numpy as np
import scipy.sparse
import sklearn
from sklearn.manifold._t_sne import _joint_probabilities_nn
from sklearn.manifold._utils import _binary_search_perplexity
from sklearn.neighbors import NearestNeighbors

N, D, PERPLEXITY = 120, 5, 5.0
K = min(N - 1, int(3 * PERPLEXITY))

rng = np.random.default_rng(20240601)
centres = rng.normal(0, 4, size=(3, D))
data = centres[rng.integers(0, 3, size=N)] + rng.normal(0, 1, size=(N, D))
data = np.round(data, 6)  # what the JSON holds is exactly what both sides use

nn = NearestNeighbors(n_neighbors=K, metric="euclidean").fit(data)
dist, idx = nn.kneighbors(None, n_neighbors=K)  # excludes each point itself, nearest first
sq = (dist ** 2).astype(np.float32)

conditional = _binary_search_perplexity(sq, PERPLEXITY, 0)

csr = scipy.sparse.csr_matrix(
    (dist.ravel() ** 2, idx.ravel(), np.arange(0, N * K + 1, K)), shape=(N, N))
P = _joint_probabilities_nn(csr, PERPLEXITY, 0).toarray()
joint = np.take_along_axis(P, idx, axis=1)

out = {
    "generator": "make_fixture.py, scikit-learn " + sklearn.__version__,
    "perplexity": PERPLEXITY,
    "k": K,
    "data": data.tolist(),
    "neighbours": idx.tolist(),
    "sqdist": [[float(v) for v in row] for row in sq],
    "conditional": conditional.tolist(),
    "joint": joint.tolist(),
    "joint_sum": float(P.sum()),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_affinities.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", path, os.path.getsize(path), "bytes")
