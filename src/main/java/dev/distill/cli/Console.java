package dev.distill.cli;

import dev.distill.fetch.ProgressListener;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command reads its environment and writes its output. Progress bars are drawn on standard error only
 * when it is a terminal; otherwise progress is silent.
 */
public final class Console {
    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final Map<String, String> env;
    private final Path workingDir;
    private TerminalProgress progress;

    public Console(InputStream in, PrintWriter out, PrintWriter err, boolean terminal, Map<String, String> env,
                   Path workingDir) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.env = env;
        this.workingDir = workingDir;
    }

    public static Console system() {
        return new Console(System.in, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.console() != null, System.getenv(),
                Path.of("").toAbsolutePath());
    }

    public InputStream in() {
        return in;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Map<String, String> env() {
        return env;
    }

    public Path workingDir() {
        return workingDir;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** A progress listener: a bar on a terminal, nothing otherwise (or when {@code quiet}). */
    public synchronized ProgressListener progress(boolean quiet) {
        if (!terminal || quiet) {
            return ProgressListener.NONE;
        }
        if (progress == null) {
            progress = new TerminalProgress(err);
        }
        return progress;
    }

    /** Prints a note on standard error (never on standard output, which may carry JSON). */
    public void note(String message) {
        clearProgress();
        err.println(message);
        err.flush();
    }

    synchronized void clearProgress() {
        if (progress != null) {
            progress.clear();
        }
    }
}
