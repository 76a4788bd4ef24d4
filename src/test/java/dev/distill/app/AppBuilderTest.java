package dev.distill.app;

import dev.distill.common.DistillException;
import dev.distill.container.ContainerRunner;
import dev.distill.container.RootfsUnpacker;
import dev.distill.container.RunResult;
import dev.distill.container.RunSpec;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.registry.CredentialResolver;
import dev.distill.registry.ImagePush;
import dev.distill.registry.ImageReference;
import dev.distill.registry.PushRequest;
import dev.distill.registry.Registries;
import dev.distill.registry.RegistryOptions;
import dev.distill.registry.RegistryProcess;
import dev.distill.registry.TransferListener;
import dev.distill.testing.HostTools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builds Dockerfiles for real: RUN steps under runc, on a busybox dev image and a shell-less runtime image. */
class AppBuilderTest {
    private static final String MULTI_STAGE = """
            # syntax=docker/dockerfile:1
            ARG NAME=world
            FROM test:dev AS builder
            ARG NAME
            ENV APP_NAME=$NAME
            WORKDIR /src
            COPY build.sh ./
            RUN sh build.sh

            FROM test:dev AS unused
            RUN exit 1

            FROM test:runtime
            COPY --from=builder /out/greeting /app/greeting
            COPY --from=builder /bin/busybox /app/cat
            USER nonroot
            ENTRYPOINT ["/app/cat", "/app/greeting"]
            """;
    private static final String BUILD_SCRIPT = """
            set -e
            mkdir -p /out
            echo "hello from $(id -u) in $(pwd) for $APP_NAME" > /out/greeting
            """;

    @TempDir
    Path dir;
    private Path layoutDir;
    private Path context;
    private List<Descriptor> runtimeLayers;
    private final RootfsUnpacker unpacker = new RootfsUnpacker();
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeAll
    static void requireRunc() {
        HostTools.require("runc");
        assertThat(HostTools.isRoot()).as("runc needs root: run these tests as root").isTrue();
    }

    @BeforeEach
    void images() throws IOException {
        layoutDir = dir.resolve("out");
        runtimeLayers = BusyboxImages.write(OciLayout.openOrCreate(layoutDir));
        context = Files.createDirectory(dir.resolve("context"));
    }

    private AppBuilder builder() {
        return builder(() -> {
            throw new AssertionError("this build uses no registry");
        });
    }

    private AppBuilder builder(Supplier<Registries> registries) {
        BuildCache cache = new BuildCache(dir.resolve("cache"));
        BaseImages images = new BaseImages(dir, layoutDir, cache.store(), registries);
        ContainerRunner containers = new ContainerRunner(unpacker, dir.resolve("bundles"));
        StepRunner counting = (rootfs, spec) -> {
            runs.incrementAndGet();
            return containers.run(rootfs, spec);
        };
        return new AppBuilder(layoutDir, images, cache, counting, unpacker, dir.resolve("work"), AppBuildListener.NONE);
    }

    private BuiltImage build(String tag, Map<String, String> buildArgs) {
        return build(tag, buildArgs, RunSpec.Network.NONE);
    }

    private BuiltImage build(String tag, Map<String, String> buildArgs, RunSpec.Network network) {
        return builder().build(new AppBuildOptions(context.resolve("Dockerfile"), context, tag, buildArgs, null,
                network, null, null));
    }

