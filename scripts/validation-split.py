#!/usr/bin/env python3
"""Writes the validation split of the Fashion-MNIST TRAINING set that the recipe's pixel weight was
chosen on (docs/accuracy.md), as MNIST-style IDX files that `./unode benchmark --data OUT_DIR` reads:
per class, the training images are shuffled (numpy default_rng(0), classes in order 0..9) and the
first 5,000 become train-*, the other 1,000 t10k-*; both keep the original order of the images.
No test image is used, so settings chosen on it do not see the test labels.

    /usr/bin/python3 scripts/validation-split.py [DATA_DIR] OUT_DIR
"""
import gzip
import os
import struct
import sys

import numpy as np

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__)
data = sys.argv[1] if len(sys.argv) == 3 else "/usr/share/datasets/fashion-mnist"
out = sys.argv[-1]


def read(name, offset):
    path = os.path.join(data, name)
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rb") as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def write(name, values, dims):
    """An IDX file of unsigned bytes (type 0x08), gzip-compressed, written atomically."""
    path = os.path.join(out, name + ".gz")
    with gzip.open(path + ".tmp", "wb") as f:
        f.write(struct.pack(">I", 0x0800 | len(dims)) + struct.pack(">%dI" % len(dims), *dims))
        f.write(values.tobytes())
    os.replace(path + ".tmp", path)


images = read("train-images-idx3-ubyte", 16).reshape(-1, 28, 28)
labels = read("train-labels-idx1-ubyte", 8)
rng = np.random.default_rng(0)
train, held = [], []
for c in range(10):
    idx = np.where(labels == c)[0]
    rng.shuffle(idx)
    train.append(idx[:5000])
    held.append(idx[5000:])
train, held = np.sort(np.concatenate(train)), np.sort(np.concatenate(held))
os.makedirs(out, exist_ok=True)
for prefix, rows in (("train", train), ("t10k", held)):
    write(prefix + "-images-idx3-ubyte", images[rows], (len(rows), 28, 28))
    write(prefix + "-labels-idx1-ubyte", labels[rows], (len(rows),))
print("%d training and %d held-out images written to %s" % (len(train), len(held), out))
