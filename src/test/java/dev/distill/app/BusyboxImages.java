package dev.distill.app;

import dev.distill.oci.Compression;
import dev.distill.oci.Descriptor;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.ImageReader;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerWriter;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.oci.TarEntry;
import dev.distill.testing.HostTools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small image pair for build tests, the way Distill's pairs are made: {@code test:runtime} (users, /tmp, no shell,
 * user 65532) and {@code test:dev} (the same layer plus Debian's static busybox as /bin/sh and friends, user root),
 * the dev one named through an index, as multi-platform images are.
 */
final class BusyboxImages {
    static final String RUNTIME = "test:runtime";
    static final String DEV = "test:dev";
    static final long CREATED = 1_700_000_000L;
    static final List<String> APPLETS = List.of("sh", "cat", "echo", "id", "mkdir", "ls", "printf", "pwd", "env",
            "rm", "chmod", "touch", "wc", "tr", "sed", "test", "true", "false", "cp", "stat", "sleep", "head");
    private static final int PT_INTERP = 3;

    private BusyboxImages() {
    }

    /** Writes both images into {@code layout}; returns the runtime image's layers. */
    static List<Descriptor> write(OciLayout layout) throws IOException {
        HostTools.require("busybox");
        Path busybox = Path.of("/bin/busybox");
        assertThat(isStatic(busybox)).as(busybox + " must be statically linked: install busybox-static").isTrue();
        Layer base = baseLayer(layout);
        Layer tools = toolsLayer(layout, busybox);
        List<String> env = List.of("PATH=/usr/local/bin:/usr/bin:/bin");
        Platform platform = Platform.ofDebianArch(ImageReader.hostDebianArch());
        Descriptor runtime = image(layout, platform, List.of(base),
                new ImageConfig.Container("65532", null, env, null, null, null, null, null, null, null));
        Descriptor dev = image(layout, platform, List.of(base, tools),
                new ImageConfig.Container(null, null, env, null, List.of("/bin/sh"), null, null, null, null, null));
        layout.tag(RUNTIME, runtime.withPlatform(platform));
        Descriptor index = layout.writeBlob(MediaTypes.OCI_INDEX,
                OciJson.write(ImageIndex.of(List.of(dev.withPlatform(platform)))));
        layout.tag(DEV, index);
        return List.of(base.descriptor());
    }

    private static Layer baseLayer(OciLayout layout) throws IOException {
        try (LayerWriter writer = new LayerWriter(layout, Compression.GZIP)) {
            writer.add(TarEntry.directory("etc", 0755, 0, 0, CREATED));
            text(writer, "etc/group", "root:x:0:\nnonroot:x:65532:\nnogroup:x:65534:\n");
            text(writer, "etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\n"
                    + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"
                    + "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n");
            writer.add(TarEntry.directory("home", 0755, 0, 0, CREATED));
            writer.add(TarEntry.directory("home/nonroot", 0700, 65532, 65532, CREATED));
            writer.add(TarEntry.directory("root", 0700, 0, 0, CREATED));
            writer.add(TarEntry.directory("tmp", 01777, 0, 0, CREATED));
            return writer.finish();
        }
    }

    private static Layer toolsLayer(OciLayout layout, Path busybox) throws IOException {
        try (LayerWriter writer = new LayerWriter(layout, Compression.GZIP)) {
            writer.add(TarEntry.directory("bin", 0755, 0, 0, CREATED));
            byte[] binary = Files.readAllBytes(busybox);
            writer.add(TarEntry.file("bin/busybox", 0755, 0, 0, CREATED, binary.length), binary);
            for (String applet : APPLETS.stream().sorted().toList()) {
                writer.add(TarEntry.symlink("bin/" + applet, "busybox", CREATED));
            }
            return writer.finish();
        }
    }

    private static void text(LayerWriter writer, String path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        writer.add(TarEntry.file(path, 0644, 0, 0, CREATED, bytes.length), bytes);
    }

    private static Descriptor image(OciLayout layout, Platform platform, List<Layer> layers,
            ImageConfig.Container container) {
        ImageConfig config = new ImageConfig(Instant.ofEpochSecond(CREATED).toString(), null, platform.architecture(),
                platform.os(), platform.variant(),
                container, ImageConfig.RootFs.layers(layers.stream().map(Layer::diffId).toList()),
                layers.stream().map(l -> new ImageConfig.History(Instant.ofEpochSecond(CREATED).toString(),
                        "test layer", null, null, null)).toList());
        Descriptor configDescriptor = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
        return layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(
                Manifest.image(configDescriptor, layers.stream().map(Layer::descriptor).toList(), null)));
    }

    /** Whether an ELF executable has no program interpreter (dynamic loader). */
    private static boolean isStatic(Path elf) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        long programHeaders = bytes.getLong(0x20);
        int entrySize = bytes.getShort(0x36) & 0xffff;
        int count = bytes.getShort(0x38) & 0xffff;
        for (int i = 0; i < count; i++) {
            if (bytes.getInt((int) programHeaders + i * entrySize) == PT_INTERP) {
                return false;
            }
        }
        return true;
    }
}
