package dev.distill.pair;

import dev.distill.oci.OciLayout;
import dev.distill.testing.Cli;
import dev.distill.testing.FixturePackage;
import dev.distill.testing.FixtureRepository;
import dev.distill.testing.FixtureSuite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A build whose spec, lock, options and code are those of an earlier build into the same layout is recognised
 * from its record: it writes nothing, or only tags again — unless the layout lost a blob the record names. (The
 * record does not depend on the dev side, so the runtime image alone shows it.)
 */
class UnchangedBuildTest {
    @TempDir
    Path tmp;
    private FixtureRepository repo;
    private Path work;
    private Cli cli;
    private URI mirror;

    @BeforeEach
    void serveRepository() throws IOException {
        repo = FixtureRepository.builder()
                .suite(FixtureSuite.named("trixie-updates"))
                .add("trixie", FixturePackage.of("app", "1.0-1", "amd64").depends("libfoo1")
                        .file("/usr/bin/app", "#!app\n"))
                .add("trixie", FixturePackage.of("libfoo1", "1.0-1", "amd64").source("foo")
                        .file("/usr/lib/x86_64-linux-gnu/libfoo.so.1", "v1"))
                .add("trixie", FixturePackage.of("base-files", "13.8", "amd64").essential()
                        .file("/etc/debian_version", "13.8\n"))
                .add("trixie-security", FixturePackage.of("libfoo1", "1.0-1", "amd64").source("foo")
                        .file("/usr/lib/x86_64-linux-gnu/libfoo.so.1", "v1"))
                .build(tmp.resolve("repo"));
        mirror = repo.serve();
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("empty-apt"));
        Files.writeString(work.resolve("app.yaml"), """
                name: app
                version: "1"
                archs: [amd64]
                runtime:
                  packages: [app]
                """);
        cli = Cli.withCache(work, tmp.resolve("cache"));
    }

    @AfterEach
    void stop() {
        repo.close();
    }

    private Cli.Result build(String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "app.yaml", "--mirror", mirror.toString(),
                "--security-mirror", mirror.toString(), "--apt-dir", tmp.resolve("empty-apt").toString(),
                "--keyring", repo.keyringFile().toString(), "--runtime-only"));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    private List<String> blobs() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("out/blobs/sha256"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anUnchangedBuildWritesNothingAndALostBlobIsBuiltAgain() throws IOException {
        Cli.Result first = build();
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).doesNotContain("unchanged");
        Path index = work.resolve("out/index.json");
        byte[] indexBytes = Files.readAllBytes(index);
        List<String> blobs = blobs();

        Cli.Result again = build("--locked");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("wrote out (app:1): unchanged since the last build")
                .contains(first.out().lines().filter(l -> l.startsWith("app:1")).toList().toArray(String[]::new));
        assertThat(Files.readAllBytes(index)).isEqualTo(indexBytes);
        assertThat(blobs()).isEqualTo(blobs);

        Files.writeString(index, "{\"schemaVersion\": 2, \"manifests\": []}");
        Cli.Result retagged = build("--locked");
        assertThat(retagged.out()).contains("unchanged since the last build");
        assertThat(OciLayout.open(work.resolve("out")).refNames()).containsExactly("app:1");

        String lostLayer = blobs.stream().filter(b -> {
            try {
                return Files.size(work.resolve("out/blobs/sha256").resolve(b)) > 1000;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).findFirst().orElseThrow();
        Files.delete(work.resolve("out/blobs/sha256").resolve(lostLayer));
        Cli.Result rebuilt = build("--locked");
        assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.out()).doesNotContain("unchanged");
        assertThat(blobs()).isEqualTo(blobs);
    }

    @Test
    void aDamagedOrOlderRecordOnlyMeansTheWorkIsDoneAgain() throws IOException {
        assertThat(build().exitCode()).isZero();
        List<Path> records;
        try (Stream<Path> files = Files.list(tmp.resolve("cache/builds"))) {
            records = files.toList();
        }
        assertThat(records).isNotEmpty();
        for (Path record : records) {
            assertThat(Files.readString(record)).startsWith("distill build record 4\n").contains("\nblob sha256:");
            Files.writeString(record, "{\"format\": 2, \"blobs\": []}");
        }

        Cli.Result again = build("--locked");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("unchanged");
        assertThat(build("--locked").out()).contains("unchanged since the last build");
    }

    @Test
    void aChangedSpecIsStillCheckedAgainstTheLock() throws IOException {
        assertThat(build().exitCode()).isZero();
        Files.writeString(work.resolve("app.yaml"), Files.readString(work.resolve("app.yaml"))
                .replace("[app]", "[app, libfoo1]"));
        Cli.Result changed = build("--locked");
        assertThat(changed.exitCode()).isEqualTo(4);
        assertThat(changed.err()).contains("--locked: app.yaml changed since");
    }
}
