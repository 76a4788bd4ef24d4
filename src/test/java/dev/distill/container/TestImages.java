package dev.distill.container;

import dev.distill.oci.Compression;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.Image;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.ImageReader;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerWriter;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.TarEntry;
import dev.distill.testing.HostTools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds small images for the container tests: a static probe program, users, and an image config. */
final class TestImages {
    static final long MTIME = 1_700_000_000L;
    static final String PASSWD = """
            root:x:0:0:root:/root:/sbin/nologin
            nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
            nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
            """;
    static final String GROUP = """
            root:x:0:
            staff:x:50:nonroot
            nonroot:x:65532:
            nogroup:x:65534:
            """;

    private TestImages() {
    }

    /** Compiles probe.c into a static binary in {@code dir}. */
    static Path compileProbe(Path dir) throws Exception {
        assertThat(HostTools.onPath("gcc")).as("the container tests compile a static probe: install gcc and libc6-dev")
                .isTrue();
        Path source = dir.resolve("probe.c");
        try (InputStream in = TestImages.class.getResourceAsStream("probe.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("probe");
        Process gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("gcc -static (needs libc6-dev): " + output).isZero();
        return binary;
    }

    /** bin/probe, /etc/passwd and /etc/group (root, nonroot 65532, staff 50 with nonroot), homes, /tmp, /work. */
    static Layer baseLayer(OciLayout layout, Path probe) throws IOException {
        try (LayerWriter writer = new LayerWriter(layout, Compression.GZIP)) {
            writer.add(TarEntry.directory("bin", 0755, 0, 0, MTIME));
            byte[] binary = Files.readAllBytes(probe);
            writer.add(TarEntry.file("bin/probe", 0755, 0, 0, MTIME, binary.length), binary);
            writer.add(TarEntry.directory("etc", 0755, 0, 0, MTIME));
            addText(writer, "etc/group", GROUP, 0644);
            addText(writer, "etc/passwd", PASSWD, 0644);
            writer.add(TarEntry.directory("home", 0755, 0, 0, MTIME));
            writer.add(TarEntry.directory("home/nonroot", 0700, 65532, 65532, MTIME));
            writer.add(TarEntry.directory("root", 0700, 0, 0, MTIME));
            writer.add(TarEntry.directory("tmp", 01777, 0, 0, MTIME));
            writer.add(TarEntry.directory("work", 0755, 65532, 65532, MTIME));
            return writer.finish();
        }
    }

    static void addText(LayerWriter writer, String path, String text, int mode) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writer.add(TarEntry.file(path, mode, 0, 0, MTIME, bytes.length), bytes);
    }

    /** User 65532, an environment without PATH, Entrypoint /bin/probe, Cmd info, WorkingDir /work. */
    static ImageConfig.Container probeConfig() {
        return new ImageConfig.Container("65532", null, List.of("GREETING=hello world", "LANG=C.UTF-8"),
                List.of("/bin/probe"), List.of("info"), null, "/work", null, null, null);
    }

    /** Writes config and manifest for {@code layers} into {@code layout} and reads the image back. */
    static Image image(OciLayout layout, List<Layer> layers, ImageConfig.Container container) {
        List<Digest> diffIds = layers.stream().map(Layer::diffId).toList();
        ImageConfig config = new ImageConfig("2023-11-14T22:13:20Z", null, "amd64", "linux", null, container,
                ImageConfig.RootFs.layers(diffIds), null);
        Descriptor configDescriptor = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
        Manifest manifest = Manifest.image(configDescriptor, layers.stream().map(Layer::descriptor).toList(), null);
        Descriptor manifestDescriptor = layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(manifest));
        return ImageReader.manifestImage(layout, manifestDescriptor, "test image");
    }

    /** Every entry of a tree with what must survive a round trip through a layer: type, mode, owner, content. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> description = new TreeMap<>();
        for (Map.Entry<String, RootfsSnapshot.Node> entry : RootfsSnapshot.take(root).nodes().entrySet()) {
            RootfsSnapshot.Node node = entry.getValue();
            String content = node.type() == RootfsSnapshot.Type.FILE
                    ? Digest.sha256(Files.readAllBytes(root.resolve(entry.getKey()))).shortHex()
                    : node.linkTarget();
            description.put(entry.getKey(), node.type() + " " + Integer.toOctalString(node.mode()) + " "
                    + node.uid() + ":" + node.gid() + " " + content);
        }
        return description;
    }
}
