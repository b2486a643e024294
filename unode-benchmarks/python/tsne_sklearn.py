#!/usr/bin/env python3
"""scikit-learn's 1-D Barnes-Hut t-SNE on the same input as TsneBenchmark, one line per size.

    /usr/bin/python3 tsne_sklearn.py [--data DIR] [--pca-dir DIR] [--threads T] [SIZE ...]

Input: the first n Fashion-MNIST training images. With --pca-dir, the PCA-50 scores that
TsneBenchmark --save-pca wrote (pca50_n<SIZE>.f64, little-endian float64, n x 50) are embedded,
so both libraries see exactly the same matrix; the "pca" column then times scikit-learn's own
PCA-50 of the same pixels, for reference only. Without --pca-dir the scores of that PCA are
embedded.

Settings as METHOD 3.3 and TSne1D's defaults: perplexity 30, early exaggeration 12 for 250
iterations, 1000 in all, learning_rate 'auto' (max(n / 12 / 4, 50)), init 'pca'.
scikit-learn's own k is min(n - 1, 3 * perplexity + 1) = 91 (TSne1D: 90), and it may stop early
when the gradient norm falls below 1e-7 or after 300 steps without progress.

Output:
    sklearn n=20000 threads=2 pca=0.512 tsne=31.200 total=31.712 kl=2.8512
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE


def read_images(path, n):
    with gzip.open(path, "rb") as f:
        head = np.frombuffer(f.read(16), dtype=">i4")
        if head[0] != 0x803:
            sys.exit(f"{path} is not an IDX3 image file")
        if n > head[1]:
            sys.exit(f"{path} holds {head[1]} images, {n} were asked for")
        d = int(head[2] * head[3])
        return np.frombuffer(f.read(n * d), dtype=np.uint8).reshape(n, d).astype(np.float64) / 255.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", type=int, nargs="*", default=[5000, 10000, 20000, 40000])
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--pca-dir", default=None)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()

    pixels = read_images(os.path.join(args.data, "train-images-idx3-ubyte.gz"), max(args.sizes))
    for n in args.sizes:
        x = pixels[:n]
        t0 = time.perf_counter()
        scores = PCA(n_components=50, svd_solver="full").fit_transform(x)
        pca_seconds = time.perf_counter() - t0
        if args.pca_dir:
            path = os.path.join(args.pca_dir, f"pca50_n{n}.f64")
            scores = np.fromfile(path, dtype="<f8").reshape(n, 50)
        tsne = TSNE(n_components=1, method="barnes_hut", perplexity=30.0, early_exaggeration=12.0,
                    learning_rate="auto", n_iter=1000, init="pca", random_state=0, n_jobs=args.threads)
        t1 = time.perf_counter()
        tsne.fit(scores)
        tsne_seconds = time.perf_counter() - t1
        print(f"sklearn n={n} threads={args.threads} pca={pca_seconds:.3f} tsne={tsne_seconds:.3f} "
              f"total={pca_seconds + tsne_seconds:.3f} kl={tsne.kl_divergence_:.4f} "
              f"iterations={tsne.n_iter_ + 1} version={sklearn.__version__}", flush=True)


if __name__ == "__main__":
    main()
