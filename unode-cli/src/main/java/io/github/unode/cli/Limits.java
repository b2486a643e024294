package io.github.unode.cli;

import picocli.CommandLine.Option;

/**
 * The counts several commands share, as mixins: {@code --max-inliers} and {@code --max-test}. A
 * count is named {@code --max-...}; each count option, here and in {@code benchmark} and
 * {@code weights}, also keeps its old name ({@code --inliers}, {@code --test},
 * {@code --corrupted-test}, {@code --images}) as a hidden option that sets the same field and
 * warns on standard error ({@link #renamed}). The old names will go.
 *
 * <p>A count's default is its field's initial value, not {@code defaultValue}: picocli applies a
 * {@code defaultValue} after parsing to every option not given by its own name, which would
 * overwrite what the old name set.
 */
final class Limits {
    private Limits() {}

    /** Warns that {@code old} is now {@code now}, and returns {@code value} for the new option's field. */
    static int renamed(String old, String now, int value) {
        System.err.println("warning: " + old + " is deprecated; use " + now + " (the same setting)");
        return value;
    }

    /** {@code --max-inliers}: at most this many training inliers, drawn with the seed. */
    static final class MaxInliers {
        @Option(names = "--max-inliers", paramLabel = "N", description = "At most this many training inliers (a sample"
                + " drawn with the seed), 0 for all (default: ${DEFAULT-VALUE}).")
        int max;

        /** No limit by default (picocli's constructor). */
        MaxInliers() {
            this(0);
        }

        /** At most {@code byDefault} unless the option says otherwise. */
        MaxInliers(int byDefault) {
            max = byDefault;
        }

        @Option(names = "--inliers", hidden = true, description = "Deprecated: --max-inliers.")
        void inliers(int n) {
            max = renamed("--inliers", "--max-inliers", n);
        }
    }

    /** {@code --max-test}: at most this many test images, drawn with the seed. */
    static final class MaxTest {
        @Option(names = "--max-test", paramLabel = "N", description = "At most this many test images (a sample drawn"
                + " with the seed), 0 for all (default: ${DEFAULT-VALUE}).")
        int max;

        @Option(names = "--test", hidden = true, description = "Deprecated: --max-test.")
        void test(int n) {
            max = renamed("--test", "--max-test", n);
        }
    }
}
