package dev.distill.vuln;

import dev.distill.common.DistillException;

import java.util.Locale;

/** How bad a finding is, lowest first. Debian urgencies and CVSS scores both map onto it. */
public enum Severity {
    UNKNOWN, NEGLIGIBLE, LOW, MEDIUM, HIGH, CRITICAL;

    /**
     * The severity of a Debian urgency ({@code low}, {@code medium**}, {@code unimportant}, …); null for an urgency
     * that says nothing about severity ({@code not yet assigned}, {@code end-of-life}) or none.
     */
    public static Severity ofUrgency(String urgency) {
        if (urgency == null) {
            return null;
        }
        String u = urgency.strip().toLowerCase(Locale.ROOT).replace("*", "");
        return switch (u) {
            case "unimportant" -> NEGLIGIBLE;
            case "low" -> LOW;
            case "medium" -> MEDIUM;
            case "high" -> HIGH;
            default -> null;
        };
    }

    /** The CVSS v3 qualitative rating of a base score. */
    public static Severity ofCvssScore(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score > 0 ? LOW : NEGLIGIBLE;
    }

    public static Severity parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DistillException("unknown severity '" + text
                    + "' (use negligible, low, medium, high or critical)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
