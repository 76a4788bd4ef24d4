package dev.distill.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes sure the real tools a test talks to are installed. As root, missing Debian packages are installed with
 * {@code apt-get}; otherwise the test fails with a message naming the packages to install. Nothing is skipped.
 */
public final class HostTools {
    /** The Debian package that provides each command the tests use. */
    private static final Map<String, String> PACKAGE_OF = Map.ofEntries(
            Map.entry("runc", "runc"),
            Map.entry("busybox", "busybox-static"),
            Map.entry("skopeo", "skopeo"),
            Map.entry("umoci", "umoci"),
            Map.entry("docker-registry", "docker-registry"),
            Map.entry("gpgv", "gpgv"),
            Map.entry("gpg", "gpg"),
            Map.entry("dpkg", "dpkg"),
            Map.entry("apt-get", "apt"),
            Map.entry("mmdebstrap", "mmdebstrap"),
            Map.entry("htpasswd", "apache2-utils"),
            Map.entry("chromium", "chromium"),
            Map.entry("xz", "xz-utils"),
            Map.entry("zstd", "zstd"));

    private HostTools() {
    }

    /** Returns once every command is on the PATH, installing its package first when running as root. */
    public static synchronized void require(String... commands) {
        List<String> missing = new ArrayList<>();
        for (String command : commands) {
            if (!onPath(command)) {
                String pkg = PACKAGE_OF.get(command);
                if (pkg == null) {
                    throw new AssertionError("no Debian package is known for command " + command);
                }
                if (!missing.contains(pkg)) {
                    missing.add(pkg);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (!isRoot()) {
            throw new AssertionError("these tests need the Debian packages " + missing
                    + "; install them (apt-get install " + String.join(" ", missing) + ") or run the tests as root");
        }
        run(List.of("apt-get", "update", "-qq"));
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        run(install);
        for (String command : commands) {
            if (!onPath(command)) {
                throw new AssertionError("installed " + missing + " but " + command + " is still not on the PATH");
            }
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }

    private static void run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit code " + exit);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
