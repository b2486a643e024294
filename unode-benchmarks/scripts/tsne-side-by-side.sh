#!/usr/bin/env bash
# unode's 1-D t-SNE and scikit-learn's Barnes-Hut TSNE(n_components=1) on the same points, size
# by size, alternating, in one run. Prints both timings and their ratio.
#   unode-benchmarks/scripts/tsne-side-by-side.sh [sizes...]     (default 5000 10000 20000 40000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(5000 10000 20000 40000)
threads=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '# machine: %s, %s threads; %s\n' "$(uname -m)" "$threads" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-8s %12s %14s %8s %10s %10s\n' n unode_s sklearn_bh_s ratio unode_kl sklearn_kl
for n in "${sizes[@]}"; do
  j=$("$here/bench" TsneBenchmark --export "$work" "$n" | awk -v n="$n" '$1==n {print $5, $6}')
  p=$(OMP_NUM_THREADS=$threads /usr/bin/python3 "$here/../python/tsne_sklearn.py" "$work" "$n" | awk -v n="$n" '$1==n {print $2, $3}')
  read -r js jkl <<<"$j"
  read -r ps pkl <<<"$p"
  printf '%-8s %12.2f %14.2f %8.1f %10s %10s\n' "$n" "$js" "$ps" "$(echo "$ps / $js" | bc -l)" "$jkl" "$pkl"
done
