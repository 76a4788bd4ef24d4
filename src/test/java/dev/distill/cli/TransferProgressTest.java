package dev.distill.cli;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.MediaTypes;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TransferProgressTest {
    private static final Descriptor LAYER = Descriptor.of(MediaTypes.OCI_LAYER_GZIP,
            Digest.sha256Hex("2fb57427508d" + "0".repeat(52)), 2_000_000);
    private static final Descriptor CONFIG = Descriptor.of(MediaTypes.OCI_CONFIG,
            Digest.sha256Hex("f3aa47c5f409" + "0".repeat(52)), 1_500);

    private static String shown(boolean terminal, boolean quiet) {
        StringWriter err = new StringWriter();
        Console console = new Console(InputStream.nullInputStream(), new PrintWriter(new StringWriter()),
                new PrintWriter(err), terminal, Map.of(), Path.of("."));
        TransferProgress progress = new TransferProgress(console, quiet, "push");
        progress.started(LAYER);
        progress.progress(LAYER, 1_000_000);
        progress.progress(LAYER, 2_000_000);
        progress.done(LAYER);
        progress.skipped(CONFIG);
        progress.mounted(LAYER, "team/base");
        return err.toString();
    }

    @Test
    void onATerminalEachBlobGetsABarOrALine() {
        String shown = shown(true, false);

        assertThat(shown).contains("\r\033[Kpush 2fb57427508d [" + " ".repeat(30) + "] 0.0/2.0 MB")
                .contains("\r\033[Kpush 2fb57427508d [" + "#".repeat(30) + "] 2.0/2.0 MB\n")
                .doesNotContain("files");
        assertThat(Arrays.stream(shown.split("\n")).filter(line -> !line.contains("\r"))).containsExactly(
                "push f3aa47c5f409     0.0 MB  already there",
                "push 2fb57427508d     2.0 MB  mounted from team/base");
    }

    @Test
    void withoutATerminalOrWhenQuietNothingIsShown() {
        assertThat(shown(false, false)).isEmpty();
        assertThat(shown(true, true)).isEmpty();
    }
}
