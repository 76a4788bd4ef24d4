package dev.distill.registry;

import dev.distill.oci.Digest;
import dev.distill.testing.HostTools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code docker-registry} on 127.0.0.1, storing in a temporary directory; restartable on that storage. */
public final class RegistryProcess implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    /**
     * @param authYaml   the {@code auth:} section, or an empty string for an open registry
     * @param publicHost the address clients reach the registry at (e.g. a proxy in front), used in upload
     *                   locations; null for the registry's own address
     */
    public RegistryProcess(Path dir, String authYaml, String publicHost) {
        HostTools.require("docker-registry");
        this.dir = dir;
        this.port = freePort();
        this.config = dir.resolve("registry.yml");
        this.log = dir.resolve("registry.log");
        String yaml = """
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:%d
                  secret: distill-test-secret
                %s%s
                """.formatted(storage(), port,
                publicHost == null ? "" : "  host: http://" + publicHost + "\n", authYaml);
        try {
            Files.createDirectories(dir);
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    Path storage() {
        return dir.resolve("storage");
    }

    /** Where the registry keeps a blob's content. */
    Path blobData(Digest digest) {
        return storage().resolve("docker/registry/v2/blobs/sha256").resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex()).resolve("data");
    }

    /** A registry that lets in only {@code user} with {@code password}, by HTTP basic authentication. */
    static RegistryProcess withBasicAuth(Path dir, String user, String password) {
        Path htpasswd = dir.resolve("htpasswd");
        try {
            Files.createDirectories(dir);
            Files.writeString(htpasswd, htpasswdLine(user, password));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RegistryProcess(dir, """
                auth:
                  htpasswd:
                    realm: distill-test
                    path: %s
                """.formatted(htpasswd), null);
    }

    /** An htpasswd line made by Apache's htpasswd with bcrypt, the only hash docker-registry accepts. */
    private static String htpasswdLine(String user, String password) {
        HostTools.require("htpasswd");
        try {
            Process process = new ProcessBuilder("htpasswd", "-Bbn", user, password).start();
            process.getOutputStream().close();
            String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("htpasswd -Bbn " + user + " failed");
            }
            return line + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void start() {
        try {
            process = new ProcessBuilder(List.of("docker-registry", "serve", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process.getOutputStream().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("docker-registry exited with " + process.exitValue() + ":\n" + logText());
                }
                try {
                    new Socket("127.0.0.1", port).close();
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new AssertionError("docker-registry did not listen on " + address() + " within 15 s:\n" + logText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kills the registry at once, as a crash would. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }
}
