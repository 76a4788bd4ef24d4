package dev.distill.vuln;

import java.util.List;

/**
 * What the vulnerability data says about one vulnerability in one source package of one Debian release.
 *
 * @param id          the vulnerability (a CVE id where there is one, else the advisory's own, e.g. DSA-5514-1)
 * @param aliases     other ids of the same vulnerability or advisory
 * @param release     the release codename ({@code trixie})
 * @param source      the source package ({@code glibc})
 * @param ranges      the affected version ranges, in dpkg order
 * @param state       for an open vulnerability, why it is open; {@link FixState#FIXED} when a range has a fix
 * @param reason      why it will not be fixed ({@code no-dsa}, {@code ignored}, {@code postponed}), or null
 * @param urgency     Debian's urgency as the data gives it, or null
 * @param severity    the severity (from the urgency, else from a CVSS vector), {@link Severity#UNKNOWN} if neither
 * @param description a short description, or null
 * @param origin      where the data came from: {@code debian-tracker} or {@code osv}
 */
public record Advisory(
        String id,
        List<String> aliases,
        String release,
        String source,
        List<Range> ranges,
        FixState state,
        String reason,
        String urgency,
        Severity severity,
        String description,
        String origin) {

    public Advisory {
        aliases = List.copyOf(aliases);
        ranges = List.copyOf(ranges);
    }

    /**
     * One affected range: from {@code introduced} ("0" for every version) up to, not including, {@code fixed};
     * or up to and including {@code lastAffected}. A null end leaves the range open.
     */
    public record Range(String introduced, String fixed, String lastAffected) {
    }

    /** Debian judged it unimportant (not a finding unless asked for). */
    public boolean unimportant() {
        return urgency != null && urgency.strip().startsWith("unimportant");
    }
}
