package io.github.unode.cli;

/**
 * The old names of options renamed to say what they are (a count is {@code --max-...}): each
 * command keeps its old name as a hidden option that sets the same field and warns once on
 * standard error. They are not on the help or the man page, and will go.
 *
 * <p>The new option's default is its field's initial value, not {@code defaultValue}: picocli
 * applies a {@code defaultValue} after parsing to every option not given by its own name, which
 * would overwrite what the old name set.
 */
final class RenamedOption {
    private RenamedOption() {}

    /** Warns that {@code old} is now {@code now}, and returns {@code value} for the new option's field. */
    static int warn(String old, String now, int value) {
        System.err.println("warning: " + old + " is deprecated; use " + now + " (the same setting)");
        return value;
    }
}
