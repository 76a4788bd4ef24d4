package dev.distill.debian;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseTest {
    private static final String TEXT = "Origin: Debian\nSuite: stable-updates\nCodename: trixie-updates\n"
            + "Date: Thu, 26 Nov 2026 02:14:46 UTC\nValid-Until: Thu, 03 Dec 2026 02:14:46 UTC\n"
            + "Architectures: amd64 arm64\nComponents: main\nAcquire-By-Hash: yes\nSHA256:\n"
            + " " + "a".repeat(64) + " 1234 main/binary-amd64/Packages.xz\n";
    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    private static Release release() {
        return Release.parse(TEXT.getBytes(StandardCharsets.UTF_8), "dists/trixie-updates/InRelease");
    }

    @Test
    void readsTheFieldsItTrusts() {
        Release r = release();
        assertThat(r.codename()).isEqualTo("trixie-updates");
        assertThat(r.acquireByHash()).isTrue();
        assertThat(r.validUntil()).isEqualTo(Instant.parse("2026-12-03T02:14:46Z"));
        assertThat(r.files().get("main/binary-amd64/Packages.xz")).isEqualTo(
                new Release.IndexFile("main/binary-amd64/Packages.xz", 1234, "a".repeat(64)));
        r.check("trixie-updates", "amd64", NOW, false);
    }

    @Test
    void aReleaseForAnotherSuiteIsRefused() {
        assertThatThrownBy(() -> release().check("trixie", "amd64", NOW, false))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("is for suite stable-updates (codename trixie-updates), not trixie");
    }

    @Test
    void anArchitectureTheSuiteLacksIsNamed() {
        assertThatThrownBy(() -> release().check("trixie-updates", "riscv64", NOW, false))
                .hasMessageContaining("no packages for architecture riscv64 (it has amd64, arm64)");
    }

    @Test
    void anExpiredReleaseIsRefusedUnlessAccepted() {
        Instant later = Instant.parse("2026-12-10T00:00:00Z");
        assertThatThrownBy(() -> release().check("trixie-updates", "amd64", later, false))
                .hasMessageContaining("expired at 2026-12-03T02:14:46Z").hasMessageContaining("--allow-expired");
        release().check("trixie-updates", "amd64", later, true);
    }

    @Test
    void aReleaseWithoutSha256IsRefused() {
        String md5Only = TEXT.substring(0, TEXT.indexOf("SHA256:")) + "MD5Sum:\n " + "b".repeat(32) + " 1 x\n";
        assertThatThrownBy(() -> Release.parse(md5Only.getBytes(StandardCharsets.UTF_8), "InRelease"))
                .hasMessageContaining("has no SHA256 file list");
    }
}
