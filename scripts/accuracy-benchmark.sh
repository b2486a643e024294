#!/usr/bin/env bash
# The accuracy benchmark of docs/accuracy.md: the default CPU recipe on the full Fashion-MNIST
# one-class benchmark (10 classes, all 6,000 training images of a class, all 10,000 test images),
# beside the raw-pixel 1-NN and DN2-style baselines, clean and under the 15 corruptions at severity 3
# (on a fixed sample of 2,000 test images), with the parts of the score as their own rows.
#   scripts/accuracy-benchmark.sh [DATA_DIR] [OUT]            the recipe (main/)
#   ABLATION=1 scripts/accuracy-benchmark.sh [DATA_DIR] [OUT]  also the loss ablation (Table 5)
# Then the tables: python3 scripts/accuracy-tables.py OUT
# A rerun replaces the reports of an earlier run in OUT (--overwrite), never anything else.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-/usr/share/datasets/fashion-mnist}"
out="${2:-$root/reports/accuracy}"
unode="${UNODE:-$root/unode}"
if [ ! -f "$data/train-images-idx3-ubyte.gz" ] && [ ! -f "$data/train-images-idx3-ubyte" ]; then
  echo "no Fashion-MNIST in $data: apt-get install dataset-fashion-mnist, or pass the directory" >&2
  exit 2
fi
# the recipe: the command line's defaults, written out so that the command says what it runs
recipe=(--steps 200 --lr 0.4 --width 0.25 --batch-size 64 --contrastive-weight 0 --ce-weight 1 --pixel-term --pixel-blur 1 --pixel-centre --pixel-weight 4)
mkdir -p "$out"
"$unode" benchmark --data "$data" "${recipe[@]}" --score-parts --corruptions all --severity 3 \
  --max-corrupted-test 2000 --quiet --overwrite -o "$out/main" | tee "$out/main.log"
if [ "${ABLATION:-0}" = 1 ]; then
  loss=(--steps 200 --lr 0.4 --width 0.25 --batch-size 64 --pixel-term --pixel-blur 1 --pixel-centre --pixel-weight 4 --score-parts --no-baselines --quiet --overwrite)
  "$unode" benchmark --data "$data" "${loss[@]}" --contrastive-weight 1 --ce-weight 1 -o "$out/loss-both" > "$out/loss-both.log"
  "$unode" benchmark --data "$data" "${loss[@]}" --contrastive-weight 1 --ce-weight 0 -o "$out/loss-contrastive-only" \
    > "$out/loss-contrastive-only.log"
fi
python3 "$root/scripts/accuracy-tables.py" "$out" | tee "$out/tables.md"
