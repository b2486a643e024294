package io.github.unode.train;

import static io.github.unode.train.Checks.check;

import io.github.unode.augment.auto.Divergence;
import java.util.Map;
import java.util.Objects;

/** How the hard augmentations are weighted: a {@link Negatives}'s {@link Negatives#weighting()}. */
public sealed interface Weighting permits Weighting.Uniform, Weighting.Fixed, Weighting.AutoAugOOD {

    /** Every augmentation weighted alike. */
    record Uniform() implements Weighting {}

    /**
     * Fixed weights by augmentation name.
     *
     * @param weights non-negative weights, not all 0
     */
    record Fixed(Map<String, Double> weights) implements Weighting {
        /** Validates the weights. */
        public Fixed {
            check(weights != null && !weights.isEmpty(), "fixed weights need at least one augmentation");
            weights = Map.copyOf(new java.util.TreeMap<>(weights));
            double sum = 0;
            for (Map.Entry<String, Double> e : weights.entrySet()) {
                check(e.getValue() != null && e.getValue() >= 0 && Double.isFinite(e.getValue()),
                        "the weight of " + e.getKey() + " must be a non-negative number, got " + e.getValue());
                sum += e.getValue();
            }
            check(sum > 0, "the augmentation weights cannot all be 0");
        }
    }

    /**
     * Weights measured by AutoAugOOD before training (METHOD 3); the recipe's form of
     * {@link io.github.unode.augment.auto.AutoAugOOD}'s settings.
     *
     * @param temperature the softmax temperature {@code tau}
     * @param divergence the divergence between the inliers' and an augmentation's densities
     * @param maxImages at most this many inliers are measured
     * @param pcaDimensions dimensions kept by PCA before t-SNE
     * @param seed the seed of AutoAugOOD's own draws
     * @param warmupEpochs epochs of self-supervised warm-up whose encoder measures, when no
     *     pretrained network is given
     * @param pretrained a TorchScript file whose network measures instead (ImageNet
     *     normalisation, RGB), or null
     * @param pretrainedSize the input side of that network
     */
    record AutoAugOOD(double temperature, Divergence divergence, int maxImages, int pcaDimensions, long seed,
            int warmupEpochs, String pretrained, int pretrainedSize) implements Weighting {
        /** Validates every setting. */
        public AutoAugOOD {
            check(temperature >= 1e-6 && temperature <= 1e6, "AutoAugOOD's temperature must lie in [1e-6, 1e6], got "
                    + temperature);
            Objects.requireNonNull(divergence, "the divergence must be given");
            check(maxImages >= 2, "AutoAugOOD needs at least 2 images, got " + maxImages);
            check(pcaDimensions >= 1, "PCA dimensions must be at least 1, got " + pcaDimensions);
            check(warmupEpochs >= 0, "warm-up epochs must be non-negative, got " + warmupEpochs);
            check(pretrainedSize >= 1, "the pretrained network's input side must be at least 1, got " + pretrainedSize);
        }

        /** These settings with another temperature. */
        public AutoAugOOD withTemperature(double tau) {
            return new AutoAugOOD(tau, divergence, maxImages, pcaDimensions, seed, warmupEpochs, pretrained,
                    pretrainedSize);
        }

        /** These settings with another divergence. */
        public AutoAugOOD withDivergence(Divergence d) {
            return new AutoAugOOD(temperature, d, maxImages, pcaDimensions, seed, warmupEpochs, pretrained,
                    pretrainedSize);
        }

        /** These settings with another seed. */
        public AutoAugOOD withSeed(long s) {
            return new AutoAugOOD(temperature, divergence, maxImages, pcaDimensions, s, warmupEpochs, pretrained,
                    pretrainedSize);
        }

        /** These settings with another warm-up before measuring. */
        public AutoAugOOD withWarmupEpochs(int epochs) {
            return new AutoAugOOD(temperature, divergence, maxImages, pcaDimensions, seed, epochs, pretrained,
                    pretrainedSize);
        }

        /**
         * The recipe's form of an AutoAugOOD given in code (its t-SNE settings and cache directory
         * are not part of a recipe), measuring after {@code warmupEpochs} epochs of warm-up or with
         * the network in {@code pretrained} (null: the warmed-up encoder) at side {@code pretrainedSize}.
         */
        public static AutoAugOOD of(io.github.unode.augment.auto.AutoAugOOD.Config c, int warmupEpochs,
                String pretrained, int pretrainedSize) {
            return new AutoAugOOD(c.temperature(), c.divergence(), c.maxImages(), c.pcaDimensions(), c.seed(),
                    warmupEpochs, pretrained, pretrainedSize);
        }

        /** The AutoAugOOD these settings describe, with the default t-SNE settings and no cache. */
        public io.github.unode.augment.auto.AutoAugOOD algorithm() {
            return io.github.unode.augment.auto.AutoAugOOD.builder().temperature(temperature).divergence(divergence)
                    .maxImages(maxImages).pcaDimensions(pcaDimensions).seed(seed).build();
        }

        /** These settings measuring with a pretrained TorchScript network (null: the warmed-up encoder). */
        public AutoAugOOD withPretrained(String file, int size) {
            return new AutoAugOOD(temperature, divergence, maxImages, pcaDimensions, seed, warmupEpochs, file, size);
        }

        /** AutoAugOOD's defaults: tau 1, the symmetric KL of eq. 7, 2,000 images, 50 PCA dimensions, seed 1, a 3-epoch warm-up. */
        public static AutoAugOOD defaults() {
            return new AutoAugOOD(1, Divergence.SYMMETRIC_KL, 2000, 50, 1, 3, null, 224);
        }
    }
}
