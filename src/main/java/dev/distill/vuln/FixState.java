package dev.distill.vuln;

import java.util.Locale;

/** Whether and how Debian fixes a vulnerability in a release. */
public enum FixState {
    /** Fixed in a newer version of the package in the release. */
    FIXED("fixed"),
    /** Open, no fixed version yet. */
    NOT_FIXED("no fix yet"),
    /** Open, and Debian decided not to fix it in this release (no-dsa, ignored, postponed). */
    WONT_FIX("won't fix"),
    /** The package is no longer supported in this release. */
    END_OF_LIFE("end of life");

    private final String label;

    FixState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
