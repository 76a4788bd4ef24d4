package dev.distill.debian;

import dev.distill.common.DistillException;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where packages come from: the main archive and the security archive, each with a note of where the choice
 * came from. Never a built-in host: {@code --mirror}, then the spec, then the host's apt sources.
 */
public record Mirrors(URI main, URI security, String origin) {

    /** What was asked for on the command line and in the spec (either may be null). */
    public record Choice(String main, String security, String origin) {
    }

    public URI archive(Distro.Suite suite) {
        return suite.archive() == Distro.Suite.Archive.SECURITY ? security : main;
    }

    /**
     * Picks the mirrors: the first choice with a main URI wins ({@code --mirror}, then the spec); its security URI
     * is used if given, else the host's security source, else the main URI with {@code -security} appended when
     * it ends in {@code /debian} (the archive's conventional layout).
     */
    public static Mirrors resolve(List<Choice> choices, Path etcApt) {
        List<AptSources.Entry> host = AptSources.read(etcApt);
        AptSources.Entry hostMain = AptSources.mainEntry(host);
        AptSources.Entry hostSecurity = AptSources.securityEntry(host);
        for (Choice c : choices) {
            if (c != null && c.main() != null && !c.main().isBlank()) {
                URI main = uri(c.main(), c.origin());
                URI security;
                String origin = c.origin();
                if (c.security() != null && !c.security().isBlank()) {
                    security = uri(c.security(), c.origin());
                } else if (hostSecurity != null) {
                    security = hostSecurity.uri();
                    origin += "; security archive from " + hostSecurity.origin();
                } else {
                    security = derivedSecurity(main, c.origin());
                }
                return new Mirrors(main, security, origin);
            }
        }
        if (hostMain == null) {
            throw new DistillException("no Debian mirror configured: pass --mirror URL, set 'mirror:' in the spec, "
                    + "or add a deb source to " + etcApt.resolve("sources.list.d") + " (none with http(s) found)");
        }
        URI security = hostSecurity != null ? hostSecurity.uri() : derivedSecurity(hostMain.uri(), hostMain.origin());
        String origin = hostMain.origin() + (hostSecurity != null ? "; security archive from "
                + hostSecurity.origin() : "");
        return new Mirrors(hostMain.uri(), security, origin);
    }

    private static URI derivedSecurity(URI main, String origin) {
        String m = main.toString();
        if (m.endsWith("/debian")) {
            return URI.create(m + "-security");
        }
        throw new DistillException("no security archive known for mirror " + m + " (from " + origin
                + "): pass --security-mirror URL or set 'securityMirror:' in the spec");
    }

    private static URI uri(String text, String origin) {
        String t = text.strip();
        if (!t.startsWith("http://") && !t.startsWith("https://")) {
            throw new DistillException("mirror '" + t + "' (from " + origin + ") is not an http(s) URL");
        }
        return URI.create(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
    }
}
