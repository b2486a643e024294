#!/usr/bin/env bash
# The training step in Java (DJL, libtorch 2.7.1) and in Python (Debian's PyTorch 1.13), the same
# network, batch, loss and update, same thread count, alternating, in one run.
#   unode-benchmarks/scripts/peer-side-by-side.sh [rounds=3] [steps=20] [threads=2]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds=${1:-3}; steps=${2:-20}; threads=${3:-2}
printf '# machine: %s, %s CPUs; %s\n' "$(uname -m)" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)"
for r in $(seq "$rounds"); do
  j=$("$here/bench" StepTimer "$steps" "$threads")
  p=$(OMP_NUM_THREADS=$threads /usr/bin/python3 "$here/../python/train_step_peer.py" "$steps" "$threads")
  [ "$r" = 1 ] && { echo "$j" | grep '^#'; echo "$p" | grep '^#'; }
  jm=$(echo "$j" | awk '/java ms\/step/ {print $3}')
  pm=$(echo "$p" | awk '/python ms\/step/ {print $3}')
  printf 'round %d: java %8.1f ms/step   python %8.1f ms/step   python/java %.2f\n' "$r" "$jm" "$pm" "$(echo "$pm / $jm" | bc -l)"
done
