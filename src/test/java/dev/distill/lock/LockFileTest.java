package dev.distill.lock;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading locks back: every catalog lock round-trips byte for byte, and every mistake names its line and key. */
class LockFileTest {
    private static final String SMALL = """
            {
              "lockVersion": 1,
              "spec": "app",
              "specDigest": "sha256:00",
              "distro": "trixie",
              "suites": [
                {"name": "trixie", "archive": "main", "inRelease": "sha256:11", "date": "2026-01-01T00:00:00Z"}
              ],
              "packages": {
                "amd64": [
                  {"arch": "amd64", "filename": "pool/main/z/zlib/zlib1g.deb", "name": "zlib1g", "sha256": "22", "side": "runtime", "size": 1234, "source": "zlib", "sourceVersion": "1:1.3", "suite": "trixie", "version": "1:1.3"}
                ]
              },
              "dropped": {
              }
            }
            """;

    @Test
    void everyCatalogLockReadsBackToTheSameBytes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("catalog"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".lock.json")).sorted().toList()) {
                String text = Files.readString(file);
                Lock lock = LockFile.parse(text, file.toString());
                assertThat(lock.packages()).as(file.toString()).isNotEmpty();
                assertThat(LockFile.format(lock)).as(file.toString()).isEqualTo(text);
            }
        }
    }

    @Test
    void readsEveryField() {
        Lock lock = LockFile.parse(SMALL, "app.lock.json");
        assertThat(lock.suites()).containsExactly(new Lock.Suite("trixie", "main", "sha256:11",
                "2026-01-01T00:00:00Z"));
        assertThat(lock.packages("amd64")).containsExactly(new Lock.Package("zlib1g", "1:1.3", "amd64", "zlib",
                "1:1.3", "trixie", "pool/main/z/zlib/zlib1g.deb", 1234, "22", "runtime"));
        assertThat(lock.dropped()).isEmpty();
    }

    @Test
    void anUnknownKeyIsNamedWithItsPlaceAndLine() {
        assertThatThrownBy(() -> LockFile.parse(SMALL.replace("\"size\": 1234", "\"sise\": 1234"), "app.lock.json"))
                .isInstanceOf(DistillException.class)
                .hasMessage("app.lock.json:11: not a valid lock file: packages.amd64[0]: unknown key 'sise'");
        assertThatThrownBy(() -> LockFile.parse(SMALL.replace("\"distro\"", "\"distribution\""), "app.lock.json"))
                .isInstanceOf(DistillException.class)
                .hasMessage("app.lock.json:5: not a valid lock file: unknown key 'distribution'");
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() {
        assertThatThrownBy(() -> LockFile.parse(SMALL.replace("\"size\": 1234", "\"size\": \"big\""), "app.lock.json"))
                .isInstanceOf(DistillException.class)
                .hasMessage("app.lock.json:11: not a valid lock file: packages.amd64[0].size: expected a whole "
                        + "number, found a string");
        assertThatThrownBy(() -> LockFile.parse(SMALL.replace("\"spec\": \"app\"", "\"spec\": 7"), "app.lock.json"))
                .isInstanceOf(DistillException.class)
                .hasMessage("app.lock.json:3: not a valid lock file: spec: expected a string, found a whole number");
    }

    @Test
    void brokenJsonAMissingListAndAnotherVersionAreRefused() {
        assertThatThrownBy(() -> LockFile.parse(SMALL.replace("\"trixie\",\n  \"suites\"", "\"trixie\"\n  \"suites\""),
                "app.lock.json"))
                .isInstanceOf(DistillException.class).hasMessageStartingWith("app.lock.json:6: not a valid lock file:");
        assertThatThrownBy(() -> LockFile.parse("{\"lockVersion\": 1, \"suites\": []}", "app.lock.json"))
                .isInstanceOf(DistillException.class).hasMessageContaining("missing 'packages'");
        assertThatThrownBy(() -> LockFile.parse(SMALL.replace("\"lockVersion\": 1", "\"lockVersion\": 2"),
                "app.lock.json"))
                .isInstanceOf(DistillException.class)
                .hasMessage("app.lock.json: lock version 2 is not supported (this Distill reads version 1); run "
                        + "distill lock again");
    }
}
