package dev.distill.container;

import dev.distill.common.DistillException;
import dev.distill.oci.Image;
import dev.distill.oci.OciLayout;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerRunnerTest {
    /** CHOWN … SETFCAP as a mask: what Docker grants a container's root by default. */
    private static final String DOCKER_CAP_MASK = "00000000a80425fb";

    @TempDir
    static Path shared;
    private static Image image;
    private static ContainerRunner runner;

    @BeforeAll
    static void buildImage() throws Exception {
        HostTools.require("runc");
        assertThat(HostTools.isRoot()).as("runc needs root: run these tests as root").isTrue();
        Path probe = TestImages.compileProbe(Files.createDirectory(shared.resolve("build")));
        OciLayout layout = OciLayout.openOrCreate(shared.resolve("layout"));
        image = TestImages.image(layout, List.of(TestImages.baseLayer(layout, probe)), TestImages.probeConfig());
        runner = new ContainerRunner(new RootfsUnpacker(), shared.resolve("bundles"));
    }

    private static RunSpec imageSpec() {
        return RunSpec.fromImage(image.config(), null, null);
    }

    @Test
    void runsTheImageAsItsConfigSays() {
        RunResult result = runner.run(image, imageSpec());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.timedOut()).isFalse();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).startsWith("uid=65532", "gid=65532", "groups=50", "cwd=/work", "arg=/bin/probe", "arg=info");
        assertThat(lines).filteredOn(l -> l.startsWith("env=")).containsExactlyInAnyOrder(
                "env=GREETING=hello world", "env=LANG=C.UTF-8", "env=PATH=" + RunSpec.DEFAULT_PATH,
                "env=HOME=/home/nonroot");
    }

    @Test
    void commandAfterDashDashReplacesCmdAndTheExitCodeComesBack() {
        RunResult replaced = runner.run(image, RunSpec.fromImage(image.config(), null, List.of("info", "exit", "42")));
        assertThat(replaced.exitCode()).isEqualTo(42);
        assertThat(replaced.stdout()).contains("arg=/bin/probe\narg=info\narg=exit\narg=42\n");

        RunResult entrypointOnly = runner.run(image, RunSpec.fromImage(image.config(), List.of("/bin/probe"), null));
        assertThat(entrypointOnly.exitCode()).isZero();
        assertThat(entrypointOnly.stdout()).as("a new entrypoint drops the image's Cmd").isEmpty();

        RunResult both = runner.run(image,
                RunSpec.fromImage(image.config(), List.of("probe", "exit"), List.of("7")).withWorkingDir("/tmp"));
        assertThat(both.exitCode()).as("the entrypoint is found on PATH in /bin; " + both.stderr()).isEqualTo(7);
    }

    @Test
    void usersAndGroupsResolveAgainstTheImagesOwnFiles() {
        assertThat(runner.run(image, imageSpec().withUser("nonroot:staff")).stdout())
                .startsWith("uid=65532\ngid=50\n");
        assertThat(runner.run(image, imageSpec().withUser("root")).stdout())
                .startsWith("uid=0\ngid=0\ngroups=\n").contains("env=HOME=/root\n");
        assertThat(runner.run(image, imageSpec().withUser("1234:65534")).stdout())
                .as("an id without a passwd entry").startsWith("uid=1234\ngid=65534\n").contains("env=HOME=/\n");
        assertThat(runner.run(image, imageSpec().withUser("").withEnv("HOME", "/elsewhere")).stdout())
                .startsWith("uid=0\n").contains("env=HOME=/elsewhere\n").doesNotContain("env=HOME=/root");

        assertThatThrownBy(() -> runner.run(image, imageSpec().withUser("ghost")))
                .isInstanceOf(DistillException.class).hasMessageContaining("'ghost'").hasMessageContaining("/etc/passwd");
        assertThatThrownBy(() -> runner.run(image, imageSpec().withUser("nonroot:wheel")))
                .isInstanceOf(DistillException.class).hasMessageContaining("'wheel'").hasMessageContaining("/etc/group");
    }

    @Test
    void rootGetsDockersCapabilitiesAndNonRootKeepsThemOnlyInTheBoundingSet() throws IOException {
        String root = runner.run(image, probe("cat", "/proc/self/status").withUser("0")).stdout();
        assertThat(statusField(root, "CapEff")).isEqualTo(DOCKER_CAP_MASK);
        assertThat(statusField(root, "CapPrm")).isEqualTo(DOCKER_CAP_MASK);
        assertThat(statusField(root, "CapBnd")).isEqualTo(DOCKER_CAP_MASK);
        assertThat(statusField(root, "CapAmb")).isEqualTo("0000000000000000");
        assertThat(statusField(root, "NoNewPrivs")).isEqualTo("1");

        String nonRoot = runner.run(image, probe("cat", "/proc/self/status")).stdout();
        assertThat(statusField(nonRoot, "Uid")).startsWith("65532");
        assertThat(statusField(nonRoot, "CapEff")).isEqualTo("0000000000000000");
        assertThat(statusField(nonRoot, "CapPrm")).isEqualTo("0000000000000000");
        assertThat(statusField(nonRoot, "CapBnd")).isEqualTo(DOCKER_CAP_MASK);

        String limits = runner.run(image, probe("cat", "/proc/self/limits")).stdout();
        long capSysResource = 1L << 24;
        boolean hostMayRaise = (Long.parseUnsignedLong(statusField(Files.readString(Path.of("/proc/self/status")),
                "CapEff"), 16) & capSysResource) != 0;
        String hostHard = Files.readString(Path.of("/proc/self/limits")).lines()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow().split("\\s{2,}")[2];
        long expected = hostMayRaise ? 1_048_576 : Math.min(1_048_576, Long.parseLong(hostHard));
        assertThat(limits).as("Docker's 1048576 where this host allows raising the limit")
                .containsPattern("Max open files +" + expected + " +" + expected + " ");
    }

    @Test
    void noNetworkMeansOnlyLoopback() {
        RunResult result = runner.run(image, probe("cat", "/proc/net/dev", "cat", "/proc/sys/kernel/hostname"));
        assertThat(interfaces(result.stdout())).containsExactly("lo");
        assertThat(result.stdout()).endsWith("distill\n");
    }

    @Test
    void kernelInterfacesAreMaskedOrReadOnlyEvenForRoot() throws IOException {
        assertThat(Files.readString(Path.of("/proc/timer_list"))).as("the host shows its timers").isNotEmpty();
        RunResult result = runner.run(image, probe("cat", "/proc/timer_list",
                "write", "/proc/sys/kernel/domainname", "x").withUser("root"));

        assertThat(result.stdout()).as("/proc/timer_list is masked").isEmpty();
        assertThat(result.exitCode()).isEqualTo(99);
        assertThat(result.stderr()).contains("/proc/sys/kernel/domainname").contains("Read-only file system");
    }

    @Test
    void hostNetworkSeesTheHostsInterfacesAndNameResolution(@TempDir Path dir) throws IOException {
        Path rootfs = dir.resolve("rootfs");
        new RootfsUnpacker().unpack(image, rootfs);
        RunSpec spec = probe("cat", "/proc/net/dev", "cat", "/etc/resolv.conf").withNetwork(RunSpec.Network.HOST);

        RunResult result = runner.run(rootfs, spec);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Set<String> hostInterfaces = interfaces(Files.readString(Path.of("/proc/net/dev")));
        assertThat(hostInterfaces).hasSizeGreaterThan(1);
        assertThat(interfaces(result.stdout())).isEqualTo(hostInterfaces);
        assertThat(result.stdout()).endsWith(Files.readString(Path.of("/etc/resolv.conf")));
        assertThat(rootfs.resolve("etc/resolv.conf")).as("the mount point is removed after the run").doesNotExist();
        assertThat(rootfs.resolve("etc/hosts")).doesNotExist();
        assertThat(rootfs.resolve("proc")).doesNotExist();
    }

    @Test
    void bindMountsAreWritableOrReadOnlyAsAsked(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.writeString(in.resolve("given.txt"), "from the host");
        RunSpec spec = probe("cat", "/in/given.txt", "write", "/out/made.txt", "from the container",
                "write", "/in/nope.txt", "x")
                .withMount(new RunSpec.BindMount(out, "/out", false))
                .withMount(new RunSpec.BindMount(in, "/in", true))
                .withUser("root");

        RunResult result = runner.run(image, spec);

        assertThat(result.stdout()).isEqualTo("from the host");
        assertThat(out.resolve("made.txt")).hasContent("from the container");
        assertThat(result.exitCode()).isEqualTo(99);
        assertThat(result.stderr()).contains("/in/nope.txt").contains("Read-only file system");
        assertThat(in.resolve("nope.txt")).doesNotExist();
    }

    @Test
    void timeoutKillsAndDeletesTheContainer() throws Exception {
        long start = System.nanoTime();
        RunResult result = runner.run(image, probe("sleep", "60").withTimeout(Duration.ofMillis(700)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(128 + 9);
        Process list = new ProcessBuilder("runc", "list", "-f", "json").redirectErrorStream(true).start();
        String containers = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        assertThat(containers).doesNotContain(shared.resolve("bundles").toString());
        try (var bundles = Files.list(shared.resolve("bundles"))) {
            assertThat(bundles).as("bundles are deleted after each run").isEmpty();
        }
    }

    @Test
    void stdinIsEmptyUnlessAskedAndInheritedOutputIsNotCaptured() {
        RunResult closed = runner.run(image, probe("cat", "/dev/stdin", "exit", "3"));
        assertThat(closed.stdout()).isEmpty();
        assertThat(closed.exitCode()).isEqualTo(3);

        RunResult inherited = runner.run(image, probe("exit", "4").withOutput(RunSpec.Output.INHERIT));
        assertThat(inherited.exitCode()).isEqualTo(4);
        assertThat(inherited.stdout()).isEmpty();
    }

    @Test
    void aCommandThatCannotStartIsAClearError() {
        assertThatThrownBy(() -> runner.run(image, RunSpec.fromImage(image.config(), List.of("/bin/missing"), null)))
                .isInstanceOf(DistillException.class).hasMessageContaining("/bin/missing")
                .hasMessageContaining("no such file");
    }

    private static RunSpec probe(String... args) {
        return RunSpec.fromImage(image.config(), null, List.of(args));
    }

    private static String statusField(String status, String field) {
        return status.lines().filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).trim())
                .findFirst().orElseThrow(() -> new AssertionError(field + " missing from " + status));
    }

    /** Interface names from /proc/net/dev (after its two header lines). */
    private static Set<String> interfaces(String procNetDev) {
        return procNetDev.lines().filter(l -> !l.contains("|") && l.contains(":"))
                .map(l -> l.substring(0, l.indexOf(':')).trim())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
