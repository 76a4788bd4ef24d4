package dev.distill.app;

import dev.distill.app.dockerfile.CopySource;
import dev.distill.app.dockerfile.TreeEntry;
import dev.distill.common.DistillException;
import dev.distill.common.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * What a COPY from the build context reads, for its cache key: one line per entry with its path, type, permission
 * bits, and the SHA-256 of a file's content or a link's target. Owners and times are left out: COPY does not carry
 * them over from the context.
 */
final class SourceDigests {
    private SourceDigests() {
    }

    static List<String> of(List<CopySource> matches) {
        List<String> lines = new ArrayList<>();
        for (CopySource match : matches) {
            lines.add(line(match.path(), match.kind(), match.location()));
            for (TreeEntry entry : match.contents()) {
                lines.add(line(match.path() + "/" + entry.path(), entry.kind(), entry.location()));
            }
        }
        return lines;
    }

    private static String line(String path, TreeEntry.Kind kind, Path location) {
        try {
            int mode = (Integer) Files.getAttribute(location, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            String content = switch (kind) {
                case FILE -> sha256(location);
                case SYMLINK -> Files.readSymbolicLink(location).toString();
                case DIRECTORY -> "";
            };
            return kind + " " + path + " " + Integer.toOctalString(mode) + " " + content;
        } catch (IOException e) {
            throw new DistillException("cannot read " + location + " in the build context: " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = Hashing.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Hashing.hex(digest);
    }
}
