package dev.distill.common;

/**
 * A failure the user can act on. The message names the file, package, key or image involved; the CLI prints it
 * and exits with {@link #exitCode()}. No stack trace is shown unless asked for.
 */
public class DistillException extends RuntimeException {
    private final ExitCode exitCode;

    public DistillException(String message) {
        this(ExitCode.FAILURE, message, null);
    }

    public DistillException(String message, Throwable cause) {
        this(ExitCode.FAILURE, message, cause);
    }

    public DistillException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public DistillException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
