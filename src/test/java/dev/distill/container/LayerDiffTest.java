package dev.distill.container;

import dev.distill.oci.Compression;
import dev.distill.oci.Image;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerWriter;
import dev.distill.oci.OciLayout;
import dev.distill.oci.TarEntry;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static dev.distill.container.TestImages.MTIME;
import static org.assertj.core.api.Assertions.assertThat;

class LayerDiffTest {
    private static final long EPOCH = 1_735_689_600L;
    /** A RUN step: adds, modifies, deletes a file and a directory, links, chmods, and writes to /tmp. */
    private static final List<String> STEP = List.of(
            "write", "/etc/new", "new",
            "write", "/etc/config", "changed",
            "rm", "/etc/old",
            "rmtree", "/var/cache/dir",
            "link", "/etc/new", "/etc/new-link",
            "symlink", "config", "/etc/config-link",
            "chmod", "600", "/etc/mode",
            "write", "/tmp/scratch", "scratch");

    @TempDir
    static Path shared;
    private static OciLayout layout;
    private static Image base;
    private static List<Layer> baseLayers;
    private static ContainerRunner runner;
    private final RootfsUnpacker unpacker = new RootfsUnpacker();

    private record Step(Path rootfs, RootfsSnapshot before, RootfsSnapshot after) {
    }

    @BeforeAll
    static void buildBase() throws Exception {
        HostTools.require("runc");
        assertThat(HostTools.isRoot()).as("runc needs root: run these tests as root").isTrue();
        Path probe = TestImages.compileProbe(Files.createDirectory(shared.resolve("build")));
        layout = OciLayout.openOrCreate(shared.resolve("layout"));
        Layer data;
        try (LayerWriter writer = new LayerWriter(layout, Compression.GZIP)) {
            writer.add(TarEntry.directory("etc", 0755, 0, 0, MTIME));
            TestImages.addText(writer, "etc/config", "original", 0644);
            TestImages.addText(writer, "etc/mode", "mode", 0644);
            TestImages.addText(writer, "etc/old", "old", 0644);
            writer.add(TarEntry.directory("var", 0755, 0, 0, MTIME));
            writer.add(TarEntry.directory("var/cache", 0755, 0, 0, MTIME));
            writer.add(TarEntry.directory("var/cache/dir", 0755, 0, 0, MTIME));
            TestImages.addText(writer, "var/cache/dir/a", "a", 0644);
            writer.add(TarEntry.directory("var/cache/dir/b", 0755, 0, 0, MTIME));
            TestImages.addText(writer, "var/cache/dir/b/c", "c", 0644);
            TestImages.addText(writer, "var/kept", "kept", 0644);
            data = writer.finish();
        }
        baseLayers = List.of(TestImages.baseLayer(layout, probe), data);
        base = TestImages.image(layout, baseLayers, TestImages.probeConfig());
        runner = new ContainerRunner(new RootfsUnpacker(), shared.resolve("bundles"));
    }

    @Test
    void aRunStepBecomesExactlyItsChangesAndWhiteouts(@TempDir Path dir) {
        Step step = runStep(dir);

        List<TarEntry> entries = new LayerDiff(EPOCH).entries(step.before(), step.after());

        assertThat(entries).extracting(LayerDiffTest::describe).containsExactly(
                "etc DIRECTORY 755",
                "etc/.wh.old FILE 0",
                "etc/config FILE 644",
                "etc/config-link SYMLINK 777 -> config",
                "etc/mode FILE 600",
                "etc/new FILE 644",
                "etc/new-link HARDLINK 644 -> etc/new",
                "tmp DIRECTORY 1777",
                "tmp/scratch FILE 644",
                "var DIRECTORY 755",
                "var/cache DIRECTORY 755",
                "var/cache/.wh.dir FILE 0");
        assertThat(entries).allSatisfy(e -> assertThat(e.mtime()).isEqualTo(EPOCH));
        assertThat(entries).filteredOn(e -> e.path().equals("etc/config")).singleElement()
                .extracting(TarEntry::size).isEqualTo(7L);
    }

    @Test
    void baseLayersPlusTheDiffGiveTheTreeAfterTheStep(@TempDir Path dir) throws IOException {
        Step step = runStep(dir);
        Layer diff = new LayerDiff(EPOCH).write(step.before(), step.after(), layout, Compression.GZIP);
        List<Layer> layers = new ArrayList<>(baseLayers);
        layers.add(diff);
        Path replayed = dir.resolve("replayed");

        unpacker.unpack(TestImages.image(layout, layers, TestImages.probeConfig()), replayed);

        assertThat(TestImages.describe(replayed)).isEqualTo(TestImages.describe(step.rootfs()))
                .containsKey("etc/new-link").doesNotContainKeys("etc/old", "var/cache/dir", "proc", "dev", "sys");
    }

    @Test
    void twoIdenticalRunsGiveTheSameLayer(@TempDir Path first, @TempDir Path second) {
        Step one = runStep(first);
        Step two = runStep(second);
        LayerDiff diff = new LayerDiff(EPOCH);

        Layer a = diff.write(one.before(), one.after(), layout, Compression.GZIP);
        Layer b = diff.write(two.before(), two.after(), layout, Compression.GZIP);

        assertThat(b.descriptor().digest()).isEqualTo(a.descriptor().digest());
        assertThat(b.diffId()).isEqualTo(a.diffId());
    }

    @Test
    void aRewriteThatKeepsSizeAndMtimeIsStillSeen(@TempDir Path root) throws IOException {
        Path file = root.resolve("same-size");
        Files.writeString(file, "before");
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.createDirectories(root.resolve("replaced/child"));
        RootfsSnapshot before = RootfsSnapshot.take(root);

        Files.writeString(file, "after!");
        Files.setLastModifiedTime(file, mtime);
        RootfsPaths.deleteTree(root.resolve("replaced"));
        Files.writeString(root.resolve("replaced"), "now a file");
        Files.createDirectories(root.resolve("proc/1"));
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("dev/null"), "");

        List<TarEntry> entries = new LayerDiff(EPOCH).entries(before, RootfsSnapshot.take(root));

        assertThat(entries).extracting(TarEntry::path).as("a replaced directory needs no whiteouts for its children")
                .containsExactly("replaced", "same-size");
    }

    private Step runStep(Path dir) {
        Path rootfs = dir.resolve("rootfs");
        unpacker.unpack(base, rootfs);
        RootfsSnapshot before = RootfsSnapshot.take(rootfs);
        RunResult result = runner.run(rootfs, RunSpec.fromImage(base.config(), null, STEP).withUser("root"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return new Step(rootfs, before, RootfsSnapshot.take(rootfs));
    }

    private static String describe(TarEntry entry) {
        return entry.path() + " " + entry.type() + " " + Integer.toOctalString(entry.mode())
                + (entry.linkTarget() == null ? "" : " -> " + entry.linkTarget());
    }
}
