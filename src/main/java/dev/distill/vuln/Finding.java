package dev.distill.vuln;

import java.util.List;

/**
 * One vulnerability in one installed package.
 *
 * @param installedVersion the binary package's version
 * @param sourceVersion    the source version it was compared as
 * @param fixedVersion     the version that fixes it, or null
 * @param reason           why it will not be fixed (no-dsa, ignored, postponed), or null
 */
public record Finding(
        String id,
        List<String> aliases,
        String packageName,
        String arch,
        String sourceName,
        String installedVersion,
        String sourceVersion,
        String fixedVersion,
        FixState state,
        String reason,
        Severity severity,
        String urgency,
        String description,
        String purl,
        String origin) {

    public Finding {
        aliases = List.copyOf(aliases);
    }

    public boolean fixable() {
        return state == FixState.FIXED;
    }

    /** "fixed", "no fix yet", "won't fix (ignored)", "end of life". */
    public String statusText() {
        return reason == null ? state.label() : state.label() + " (" + reason + ")";
    }
}
