package dev.distill.registry;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.MediaTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransferTallyTest {
    private static Descriptor blob(char hex, long size) {
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256Hex(String.valueOf(hex).repeat(64)), size);
    }

    @Test
    void countsEachBlobOnceWhateverHappensToItAgainAndPassesEveryEventOn() {
        RecordingListener next = new RecordingListener();
        TransferTally tally = new TransferTally(next);
        Descriptor shared = blob('a', 2);
        Descriptor layer = blob('b', 1000);
        Descriptor present = blob('c', 50);
        Descriptor linked = blob('d', 70);

        tally.started(shared);
        tally.done(shared);
        tally.skipped(shared);
        tally.started(layer);
        tally.started(layer);
        tally.done(layer);
        tally.skipped(present);
        tally.skipped(present);
        tally.mounted(linked, "team/base");

        assertThat(tally.summary()).isEqualTo(new TransferSummary(2, 1, 1, 1002));
        assertThat(next.digests("started")).containsExactly(shared.digest(), layer.digest(), layer.digest());
        assertThat(next.digests("skipped")).containsExactly(shared.digest(), present.digest(), present.digest());
        assertThat(next.digests("mounted")).containsExactly(linked.digest());
    }
}
