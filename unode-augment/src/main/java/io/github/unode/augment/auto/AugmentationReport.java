package io.github.unode.augment.auto;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What AutoAugOOD measured (METHOD 3, "the weights, the divergences, and the feature source are a
 * report the user can read and save"): per augmentation its divergence from the inliers and its
 * weight, with the feature source, the number of images and the time taken. Saved as JSON with
 * a detector; readable as text.
 *
 * @param featureSource what {@code psi} was
 * @param images inliers used (each also once per augmentation)
 * @param temperature the softmax temperature tau
 * @param inlierPosition mean 1-D coordinate of the inliers themselves
 * @param entries one per augmentation, in pool order
 * @param tsneKl final KL objective of the joint 1-D t-SNE
 * @param featureSeconds time to compute the features
 * @param embeddingSeconds time of PCA, t-SNE, densities and divergences
 * @param cached whether the result came from the cache
 * @param cacheKey the key under which it is cached
 * @param divergence the {@link Divergence} measured (absent, i.e. null, in reports written before
 *     there was a choice: those are {@link Divergence#SYMMETRIC_KL_FLOORED})
 */
public record AugmentationReport(String featureSource, int images, double temperature, double inlierPosition,
        List<Entry> entries,
        double tsneKl, double featureSeconds, double embeddingSeconds, boolean cached, String cacheKey,
        Divergence divergence) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public AugmentationReport {
        entries = List.copyOf(entries);
    }

    /**
     * One augmentation's line.
     *
     * @param augmentation its name
     * @param divergence {@code KL(P || Q) + KL(Q || P)} of the 1-D densities of inliers and augmented inliers
     * @param weight its sampling weight
     * @param mean mean 1-D coordinate of the augmented images (compare with the inliers' position)
     * @param sd standard deviation of those coordinates
     */
    public record Entry(String augmentation, double divergence, double weight, double mean, double sd) {}

    /** The weights by augmentation name, in pool order. */
    public Map<String, Double> weights() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.put(e.augmentation(), e.weight());
        }
        return m;
    }

    /** The same report marked as read from the cache. */
    public AugmentationReport fromCache() {
        return new AugmentationReport(featureSource, images, temperature, inlierPosition, entries, tsneKl, featureSeconds,
                embeddingSeconds, true, cacheKey, divergence);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static AugmentationReport fromJson(String json) {
        return GSON.fromJson(json, AugmentationReport.class);
    }

    /** A table for people. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "AutoAugOOD weights (%d inliers, features: %s, %s, tau %.3g%s)%n", images,
                featureSource, divergence == null ? Divergence.SYMMETRIC_KL_FLOORED : divergence, temperature,
                cached ? ", from cache" : ""));
        b.append(String.format(Locale.ROOT, "  %-10s %11s %8s %9s%n", "augment", "divergence", "weight", "position"));
        b.append(String.format(Locale.ROOT, "  %-10s %11s %8s %9.2f%n", "(inliers)", "", "", inlierPosition));
        for (Entry e : entries) {
            b.append(String.format(Locale.ROOT, "  %-10s %11.4f %8.4f %9.2f%n", e.augmentation(), e.divergence(),
                    e.weight(), e.mean()));
        }
        b.append(String.format(Locale.ROOT, "  features %.1f s, PCA + t-SNE + densities %.1f s (t-SNE KL %.3f)",
                featureSeconds, embeddingSeconds, tsneKl));
        return b.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
