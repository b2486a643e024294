#!/usr/bin/python3
"""Makes the Fashion-MNIST subset that ships with unode.

Reads the full Fashion-MNIST from Debian's dataset-fashion-mnist package
(/usr/share/datasets/fashion-mnist) and keeps, in the original file order,
the first 1,000 training images of each class and the first 300 test images
of each class. Writes gzipped IDX files with the standard names.

Usage: /usr/bin/python3 make_subset.py [source_dir] [target_dir]
"""
import gzip
import hashlib
import os
import struct
import sys

import numpy as np

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
DST = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
PER_CLASS = {"train": 1000, "t10k": 300}


def read(name):
    with gzip.open(os.path.join(SRC, name), "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def write(name, array):
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(">" + "I" * array.ndim, *array.shape)
    path = os.path.join(DST, name)
    # mtime=0 makes the gzip bytes reproducible
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(header + array.tobytes())
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f"{name}  {array.shape}  {os.path.getsize(path)} bytes  sha256 {digest}")


for split, k in PER_CLASS.items():
    images = read(f"{split}-images-idx3-ubyte.gz")
    labels = read(f"{split}-labels-idx1-ubyte.gz")
    keep = np.sort(np.concatenate([np.flatnonzero(labels == c)[:k] for c in range(10)]))
    write(f"{split}-images-idx3-ubyte.gz", images[keep])
    write(f"{split}-labels-idx1-ubyte.gz", labels[keep])
