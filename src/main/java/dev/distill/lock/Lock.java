package dev.distill.lock;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to rebuild a pair exactly: the suites (with the digest of each InRelease the packages were
 * resolved from) and, per architecture, every package pinned by SHA-256 with the side that asked for it.
 */
public record Lock(
        int lockVersion,
        String spec,
        String specDigest,
        String distro,
        List<Suite> suites,
        Map<String, List<Package>> packages,
        Map<String, List<Dropped>> dropped) {

    public static final int VERSION = 1;

    public Lock {
        suites = List.copyOf(suites);
        packages = new TreeMap<>(packages);
        dropped = new TreeMap<>(dropped);
    }

    /** A suite: its name, which archive it lives in ({@code main} or {@code security}), and its InRelease. */
    public record Suite(String name, String archive, String inRelease, String date) {
    }

    /** One pinned package. */
    public record Package(
            String name,
            String version,
            String arch,
            String source,
            String sourceVersion,
            String suite,
            String filename,
            long size,
            String sha256,
            String side) {
    }

    /** A dependency not followed because of {@code exclude:}. */
    public record Dropped(String side, String from, String dependency, String excluded) {
    }

    public List<Package> packages(String arch) {
        return packages.getOrDefault(arch, List.of());
    }

    public List<String> archs() {
        return List.copyOf(packages.keySet());
    }

    public Suite suite(String name) {
        return suites.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
