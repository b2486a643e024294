#!/usr/bin/env bash
# Shows that the tests written from the paper's definitions fail when a formula is changed
# (issue 14): each mutation is applied to a scratch clone of HEAD, the test that should catch it
# is run, the result ("caught" or "NOT CAUGHT") is printed, and the mutation is reverted.
#   scripts/formula-mutations.sh        (about 10 minutes on 2 cores; needs the dependencies in ~/.m2)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/repo" && cd "$work/repo" || exit 1
export DJL_OFFLINE=true OPT_OUT_TRACKING=true OMP_NUM_THREADS=1
out=/dev/stdout
run() { # name file sed-expr tests modules
  name="$1"; file="$2"; expr="$3"; tests="$4"; mods="$5"
  cp "$file" "$work/mut.bak"
  sed -i "$expr" "$file"
  if cmp -s "$file" "$work/mut.bak"; then echo "$name: MUTATION DID NOT APPLY" >> $out; return; fi
  res=$(./mvnw -o -B test -pl "$mods" -am -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E "Tests run:.*Fail|FAILURE!" | grep -E "FAILURE!" | head -3 | sed 's/^/    /')
  if [ -n "$res" ]; then echo "$name: caught" >> $out; echo "$res" >> $out; else echo "$name: NOT CAUGHT" >> $out; fi
  cp "$work/mut.bak" "$file"
}
T=unode-train/src/main/java/io/github/unode/train
A=unode-augment/src/main/java/io/github/unode/augment
S=unode-core/src/main/java/io/github/unode/score
I=unode-core/src/main/java/io/github/unode/internal
run "eq.11 scale: mean over 2B anchors instead of (1/B) sum" $T/Losses.java 's|return positive.sum().div((float) b).neg();|return positive.sum().div(2f * b).neg();|' PaperLossTest unode-train
run "eq.10: x_i's own negatives in its denominator" $T/Losses.java 's|                if (j != i) {|                if (true) {|' PaperLossTest unode-train
run "eq.12: mean instead of the sum over the batch" $T/Losses.java 's|mean.mul(logits.getShape().get(0) / 2f)|mean|' PaperLossTest unode-train
run "SupCon ids: every negative one class K" $T/TrainingStep.java 's|ids\[b + i\] = k + i;|ids[b + i] = k;|' PaperLossTest unode-train
run "PER_IMAGE draws a second negative" $T/TrainingStep.java '0,/n2 = n1;/s//n2 = sampler.sample(x, random);/' BatchLayoutTest unode-train
run "batch composition applied in reverse" $A/NegativeSampler.java '0,/        for (int k : comp) {/s//        for (int k : java.util.stream.IntStream.range(0, comp.length).map(q -> comp[comp.length - 1 - q]).toArray()) {/' NegativeSamplerTest unode-augment
run "second draw not renormalised (weight of the first kept)" $A/NegativeSampler.java 's|                w\[pick\] = 0;|                w[pick] = w[pick];|' NegativeSamplerTest unode-augment
run "probability head: P(negative) instead of P(inlier)" $S/HeadScore.java 's|(1 / (1 + Math.exp(-logOdds)))|(1 / (1 + Math.exp(logOdds)))|' ScoreDefinitionsTest unode-core
run "threshold at the targetFpr quantile instead of 1 - targetFpr" $S/NoveltyScorer.java 's|this.threshold = quantile(this.heldOutNovelty, 1 - targetFpr);|this.threshold = quantile(this.heldOutNovelty, 1 - targetFpr / 2);|' ScoreDefinitionsTest unode-core
run "O_sim: the bank searched in the other space's output" $S/NoveltyScorer.java 's|float\[\] sim = bank.maxSimilarity(space.of(outputs), null);|float[] sim = bank.maxSimilarity(space == ScoreSpace.PROJECTION ? outputs.features() : outputs.projection(), null);|' ScoreDefinitionsTest unode-core
run "default divergence zeroed" unode-augment/src/main/java/io/github/unode/augment/auto/DistributionShift.java 's|case SYMMETRIC_KL -> Divergences.symmetricKlFromLog(logP,|case SYMMETRIC_KL -> 0 * Divergences.symmetricKlFromLog(logP,|' DistributionShiftTest unode-augment
run "LARS exclusion ignored" $T/Lars.java 's|if (excluded.contains(parameterId)) {|if (false) {|' LarsTest unode-train
# formulas that moved out of NoveltyScorer and UnodeTrainer (Calibrator, internal.Stats, EpochLoop)
run "lambda: std(O_bin) / std(O_sim) instead of std(O_sim) / std(O_bin)" $S/Calibrator.java 's|double lambda = sdBin > 1e-12 ? sdSim / sdBin : 0.0;|double lambda = sdBin > 1e-12 ? sdBin / sdSim : 0.0;|' NoveltyScorerTest unode-core
run "pixel term: its weight ignored in mu" $S/Calibrator.java 's|mu = sdPix > 1e-12 ? term.weight() \* sdSim / sdPix : 0.0;|mu = sdPix > 1e-12 ? sdSim / sdPix : 0.0;|' NoveltyScorerTest unode-core
run "std: sample (n - 1) instead of population (n)" $I/Stats.java 's|return Math.sqrt(ss / v.length);|return Math.sqrt(ss / (v.length - 1));|' StatsTest unode-core
run "head labels: the second negatives labelled inliers" $T/EpochLoop.java 's|            l\[2 \* b + i\] = 1;|            l[3 * b + i] = 1;|' BatchLayoutTest unode-train
