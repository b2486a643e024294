package io.github.unode.cli;

/**
 * A command line that cannot run as given (options that contradict each other, a value the library
 * refuses): exit code {@link ExitCodes#USAGE}. Only the command line throws it; an
 * {@link IllegalArgumentException} from anywhere else is a bug (exit code {@link ExitCodes#INTERNAL}).
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
