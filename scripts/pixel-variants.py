#!/usr/bin/env python3
"""Variants of the raw-pixel nearest-neighbour score, on a validation split of the Fashion-MNIST
TRAINING set (no test labels are used): per class, 5,000 training inliers form the bank, the other
1,000 are held-out inliers, 3,000 training images of the other classes are novel. Columns: 1-NN
(Euclidean), 1-NN with horizontally flipped copies of the bank added, mean distance to the 2 and
to the 5 nearest, 1-NN between images blurred by a Gaussian of standard deviation 0.7, 1, 1.5,
2 and 3 pixels (scipy.ndimage.gaussian_filter, the blur of unode's GaussianBlur), and 1-NN between
images blurred (sigma 1) and centred (each image's mean subtracted): the pixel term of the recipe.

    /usr/bin/python3 scripts/pixel-variants.py [DATA_DIR] > docs/results/pixel-variants.txt
"""
import gzip
import os
import sys

import numpy as np
from scipy.ndimage import gaussian_filter
from sklearn.metrics import roc_auc_score

data = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"


def idx(name, offset):
    path = os.path.join(data, name)
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rb") as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


X = idx("train-images-idx3-ubyte", 16).reshape(-1, 28, 28).astype(np.float32) / 255
Y = idx("train-labels-idx1-ubyte", 8)
rng = np.random.default_rng(0)


def distance(queries, bank, k=1):
    """Mean Euclidean distance of each query to its k nearest bank rows."""
    qs = (queries * queries).sum(1)[:, None]
    bs = (bank * bank).sum(1)[None, :]
    out = []
    for i in range(0, len(queries), 2000):
        d2 = np.maximum(qs[i:i + 2000] + bs - 2 * queries[i:i + 2000] @ bank.T, 0)
        if k == 1:
            out.append(np.sqrt(d2.min(1)))
        else:
            out.append(np.sqrt(np.partition(d2, k - 1, axis=1)[:, :k]).mean(1))
    return np.concatenate(out)


SIGMAS = (0.7, 1, 1.5, 2, 3)
print("class  1-NN  1-NN+flips  k=2  k=5  %s  blur1+centre  (AUROC %%, validation split of the training set)"
      % "  ".join("blur%g" % s for s in SIGMAS))
rows = []
for c in range(10):
    inl = np.where(Y == c)[0]
    rng.shuffle(inl)
    bank, held = X[inl[:5000]], X[inl[5000:6000]]
    others = np.where(Y != c)[0]
    rng.shuffle(others)
    queries = np.concatenate([held, X[others[:3000]]]).reshape(-1, 784)
    novel = np.r_[np.zeros(1000), np.ones(3000)]
    flat = bank.reshape(-1, 784)
    flipped = np.concatenate([bank, bank[:, :, ::-1]]).reshape(-1, 784)
    r = [roc_auc_score(novel, distance(queries, flat)), roc_auc_score(novel, distance(queries, flipped)),
         roc_auc_score(novel, distance(queries, flat, 2)), roc_auc_score(novel, distance(queries, flat, 5))]
    q3 = queries.reshape(-1, 28, 28)
    for sigma in SIGMAS:
        r.append(roc_auc_score(novel, distance(gaussian_filter(q3, (0, sigma, sigma)).reshape(-1, 784),
                                               gaussian_filter(bank, (0, sigma, sigma)).reshape(-1, 784))))
    def centred(images):
        flat = gaussian_filter(images, (0, 1, 1)).reshape(-1, 784)
        return flat - flat.mean(1, keepdims=True)
    r.append(roc_auc_score(novel, distance(centred(q3), centred(bank))))
    rows.append(r)
    print("%d  %s" % (c, "  ".join("%.2f" % (100 * v) for v in r)), flush=True)
m = 100 * np.array(rows)
print("mean  %s" % "  ".join("%.2f" % v for v in m.mean(0)))
print("std   %s" % "  ".join("%.2f" % v for v in m.std(0)))
