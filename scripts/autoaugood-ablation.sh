#!/usr/bin/env bash
# The ablation of the paper's Table 4 at a CPU budget: the same training run with AutoAugOOD's
# weights, with uniform weights over the pool, and with rotation alone as the negatives, on
# Fashion-MNIST classes (default 0, 6, 8), UNODE only. Writes one report per arm and a side-by-side
# table to $OUT/ablation.md.
#   scripts/autoaugood-ablation.sh [DATA_DIR] [CLASSES] [OUT]
# Budget per arm and class: 1,000 inliers, 8 epochs (AutoAugOOD adds its 3-epoch warm-up).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-/usr/share/datasets/fashion-mnist}"
classes="${2:-0,6,8}"
out="${3:-$root/reports/autoaugood-ablation}"
unode="${UNODE:-$root/unode}"   # the launcher; UNODE=... runs another build
common=(benchmark --data "$data" --classes "$classes" --max-inliers 1000 --epochs 8 --lr 0.4 --width 0.25
  --contrastive-weight 1 --ce-weight 1 --pixel-term --no-baselines --quiet --overwrite)
mkdir -p "$out"
"$unode" "${common[@]}" --auto-aug -o "$out/autoaugood" > "$out/autoaugood.log"
"$unode" "${common[@]}" -o "$out/uniform" > "$out/uniform.log"
"$unode" "${common[@]}" --augmentations rotate --max-compositions 1 -o "$out/rotation" > "$out/rotation.log"
python3 - "$out" <<'PY'
import csv, sys, os
out = sys.argv[1]
arms = ["autoaugood", "uniform", "rotation"]
rows = {}
for a in arms:
    with open(os.path.join(out, a, "results.csv")) as f:
        for r in csv.DictReader(f):
            if r["condition"] == "clean" and r["method"] == "UNODE":
                rows.setdefault(r["setting"], {})[a] = float(r["auroc"])
lines = ["| class | AutoAugOOD | uniform | rotation only |", "|---|---|---|---|"]
means = {a: [] for a in arms}
for s, v in rows.items():
    lines.append("| %s | %s |" % (s, " | ".join("%.2f" % (100 * v[a]) if a in v else "-" for a in arms)))
    for a in arms:
        if a in v:
            means[a].append(v[a])
lines.append("| mean | %s |" % " | ".join("%.2f" % (100 * sum(m) / len(m)) if m else "-" for m in means.values()))
open(os.path.join(out, "ablation.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
