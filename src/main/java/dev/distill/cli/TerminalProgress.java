package dev.distill.cli;

import dev.distill.fetch.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar redrawn in place on a terminal, at most ten times a second (a file count when several). */
final class TerminalProgress implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private String what = "";
    private int files;
    private int filesDone;
    private long total;
    private long done;
    private long lastDraw;
    private boolean drawn;

    TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void begin(String what, int files, long bytes) {
        this.what = what;
        this.files = files;
        this.filesDone = 0;
        this.total = bytes;
        this.done = 0;
        draw(true);
    }

    @Override
    public synchronized void advance(long bytes) {
        done += bytes;
        draw(false);
    }

    @Override
    public synchronized void fileDone(String label) {
        filesDone++;
        draw(false);
    }

    @Override
    public synchronized void end() {
        draw(true);
        err.print('\n');
        err.flush();
        drawn = false;
    }

    synchronized void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int filled = (int) Math.round(fraction * WIDTH);
        String count = files > 1 ? String.format(Locale.ROOT, " %d/%d files,", filesDone, files) : "";
        err.print(String.format(Locale.ROOT, "\r\033[K%s [%s%s]%s %.1f/%.1f MB", what,
                "#".repeat(filled), " ".repeat(WIDTH - filled), count, done / 1e6, total / 1e6));
        err.flush();
        drawn = true;
    }
}
