package dev.distill.oci;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFilesystemTest {
    @TempDir
    Path dir;

    private OciLayout layout;

    private Layer layer(Compression compression, Object... entries) throws IOException {
        layout = layout == null ? OciLayout.openOrCreate(dir) : layout;
        try (LayerWriter writer = new LayerWriter(layout, compression)) {
            for (int i = 0; i < entries.length; i++) {
                TarEntry entry = (TarEntry) entries[i];
                if (entry.type() == TarEntry.Type.FILE) {
                    writer.add(entry, (byte[]) entries[++i]);
                } else {
                    writer.add(entry);
                }
            }
            return writer.finish();
        }
    }

    private static Object[] file(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Object[] {TarEntry.file(path, 0644, 0, 0, 0, bytes.length), bytes};
    }

    private static Object[] concat(Object[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray();
    }

    private Image image(Layer... layers) {
        ImageConfig config = new ImageConfig(null, null, "amd64", "linux", null, null,
                ImageConfig.RootFs.layers(Arrays.stream(layers).map(Layer::diffId).toList()), null);
        Descriptor configBlob = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
        Manifest manifest = Manifest.image(configBlob,
                Arrays.stream(layers).map(Layer::descriptor).toList(), null);
        return ImageReader.manifestImage(layout, layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(manifest)), "t");
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesHideOnlyWhatLowerLayersWrote() throws IOException {
        Layer lower = layer(Compression.GZIP, concat(
                new Object[] {TarEntry.directory("etc", 0755, 0, 0, 0), TarEntry.directory("var/lib/dpkg/status.d", 0755, 0, 0, 0)},
                file("var/lib/dpkg/status.d/libc6", "Package: libc6\n"),
                file("etc/keep", "kept"), file("etc/gone", "gone"),
                file("opt/app/old", "old"), file("opt/app/sub/deep", "deep")));
        Layer upper = layer(Compression.ZSTD, concat(
                file("var/lib/dpkg/status", "Package: libc6\n"),
                new Object[] {TarEntry.file("var/lib/dpkg/.wh.status.d", 0644, 0, 0, 0, 0), new byte[0],
                    TarEntry.file("etc/.wh.gone", 0644, 0, 0, 0, 0), new byte[0]},
                file("opt/app/new", "new"),
                new Object[] {TarEntry.file("opt/app/.wh..wh..opq", 0644, 0, 0, 0, 0), new byte[0]},
                new Object[] {TarEntry.symlink("etc/link", "../opt/app/new", 0)}));
        Layer top = layer(Compression.NONE, file("var/lib/dpkg/status.d/again", "x"));

        ImageFilesystem fs = ImageFilesystem.read(image(lower, upper, top), path -> true);

        assertThat(fs.node("var/lib/dpkg/status.d/libc6")).isEmpty();
        assertThat(fs.node("var/lib/dpkg/status.d/again")).isPresent();
        assertThat(fs.node("etc/gone")).isEmpty();
        assertThat(fs.node("etc/keep").orElseThrow().layer()).isZero();
        assertThat(fs.node("opt/app/old")).isEmpty();
        assertThat(fs.node("opt/app/sub/deep")).isEmpty();
        assertThat(fs.node("opt/app/new").orElseThrow().layer()).isEqualTo(1);
        assertThat(fs.content("etc/link")).contains("new".getBytes(StandardCharsets.UTF_8));
        assertThat(fs.content("var/lib/dpkg/status")).isPresent();
        assertThat(fs.capturedPaths()).doesNotContain("var/lib/dpkg/status.d/libc6", "etc/gone");
        assertThat(fs.children("var/lib/dpkg")).extracting(ImageFilesystem.Node::path)
                .containsExactly("var/lib/dpkg/status", "var/lib/dpkg/status.d");
    }

    @Test
    void symlinksResolveInsideTheImageAndOnlySelectedContentIsKept() throws IOException {
        Layer layer = layer(Compression.GZIP, concat(
                new Object[] {TarEntry.symlink("bin", "usr/bin", 0), TarEntry.symlink("usr/bin/sh", "dash", 0),
                    TarEntry.symlink("usr/bin/loop", "/usr/bin/loop", 0),
                    TarEntry.symlink("etc/os-release", "../../../../usr/lib/os-release", 0)},
                file("usr/bin/dash", "ELF"), file("usr/lib/os-release", "ID=debian\n")));

        ImageFilesystem fs = ImageFilesystem.read(image(layer), "usr/lib/os-release"::equals);

        assertThat(fs.resolve("/bin/sh")).contains("usr/bin/dash");
        assertThat(fs.isFile("bin/sh")).isTrue();
        assertThat(fs.resolve("usr/bin/loop")).isEmpty();
        assertThat(fs.content("/etc/os-release")).contains("ID=debian\n".getBytes(StandardCharsets.UTF_8));
        assertThat(fs.content("usr/bin/dash")).isEmpty();
        assertThat(fs.node("usr/bin/dash").orElseThrow().size()).isEqualTo(3);
        assertThat(fs.nodeAt("bin/sh").orElseThrow().isSymlink()).isTrue();
    }

    @Test
    void aLayerThatDoesNotMatchItsDigestIsRefused() throws IOException {
        Layer layer = layer(Compression.GZIP, file("a", "a"));
        Image image = image(layer);
        Path blob = layout.blobPath(layer.descriptor().digest());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] ^= 1;
        Files.write(blob, bytes);

        assertThatThrownBy(() -> ImageFilesystem.read(image, p -> true)).isInstanceOf(DistillException.class)
                .hasMessageContaining(layer.descriptor().digest().toString());
        assertThat(List.of(layer)).hasSize(1);
    }
}