    private void write(String path, String content) throws IOException {
        Path file = context.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Image image(String tag) {
        OciLayout layout = OciLayout.open(layoutDir);
        return ImageReader.image(layout, layout.resolve(tag), tag, null);
    }

    private RunResult runImage(Image image, List<String> entrypoint, List<String> command) {
        return new ContainerRunner(unpacker, dir.resolve("bundles"))
                .run(image, RunSpec.fromImage(image.config(), entrypoint, command));
    }

    @Test
    void multiStageBuildShipsTheBuilderOutputOnTheRuntimeImageAsNonRoot() throws IOException {
        write("Dockerfile", MULTI_STAGE);
        write("build.sh", BUILD_SCRIPT);

        BuiltImage built = build("app:1", Map.of());

        assertThat(runs).as("only the stages the target needs run: 'unused' would fail").hasValue(1);
        Image image = image("app:1");
        assertThat(image.descriptor().digest()).isEqualTo(built.manifest().digest());
        assertThat(image.layers()).as("the runtime image's layers, byte for byte, then one per COPY")
                .hasSize(runtimeLayers.size() + 2).startsWith(runtimeLayers.toArray(Descriptor[]::new));
        assertThat(built.baseLayers()).isEqualTo(runtimeLayers.size());
        assertThat(image.config().configOrEmpty().user()).isEqualTo("nonroot");
        assertThat(image.config().configOrEmpty().env()).as("ENV of the builder stage stays there")
                .containsExactly("PATH=/usr/local/bin:/usr/bin:/bin");
        assertThat(image.config().created()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(image.config().history()).extracting(h -> h.createdBy()).endsWith(
                "COPY --from=builder /out/greeting /app/greeting", "COPY --from=builder /bin/busybox /app/cat",
                "USER nonroot", "ENTRYPOINT [\"/app/cat\", \"/app/greeting\"]");
        assertThat(ImageFiles.merged(image)).as("no shell came along").doesNotContainKeys("bin/sh", "bin/busybox");

        RunResult run = runImage(image, null, null);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("hello from 0 in /src for world\n");
        RunResult status = runImage(image, null, List.of("/proc/self/status"));
        assertThat(status.stdout()).as("the image runs as nonroot").containsPattern("Uid:\\s+65532\\s");
    }

    @Test
    void anUnchangedRebuildRunsNothingAndGivesTheSameDigest() throws IOException {
        write("Dockerfile", MULTI_STAGE);
        write("build.sh", BUILD_SCRIPT);
        Descriptor first = build("app:1", Map.of()).manifest();
        assertThat(runs).hasValue(1);

        Descriptor second = build("app:1", Map.of()).manifest();
        assertThat(runs).as("every step came from the cache").hasValue(1);
        assertThat(second.digest()).isEqualTo(first.digest());

        Descriptor otherArg = build("app:2", Map.of("NAME", "you")).manifest();
        assertThat(runs).as("a different build-arg reaches the RUN step's environment").hasValue(2);
        assertThat(otherArg.digest()).isNotEqualTo(first.digest());
        assertThat(runImage(image("app:2"), null, null).stdout()).isEqualTo("hello from 0 in /src for you\n");

        write("build.sh", BUILD_SCRIPT + "echo changed >> /out/greeting\n");
        build("app:3", Map.of());
        assertThat(runs).as("a changed context file invalidates the COPY and the RUN after it").hasValue(3);
        assertThat(runImage(image("app:3"), null, null).stdout()).endsWith("for world\nchanged\n");

        write("Dockerfile", MULTI_STAGE.replace("FROM test:runtime\n", "FROM test:runtime\nWORKDIR /app\n"));
        build("app:4", Map.of());
        assertThat(runs).as("the builder stage is unpacked from its cached layers for COPY --from").hasValue(3);
        Image app4 = image("app:4");
        assertThat(app4.config().configOrEmpty().workingDir()).isEqualTo("/app");
        assertThat(runImage(app4, null, null).stdout()).endsWith("for world\nchanged\n");
    }

    @Test
    void envArgWorkdirAndUserShapeTheRunStepsAndTheConfig() throws IOException {
        write("Dockerfile", """
                FROM test:dev
                ARG VERSION=1.0
                ENV GREETING="hello $VERSION"
                WORKDIR /home/nonroot/work
                USER nonroot
                WORKDIR sub
                RUN echo "$GREETING $VERSION $(id -u) $(pwd) $HOME" > out.txt
                EXPOSE 8080/tcp
                LABEL org.example.version=$VERSION
                STOPSIGNAL SIGINT
                VOLUME /data
                CMD ["cat", "out.txt"]
                """);

        Image image = image(build("env:1", Map.of("VERSION", "2.0")).tag());

        Map<String, ImageFiles.File> files = ImageFiles.merged(image);
        assertThat(files.get("home/nonroot/work")).as("created by root, USER came later").hasToString("d 755 0:0 ");
        assertThat(files.get("home/nonroot/work/sub")).as("WORKDIR after USER: the user's")
                .hasToString("d 755 65532:65532 ");
        assertThat(files.get("home/nonroot/work/sub/out.txt").owner()).isEqualTo("65532:65532");
        assertThat(files.get("home/nonroot/work/sub/out.txt").content())
                .isEqualTo("hello 2.0 2.0 65532 /home/nonroot/work/sub /home/nonroot\n");
        var config = image.config().configOrEmpty();
        assertThat(config.env()).as("ARG values are not kept in the image")
                .containsExactly("PATH=/usr/local/bin:/usr/bin:/bin", "GREETING=hello 2.0");
        assertThat(config.user()).isEqualTo("nonroot");
        assertThat(config.workingDir()).isEqualTo("/home/nonroot/work/sub");
        assertThat(config.exposedPorts()).containsOnlyKeys("8080/tcp");
        assertThat(config.labels()).containsEntry("org.example.version", "2.0");
        assertThat(config.stopSignal()).isEqualTo("SIGINT");
        assertThat(config.volumes()).containsOnlyKeys("/data");
        assertThat(runImage(image, null, null).stdout()).startsWith("hello 2.0 2.0 65532");
    }

    @Test
    void runStepsGetTheBuildsNetworkUnlessTheyAskForNone() throws IOException {
        write("Dockerfile", """
                FROM test:dev
                RUN cat /proc/net/dev > /default-network
                RUN --network=none cat /proc/net/dev > /no-network
                """);

        Map<String, ImageFiles.File> files = ImageFiles.merged(image(build("net:1", Map.of(), RunSpec.Network.HOST)
                .tag()));

        assertThat(interfaces(files.get("default-network").content())).as("the host's network")
                .isEqualTo(interfaces(Files.readString(Path.of("/proc/net/dev"))));
        assertThat(interfaces(files.get("no-network").content())).containsExactly("lo");
    }

    private static List<String> interfaces(String procNetDev) {
        return procNetDev.lines().skip(2).map(line -> line.substring(0, line.indexOf(':')).trim()).sorted().toList();
    }

    @Test
    void copyHonoursDockerignoreChownAndChmod() throws IOException {
        write(".dockerignore", "secret.txt\napp/tmp\n*.md\n!KEEP.md\n");
        write("secret.txt", "password");
        write("README.md", "readme");
        write("KEEP.md", "kept");
        write("app/main.txt", "main");
        write("app/tmp/junk", "junk");
        write("conf.txt", "conf");
        write("Dockerfile", """
                FROM test:dev
                COPY . /ctx/
                COPY --chown=nonroot --chmod=640 conf.txt /etc/app/conf.txt
                COPY --chown=1234:5678 app /data/
                RUN stat -c '%a %u:%g' /etc/app/conf.txt /data/main.txt > /perms
                """);

        Image image = image(build("copy:1", Map.of()).tag());

        Map<String, ImageFiles.File> files = ImageFiles.merged(image);
        assertThat(files.keySet()).filteredOn(path -> path.startsWith("ctx/")).containsExactlyInAnyOrder(
                "ctx/.dockerignore", "ctx/Dockerfile", "ctx/KEEP.md", "ctx/app", "ctx/app/main.txt", "ctx/conf.txt");
        assertThat(files.get("ctx/app/main.txt")).as("context files belong to root").hasToString("f 644 0:0 main");
        assertThat(files.get("etc/app/conf.txt")).hasToString("f 640 65532:65532 conf");
        assertThat(files.get("etc/app")).as("a missing parent belongs to the --chown owner")
                .hasToString("d 755 65532:65532 ");
        assertThat(files.get("data/main.txt")).hasToString("f 644 1234:5678 main");
        assertThat(files.get("perms").content()).as("the layers were applied to the stage's file system")
                .isEqualTo("640 65532:65532\n644 1234:5678\n");
    }

    @Test
    void addUnpacksLocalTarArchivesAndCopiesOtherFiles() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(context.resolve("bundle.tar.gz")));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tarEntry(tar, "pkg/", null, 0755);
            tarEntry(tar, "pkg/hello.txt", "hello", 0644);
            tarEntry(tar, "pkg/run.sh", "echo run", 0755);
        }
        write("plain.txt", "plain");
        write("Dockerfile", """
                FROM test:dev
                ADD bundle.tar.gz plain.txt /opt/
                RUN cat /opt/pkg/hello.txt /opt/plain.txt > /seen
                """);

