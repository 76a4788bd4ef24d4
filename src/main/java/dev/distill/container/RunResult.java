package dev.distill.container;

/**
 * How a container run ended: the process's exit code (128 + signal when it was killed), whether the time limit
 * killed it, and its output when captured (empty when inherited).
 */
public record RunResult(int exitCode, boolean timedOut, String stdout, String stderr) {
}
