package io.github.unode.train;

/** The one check the recipe's parts and the loop's settings validate with. */
final class Checks {
    private Checks() {}

    /**
     * Refuses a setting.
     *
     * @throws IllegalArgumentException with {@code message} unless {@code ok}
     */
    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
