package dev.distill.debian.trust;

import dev.distill.testing.HostTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code gpgv} and reads its verdict the way apt's gpgv method does from {@code --status-fd}: good when
 * some signature is GOODSIG (an expired or revoked key yields EXPKEYSIG / REVKEYSIG instead) and none is BADSIG.
 */
final class Gpgv {
    private Gpgv() {
    }

    record Verdict(boolean good, String status) {
        /** Fingerprints of signatures gpgv found valid ({@code VALIDSIG} lines). */
        List<String> validSigners() {
            return status.lines()
                    .filter(line -> line.startsWith("[GNUPG:] VALIDSIG "))
                    .map(line -> line.split(" ")[2])
                    .toList();
        }
    }

    static Verdict verify(Path keyring, byte[] inRelease, Path workDir) throws IOException, InterruptedException {
        HostTools.require("gpgv");
        Path home = Files.createTempDirectory(workDir, "gnupg");
        Path file = Files.write(Files.createTempFile(workDir, "InRelease", ""), inRelease);
        Process process = new ProcessBuilder("gpgv", "--homedir", home.toString(), "--status-fd", "1",
                "--keyring", keyring.toAbsolutePath().toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close();
        String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gpgv did not finish within 60 s");
        }
        boolean good = status.contains("[GNUPG:] GOODSIG ") && !status.contains("[GNUPG:] BADSIG ");
        return new Verdict(good, status);
    }
}