        Image image = image(build("add:1", Map.of()).tag());

        Map<String, ImageFiles.File> files = ImageFiles.merged(image);
        assertThat(files.get("opt/pkg/hello.txt")).as("the archive's owner is kept").hasToString("f 644 1000:1000 hello");
        assertThat(files.get("opt/pkg/run.sh")).hasToString("f 755 1000:1000 echo run");
        assertThat(files.get("opt/plain.txt")).hasToString("f 644 0:0 plain");
        assertThat(files).doesNotContainKey("opt/bundle.tar.gz");
        assertThat(files.get("seen").content()).isEqualTo("helloplain");
    }

    @Test
    void addRefusesAnArchiveThatEscapesItsDestination() throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(context.resolve("evil.tar")))) {
            tarEntry(tar, "../../escape.txt", "gotcha", 0644);
        }
        write("Dockerfile", "FROM test:dev\nADD evil.tar /opt/\n");

        assertThatThrownBy(() -> build("evil:1", Map.of())).isInstanceOf(DistillException.class)
                .hasMessageStartingWith(context.resolve("Dockerfile") + " line 2: ADD evil.tar /opt/: ")
                .hasMessageContaining("evil.tar").hasMessageContaining("'..'");
        assertThat(OciLayout.open(layoutDir).find("evil:1")).isEmpty();
    }

    @Test
    void fromLayoutDirectoriesAndArchivesAndUntaggedResults() throws IOException {
        Path archive = dir.resolve("images.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive));
             Stream<Path> files = Files.walk(layoutDir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                tarEntry(tar, layoutDir.relativize(file).toString(), Files.readString(file, StandardCharsets.ISO_8859_1),
                        0644);
            }
        }
        write("Dockerfile", """
                FROM oci-archive:images.tar:test:dev AS tools
                FROM oci:out:test:runtime
                COPY --from=tools /bin/busybox /bin/busybox
                """);

        BuiltImage built = build(null, Map.of());

        OciLayout layout = OciLayout.open(layoutDir);
        assertThat(layout.index().manifests()).filteredOn(d -> d.refName() == null).extracting(Descriptor::digest)
                .containsExactly(built.manifest().digest());
        Image image = ImageReader.manifestImage(layout, built.manifest(), "untagged");
        assertThat(image.layers()).hasSize(runtimeLayers.size() + 1).startsWith(runtimeLayers.toArray(Descriptor[]::new));
        assertThat(ImageFiles.layer(image, image.layers().get(1))).containsOnlyKeys("bin", "bin/busybox");
    }

    @Test
    void fromARegistryReferencePullsTheBaseIntoTheLayout() throws IOException {
        try (RegistryProcess registry = new RegistryProcess(dir.resolve("registry"), "", null)) {
            Registries registries = new Registries(new CredentialResolver(null, Map.of(), dir),
                    RegistryOptions.defaults());
            ImageReference pushed = ImageReference.parse(registry.address() + "/test/runtime:1");
            new ImagePush(registries).push(PushRequest.fromLayout(OciLayout.open(layoutDir), BusyboxImages.RUNTIME,
                    pushed, List.of("1")), TransferListener.NONE);
            Path otherLayout = dir.resolve("elsewhere");
            layoutDir = otherLayout;
            write("Dockerfile", "FROM " + pushed + "\nUSER 65534\n");

            BuiltImage built = builder(() -> registries).build(new AppBuildOptions(context.resolve("Dockerfile"), context,
                    "pulled:1", Map.of(), null, RunSpec.Network.NONE, null, null));

            Image image = ImageReader.manifestImage(OciLayout.open(otherLayout), built.manifest(), "pulled:1");
            assertThat(image.layers()).containsExactlyElementsOf(runtimeLayers);
            assertThat(image.config().configOrEmpty().user()).isEqualTo("65534");
            assertThat(ImageFiles.merged(image)).containsKeys("etc/passwd", "home/nonroot");
        }
    }

    private static void tarEntry(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode((name.endsWith("/") ? 040000 : 0100000) | mode);
        entry.setUserId(1000);
        entry.setGroupId(1000);
        byte[] bytes = content == null ? new byte[0] : content.getBytes(StandardCharsets.ISO_8859_1);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}
