package dev.distill.policy;

import dev.distill.oci.Compression;
import dev.distill.oci.Descriptor;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimePolicyTest {
    private static final String STATUS = "Package: foo\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n"
            + "Conffiles:\n /etc/foo.conf 0123456789abcdef0123456789abcdef\n";

    @TempDir
    Path dir;

    @Test
    void aCleanRuntimeImagePassesEveryRule() throws IOException {
        Map<String, byte[]> files = baseFiles();
        PolicyReport report = new RuntimePolicy().check("clean", image(files, Map.of(), "65532", null));
        assertThat(report.checks()).allMatch(Check::passed);
        assertThat(report.checks()).extracting(Check::rule).containsExactly("no shell", "no package manager",
                "no setuid/setgid files", "runs as a non-root user", "every file belongs to a package or a named effect");
        assertThat(report.checks().get(4).summary()).isEqualTo("5 files: 2 from 1 packages, 3 generated");
    }

    @Test
    void eachRuleNamesWhatBreaksIt() throws IOException {
        Map<String, byte[]> files = baseFiles();
        files.put("usr/bin/dash", new byte[] {1});
        files.put("usr/bin/dpkg", new byte[] {2});
        files.put("usr/bin/su", new byte[] {3});
        files.put("opt/stray", new byte[] {4});
        Map<String, Integer> modes = Map.of("usr/bin/su", 04755);
        Image image = image(files, modes, "root", Map.of("usr/bin/sh", "dash"));
        PolicyReport report = new RuntimePolicy().check("dirty", image);
        assertThat(report.passed()).isFalse();
        assertThat(report.checks()).allMatch(c -> !c.passed());
        assertThat(report.checks().get(0).offenders()).containsExactly("/usr/bin/dash", "/usr/bin/sh");
        assertThat(report.checks().get(1).offenders()).containsExactly("/usr/bin/dpkg");
        assertThat(report.checks().get(2).offenders()).containsExactly("/usr/bin/su (4755)");
        assertThat(report.checks().get(3).summary()).isEqualTo("User root (uid 0)");
        assertThat(report.checks().get(4).offenders()).containsExactly("/opt/stray", "/usr/bin/dash", "/usr/bin/dpkg",
                "/usr/bin/su");
    }

    @Test
    void filesASpecAddedAreNamedInALabel() throws IOException {
        Map<String, byte[]> files = baseFiles();
        files.put("etc/app.conf", new byte[] {1});
        Image unlabelled = image(files, Map.of(), "65532", null);
        assertThat(new RuntimePolicy().check("x", unlabelled).passed()).isFalse();
        Image labelled = image(files, Map.of(), "65532", null, Map.of(RuntimePolicy.SPEC_FILES_LABEL, "/etc/app.conf"));
        assertThat(new RuntimePolicy().check("x", labelled).passed()).isTrue();
    }

    private static Map<String, byte[]> baseFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("usr/bin/foo", "foo".getBytes(StandardCharsets.UTF_8));
        files.put("etc/foo.conf", "x=1".getBytes(StandardCharsets.UTF_8));
        files.put("etc/passwd", "root:x:0:0::/root:/usr/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/usr/sbin/nologin\n"
                .getBytes(StandardCharsets.UTF_8));
        files.put("var/lib/dpkg/status.d/foo", STATUS.getBytes(StandardCharsets.UTF_8));
        files.put("var/lib/dpkg/status.d/foo.md5sums", "acbd18db4cc2f85cedef654fccc4a4d8  usr/bin/foo\n"
                .getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private Image image(Map<String, byte[]> files, Map<String, Integer> modes, String user, Map<String, String> links)
            throws IOException {
        return image(files, modes, user, links, null);
    }

    private Image image(Map<String, byte[]> files, Map<String, Integer> modes, String user, Map<String, String> links,
                        Map<String, String> labels) throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("layout-" + System.nanoTime()));
        Layer layer;
        try (LayerWriter writer = new LayerWriter(layout, Compression.GZIP)) {
            for (var e : new TreeMap<>(files).entrySet()) {
                int mode = modes.getOrDefault(e.getKey(), e.getKey().contains("bin/") ? 0755 : 0644);
                writer.add(TarEntry.file(e.getKey(), mode, 0, 0, 0, e.getValue().length), e.getValue());
            }
            if (links != null) {
                for (var l : links.entrySet()) {
                    writer.add(TarEntry.symlink(l.getKey(), l.getValue(), 0));
                }
            }
            layer = writer.finish();
        }
        ImageConfig.Container container = new ImageConfig.Container(user, null, List.of("PATH=/usr/bin"), null, null,
                null, "/", labels, null, null);
        ImageConfig config = new ImageConfig(null, null, "amd64", "linux", null, container,
                ImageConfig.RootFs.layers(List.of(layer.diffId())), null);
        Descriptor configDescriptor = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
        Descriptor manifest = layout.writeBlob(MediaTypes.OCI_MANIFEST,
                OciJson.write(Manifest.image(configDescriptor, List.of(layer.descriptor()), null)));
        return ImageReader.manifestImage(layout, manifest, "test");
    }
}
