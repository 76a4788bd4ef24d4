package dev.distill.build;

import dev.distill.common.DistillException;
import dev.distill.oci.Descriptor;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code oci-archive} (a tar of an OCI layout): its blobs go into a store, each checked against the digest
 * its name claims; anything else in the archive is ignored.
 */
final class OciArchive {
    private static final Pattern BLOB = Pattern.compile("(?:\\./)?blobs/sha256/([0-9a-f]{64})");
    private static final Pattern INDEX = Pattern.compile("(?:\\./)?index\\.json");

    private OciArchive() {
    }

    /** Imports the archive's blobs into {@code store} and returns its index. */
    static ImageIndex importInto(Path archive, OciLayout store) {
        ImageIndex index = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                Matcher blob = BLOB.matcher(entry.getName());
                if (blob.matches()) {
                    importBlob(archive, store, tar, blob.group(1));
                } else if (INDEX.matcher(entry.getName()).matches()) {
                    index = OciJson.read(tar.readAllBytes(), ImageIndex.class, archive + " index.json");
                }
            }
        } catch (IOException e) {
            throw new DistillException("cannot read OCI archive " + archive + ": " + e.getMessage(), e);
        }
        if (index == null) {
            throw new DistillException(archive + " is not an OCI archive: it has no index.json");
        }
        return index;
    }

    private static void importBlob(Path archive, OciLayout store, InputStream content, String hex) throws IOException {
        OciLayout.BlobWriter writer = store.newBlob();
        try {
            content.transferTo(writer);
            Descriptor written = writer.commit("application/octet-stream");
            if (!written.digest().hex().equals(hex)) {
                throw new DistillException(archive + ": blob blobs/sha256/" + hex + " does not match its name (its "
                        + "content hashes to " + written.digest() + ")");
            }
        } finally {
            writer.abort();
        }
    }
}
