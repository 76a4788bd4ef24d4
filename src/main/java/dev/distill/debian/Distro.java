package dev.distill.debian;

import dev.distill.common.DistillException;

import java.util.List;

/**
 * A Debian release Distill builds from, and the suites it reads: the release itself, its {@code -updates} and
 * its {@code -security} suites (the last from the separate security archive).
 */
public record Distro(String id, String codename, int version) {
    public static final Distro DEBIAN_12 = new Distro("debian-12", "bookworm", 12);
    public static final Distro DEBIAN_13 = new Distro("debian-13", "trixie", 13);
    public static final Distro DEFAULT = DEBIAN_13;
    private static final List<Distro> KNOWN = List.of(DEBIAN_12, DEBIAN_13);

    /** Accepts {@code debian-13}, {@code trixie}, {@code 13}. */
    public static Distro parse(String text) {
        for (Distro d : KNOWN) {
            if (d.id.equals(text) || d.codename.equals(text) || Integer.toString(d.version).equals(text)) {
                return d;
            }
        }
        throw new DistillException("unknown distro '" + text + "' (known: "
                + String.join(", ", KNOWN.stream().map(d -> d.id + " (" + d.codename + ")").toList()) + ")");
    }

    public List<Suite> suites() {
        return List.of(
                new Suite(codename, Suite.Archive.MAIN),
                new Suite(codename + "-updates", Suite.Archive.MAIN),
                new Suite(codename + "-security", Suite.Archive.SECURITY));
    }

    /** The {@code VERSION_ID} of {@code /etc/os-release}. */
    public String versionId() {
        return Integer.toString(version);
    }

    /** A suite and the archive it lives in. */
    public record Suite(String name, Archive archive) {
        public enum Archive { MAIN, SECURITY }
    }
}
