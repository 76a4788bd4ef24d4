package dev.distill.registry;

import dev.distill.oci.Digest;
import dev.distill.oci.OciJson;
import dev.distill.testing.HostTools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code skopeo inspect} against a loopback registry: an independent reader of what was pushed. */
final class Skopeo {
    private Skopeo() {
    }

    /** The exact manifest or index bytes the registry serves for {@code reference} ({@code host:port/repo:tag}). */
    static byte[] rawManifest(String reference, String... options) {
        List<String> command = new ArrayList<>(List.of("--raw"));
        command.addAll(List.of(options));
        return inspect(reference, command);
    }

    /** The digest {@code skopeo inspect} reports for {@code reference}: its top manifest or index. */
    static Digest digest(String reference) {
        try {
            return Digest.parse(OciJson.mapper().readTree(inspect(reference, List.of())).path("Digest").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] inspect(String reference, List<String> options) {
        HostTools.require("skopeo");
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false"));
        command.addAll(options);
        command.add("docker://" + reference);
        try {
            Path stderr = Files.createTempFile("skopeo", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .start();
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            String errors = Files.readString(stderr, StandardCharsets.UTF_8);
            Files.delete(stderr);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + errors);
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
