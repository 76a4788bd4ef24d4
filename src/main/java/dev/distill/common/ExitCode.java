package dev.distill.common;

/** Process exit codes, documented in the README and in {@code distill --help}. */
public enum ExitCode {
    OK(0),
    /** The command failed: bad input, a network or I/O failure, a build step that failed. */
    FAILURE(1),
    /** The command line could not be parsed. */
    USAGE(2),
    /** Something was checked and did not pass: a signature, a digest, a policy, a vulnerability threshold. */
    CHECK_FAILED(3),
    /** The lock file does not match the spec or cannot be met ({@code --locked}). */
    LOCK_MISMATCH(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
