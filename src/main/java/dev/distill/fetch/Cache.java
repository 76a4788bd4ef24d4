package dev.distill.fetch;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The content-addressed download cache: {@code <root>/sha256/<hex>} holds verified files, named by their SHA-256.
 * Files are only ever added by renaming a fully verified temporary file into place, so two processes sharing one
 * cache can never see or leave a partial file.
 */
public final class Cache {
    private final Path root;

    public Cache(Path root) {
        this.root = root;
    }

    /** {@code $DISTILL_CACHE}, else {@code $XDG_CACHE_HOME/distill}, else {@code ~/.cache/distill}. */
    public static Cache fromEnvironment(Map<String, String> env) {
        String explicit = env.get("DISTILL_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return new Cache(Path.of(explicit));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new Cache(Path.of(xdg, "distill"));
        }
        return new Cache(Path.of(System.getProperty("user.home"), ".cache", "distill"));
    }

    public Path root() {
        return root;
    }

    /** Where the file with this SHA-256 lives (whether or not it is there yet). */
    public Path file(String sha256) {
        return root.resolve("sha256").resolve(sha256);
    }

    public boolean has(String sha256) {
        return Files.isRegularFile(file(sha256));
    }

    /** A directory for temporary files on the same file system as the cache, so renames are atomic. */
    public Path tmpDir() {
        return dir("tmp");
    }

    /** A named area of the cache (created on demand), for derived data such as layers. */
    public Path dir(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DistillException("cannot create cache directory " + dir + ": " + e.getMessage()
                    + " (set DISTILL_CACHE to a writable directory)", e);
        }
        return dir;
    }
}
