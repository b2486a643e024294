#!/usr/bin/python3
"""The scikit-learn peer of TsneBenchmark: Barnes-Hut TSNE(n_components=1) on the same PCA-50
points (files written by `TsneBenchmark --export DIR`), with the same settings as unode's default
(perplexity 30, early exaggeration 12 for 250 iterations, 1,000 iterations in all, learning rate
'auto', PCA initialisation).

Usage: /usr/bin/python3 tsne_sklearn.py DIR n [n ...]
Prints one line per size: n, seconds, KL. Threads: scikit-learn's Barnes-Hut t-SNE uses OpenMP
threads for the gradient; set OMP_NUM_THREADS to match the Java run.
"""
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE

directory = sys.argv[1]
print(f"# scikit-learn {sklearn.__version__} Barnes-Hut TSNE(n_components=1), "
      f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
print(f"{'n':<8} {'total_s':>10} {'kl':>8}")
for n in map(int, sys.argv[2:]):
    with open(os.path.join(directory, f"pca50-{n}.f32"), "rb") as f:
        rows, dims = np.frombuffer(f.read(8), dtype="<i4")
        x = np.frombuffer(f.read(), dtype="<f4").reshape(rows, dims).astype(np.float32)
    t0 = time.perf_counter()
    tsne = TSNE(n_components=1, perplexity=30, early_exaggeration=12, n_iter=1000, learning_rate="auto",
                init="pca", method="barnes_hut", random_state=0)
    tsne.fit_transform(x)
    seconds = time.perf_counter() - t0
    print(f"{n:<8} {seconds:>10.2f} {tsne.kl_divergence_:>8.4f}", flush=True)
