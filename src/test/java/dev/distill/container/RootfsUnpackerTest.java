package dev.distill.container;

import dev.distill.common.DistillException;
import dev.distill.oci.Compression;
import dev.distill.oci.Descriptor;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerWriter;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciLayout;
import dev.distill.oci.TarEntry;
import dev.distill.testing.HostTools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.distill.container.TestImages.MTIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootfsUnpackerTest {
    @TempDir
    Path dir;
    private OciLayout layout;
    private Path root;
    private final RootfsUnpacker unpacker = new RootfsUnpacker();

    @BeforeEach
    void setUp() {
        assertThat(HostTools.isRoot()).as("unpacking sets owners: run these tests as root").isTrue();
        layout = OciLayout.openOrCreate(dir.resolve("layout"));
        root = dir.resolve("rootfs");
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesHideOnlyWhatLowerLayersWrote() throws IOException {
        Layer first = layer(Compression.GZIP, w -> {
            w.add(TarEntry.directory("a", 0750, 0, 0, MTIME));
            text(w, TarEntry.file("a/keep", 0640, 65532, 65532, MTIME, 4), "keep");
            text(w, TarEntry.file("a/gone", 0644, 0, 0, MTIME, 4), "gone");
            w.add(TarEntry.directory("a/sub", 0755, 0, 0, MTIME));
            text(w, TarEntry.file("a/sub/deep", 0644, 0, 0, MTIME, 4), "deep");
            w.add(TarEntry.directory("b", 0755, 0, 0, MTIME));
            text(w, TarEntry.file("b/x", 0644, 0, 0, MTIME, 1), "x");
            text(w, TarEntry.file("b/y", 0644, 0, 0, MTIME, 1), "y");
            text(w, TarEntry.file("c", 0644, 0, 0, MTIME, 1), "c");
            w.add(TarEntry.directory("e", 0755, 0, 0, MTIME));
            text(w, TarEntry.file("e/lower", 0644, 0, 0, MTIME, 5), "lower");
            text(w, TarEntry.file("su", 04755, 0, 0, MTIME, 2), "su");
            w.add(new TarEntry("null", TarEntry.Type.CHAR_DEVICE, 0666, 0, 0, MTIME, 0, null));
        });
        Layer second = layer(Compression.ZSTD, w -> {
            w.add(TarEntry.file("a/.wh.gone", 0, 0, 0, MTIME, 0));
            w.add(TarEntry.directory("b", 0755, 0, 0, MTIME));
            text(w, TarEntry.file("b/early", 0644, 0, 0, MTIME, 5), "early");
            w.add(TarEntry.file("b/.wh..wh..opq", 0, 0, 0, MTIME, 0));
            text(w, TarEntry.file("b/late", 0644, 0, 0, MTIME, 4), "late");
            w.add(TarEntry.file(".wh.c", 0, 0, 0, MTIME, 0));
            w.add(TarEntry.symlink("d", "a/keep", MTIME));
            text(w, TarEntry.file("e/lower", 0644, 0, 0, MTIME, 5), "upper");
            w.add(TarEntry.file("e/.wh.lower", 0, 0, 0, MTIME, 0));
        });
        Layer third = layer(Compression.NONE, w -> {
            w.add(TarEntry.directory("c", 0755, 0, 0, MTIME));
            text(w, TarEntry.file("c/inside", 0644, 0, 0, MTIME, 6), "inside");
            w.add(TarEntry.file("a/.wh.sub", 0, 0, 0, MTIME, 0));
            text(w, TarEntry.file("d", 0644, 0, 0, MTIME, 6), "a file");
        });

        UnpackReport report = unpacker.unpack(TestImages.image(layout, List.of(first, second, third),
                ImageConfig.Container.empty()), root);

        Map<String, String> tree = TestImages.describe(root);
        assertThat(tree).containsOnlyKeys("a", "a/keep", "b", "b/early", "b/late", "c", "c/inside", "d", "e",
                "e/lower", "su");
        assertThat(root.resolve("e/lower")).as("a whiteout never hides its own layer's entry").hasContent("upper");
        assertThat(root.resolve("d")).hasContent("a file");
        assertThat(tree.get("a/keep")).startsWith("FILE 640 65532:65532");
        assertThat(tree.get("a")).startsWith("DIRECTORY 750 0:0");
        assertThat(tree.get("su")).startsWith("FILE 4755 0:0");
        assertThat(Files.getLastModifiedTime(root.resolve("a"), LinkOption.NOFOLLOW_LINKS).toMillis() / 1000)
                .as("directory times are set after their children").isEqualTo(MTIME);
        assertThat(Files.getLastModifiedTime(root.resolve("a/keep")).toMillis() / 1000).isEqualTo(MTIME);
        assertThat(report.setuidOrSetgid()).containsExactly("su");
        assertThat(report.skipped()).containsExactly("null (device node)");
    }

    @Test
    void pathsThatLeaveTheRootAreRefused() throws IOException {
        Descriptor escape = rawLayer(tar -> file(tar, "../escape"));
        assertRefused(escape, "../escape");
        assertThat(dir.resolve("escape")).doesNotExist();

        String absolute = "/tmp/distill-absolute-" + UUID.randomUUID();
        Descriptor absoluteLayer = rawLayer(tar -> file(tar, absolute));
        assertRefused(absoluteLayer, absolute);
        assertThat(Path.of(absolute)).doesNotExist();
    }

    @Test
    void aSymlinkNeverRedirectsALaterWrite() throws IOException {
        String name = "distill-through-link-" + UUID.randomUUID();
        Descriptor sameLayer = rawLayer(tar -> {
            symlink(tar, "link", "/");
            file(tar, "link/tmp/" + name);
        });
        assertRefused(sameLayer, "link/tmp/" + name);
        assertThat(Path.of("/tmp", name)).doesNotExist();

        Path outside = Files.createDirectory(dir.resolve("outside"));
        Descriptor lower = rawLayer(tar -> symlink(tar, "etc", outside.toString()));
        Descriptor upper = rawLayer(tar -> file(tar, "etc/x"));
        Path other = dir.resolve("other-root");
        unpacker.apply(layout, lower, other);
        assertThatThrownBy(() -> unpacker.apply(layout, upper, other))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining(upper.digest().toString()).hasMessageContaining("etc/x")
                .hasMessageContaining("symbolic link");
        Descriptor directoryThenLink = rawLayer(tar -> {
            TarArchiveEntry directory = new TarArchiveEntry("var/", true);
            tar.putArchiveEntry(directory);
            tar.closeArchiveEntry();
            file(tar, "var/first");
            symlink(tar, "var", outside.toString());
            file(tar, "var/second");
        });
        assertRefused(directoryThenLink, "var/second");
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void hardLinksMustStayInsideTheRoot() throws IOException {
        Descriptor absolute = rawLayer(tar -> hardlink(tar, "shadow", "/etc/shadow"));
        assertRefused(absolute, "shadow");
        Descriptor relative = rawLayer(tar -> hardlink(tar, "shadow", "../../../../etc/shadow"));
        assertRefused(relative, "../../../../etc/shadow");
        assertThat(root.resolve("shadow")).doesNotExist();

        Descriptor inside = rawLayer(tar -> {
            file(tar, "etc/original");
            hardlink(tar, "etc/copy", "etc/original");
        });
        unpacker.apply(layout, inside, root);
        assertThat(Files.getAttribute(root.resolve("etc/copy"), "unix:ino"))
                .isEqualTo(Files.getAttribute(root.resolve("etc/original"), "unix:ino"));
    }

    @Test
    void aLayerWhoseBytesDoNotMatchItsDigestIsRejected() throws IOException {
        Descriptor genuine = rawLayer(tar -> file(tar, "genuine"));
        byte[] forged = tarBytes(tar -> file(tar, "forged"));
        Files.write(layout.blobPath(genuine.digest()), forged);

        assertThatThrownBy(() -> unpacker.apply(layout, genuine, root))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining(genuine.digest().toString()).hasMessageContaining("does not match its digest");
    }

    private void assertRefused(Descriptor layer, String path) {
        assertThatThrownBy(() -> unpacker.apply(layout, layer, root))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining(layer.digest().toString())
                .hasMessageContaining("'" + path + "'");
    }

    private interface LayerContent {
        void write(LayerWriter writer) throws IOException;
    }

    private interface TarContent {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private Layer layer(Compression compression, LayerContent content) throws IOException {
        try (LayerWriter writer = new LayerWriter(layout, compression)) {
            content.write(writer);
            return writer.finish();
        }
    }

    private static void text(LayerWriter writer, TarEntry entry, String text) throws IOException {
        writer.add(entry, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain tar written by commons-compress, which (unlike the project's writer) accepts hostile names. */
    private Descriptor rawLayer(TarContent content) throws IOException {
        return layout.writeBlob(MediaTypes.OCI_LAYER, tarBytes(content));
    }

    private static byte[] tarBytes(TarContent content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            content.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        byte[] data = "pwned".getBytes(StandardCharsets.UTF_8);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void hardlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
