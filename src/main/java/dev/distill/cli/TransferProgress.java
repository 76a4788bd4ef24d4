package dev.distill.cli;

import dev.distill.fetch.ProgressListener;
import dev.distill.oci.Descriptor;
import dev.distill.registry.TransferListener;

import java.util.Locale;

/**
 * Shows a push or pull on a terminal: a progress bar per blob that moves, a line per blob that did not need to;
 * nothing when standard error is not a terminal or the command is quiet.
 */
final class TransferProgress implements TransferListener {
    private final Console console;
    private final ProgressListener bar;
    private final boolean visible;
    private final String verb;
    private long reported;

    /** @param verb what moving a blob is called: push or pull */
    TransferProgress(Console console, boolean quiet, String verb) {
        this.console = console;
        this.bar = console.progress(quiet);
        this.visible = console.isTerminal() && !quiet;
        this.verb = verb;
    }

    @Override
    public synchronized void started(Descriptor blob) {
        reported = 0;
        bar.begin(verb + " " + blob.digest().shortHex(), 1, blob.size());
    }

    @Override
    public synchronized void progress(Descriptor blob, long transferred) {
        bar.advance(transferred - reported);
        reported = transferred;
    }

    @Override
    public synchronized void done(Descriptor blob) {
        bar.fileDone(blob.digest().toString());
        bar.end();
    }

    @Override
    public void skipped(Descriptor blob) {
        line(blob, "already there");
    }

    @Override
    public void mounted(Descriptor blob, String fromRepository) {
        line(blob, "mounted from " + fromRepository);
    }

    private void line(Descriptor blob, String what) {
        if (visible) {
            console.note(String.format(Locale.ROOT, "%s %s %7.1f MB  %s", verb, blob.digest().shortHex(),
                    blob.size() / 1e6, what));
        }
    }
}
