#!/usr/bin/env bash
# The 1-D t-SNE of AutoAugOOD (TsneBenchmark) next to scikit-learn's Barnes-Hut t-SNE
# (python/tsne_sklearn.py), alternating the two per size on the same PCA-50 input, then a table
# of seconds and the ratio. Run it on a quiet machine; nothing else should be using the cores.
#
#   unode-benchmarks/scripts/tsne-side-by-side.sh [--threads T] [SIZE ...]   (default 5000 10000 20000 40000)
#
# Environment: PYTHON (default /usr/bin/python3, which needs numpy and scikit-learn),
# JAVA (default java), DATA (default /usr/share/datasets/fashion-mnist), SKIP_BUILD=1 to reuse a build.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
java="${JAVA:-java}"
data="${DATA:-/usr/share/datasets/fashion-mnist}"
threads="$(nproc)"
sizes=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[[ ${#sizes[@]} -gt 0 ]] || sizes=(5000 10000 20000 40000)

cd "$root"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # Through the reactor (never install): package the modules, and have each write its runtime classpath.
  ./mvnw -q -B -pl unode-benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime >&2
fi
cp="unode-benchmarks/target/classes:$(cat unode-benchmarks/target/runtime-classpath.txt)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results.txt"
: > "$results"
for n in "${sizes[@]}"; do
  echo "== n=$n: java" >&2
  "$java" -Xmx8g -cp "$cp" io.github.unode.benchmarks.TsneBenchmark --data "$data" --threads "$threads" \
    --save-pca "$work" "$n" | tee -a "$results" >&2
  echo "== n=$n: scikit-learn" >&2
  "$python" unode-benchmarks/python/tsne_sklearn.py --data "$data" --pca-dir "$work" --threads "$threads" "$n" \
    | tee -a "$results" >&2
  rm -f "$work/pca50_n$n.f64"
done

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
printf '\n%8s %8s | %10s %10s %10s %8s | %11s %8s | %9s %9s\n' n threads java_pca java_aff java_opt java_tsne \
  sklearn_tsne ratio java_kl sk_kl
for n in "${sizes[@]}"; do
  j="$(grep "^java n=$n " "$results")"
  s="$(grep "^sklearn n=$n " "$results")"
  jt="$(field tsne <<<"$j")"
  st="$(field tsne <<<"$s")"
  printf '%8s %8s | %10s %10s %10s %8s | %11s %7.1fx | %9s %9s\n' "$n" "$threads" "$(field pca <<<"$j")" \
    "$(field affinities <<<"$j")" "$(field optimisation <<<"$j")" "$jt" "$st" \
    "$(awk -v a="$st" -v b="$jt" 'BEGIN { print a / b }')" "$(field kl <<<"$j")" "$(field kl <<<"$s")"
done
echo "(seconds; tsne = affinities + optimisation on the same PCA-50 input; ratio = sklearn / java)"
