package io.github.unode.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command line talks to a person: progress is shown only then. */
final class Terminal {
    private Terminal() {}

    /**
     * Whether standard input and output are a terminal. {@link System#console()} alone is not
     * enough: from JDK 22 on it returns a console even when the output is redirected, and only
     * {@code Console.isTerminal()} (JDK 22) tells.
     */
    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console means a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
