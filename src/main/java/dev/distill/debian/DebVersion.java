package dev.distill.debian;

import dev.distill.common.DistillException;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered exactly as dpkg orders them: epochs
 * numerically, then upstream and revision by dpkg's algorithm (non-digit runs compared with {@code ~} before
 * everything, letters before non-letters; digit runs compared numerically).
 */
public record DebVersion(long epoch, String upstream, String revision) implements Comparable<DebVersion> {

    public static DebVersion parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new DistillException("empty version");
        }
        long epoch = 0;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            String epochText = s.substring(0, colon);
            if (epochText.isEmpty() || !epochText.chars().allMatch(Character::isDigit) || epochText.length() > 9) {
                throw new DistillException("version '" + text + "' has an invalid epoch");
            }
            epoch = Long.parseLong(epochText);
            s = s.substring(colon + 1);
        }
        String upstream = s;
        String revision = "";
        int dash = s.lastIndexOf('-');
        if (dash >= 0) {
            upstream = s.substring(0, dash);
            revision = s.substring(dash + 1);
            if (revision.isEmpty()) {
                throw new DistillException("version '" + text + "' has an empty revision");
            }
        }
        if (upstream.isEmpty()) {
            throw new DistillException("version '" + text + "' has an empty upstream part");
        }
        validateChars(text, upstream);
        validateChars(text, revision);
        return new DebVersion(epoch, upstream, revision);
    }

    /** Compares two version strings as {@code dpkg --compare-versions} does. */
    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    @Override
    public int compareTo(DebVersion other) {
        if (epoch != other.epoch) {
            return Long.compare(epoch, other.epoch);
        }
        int c = compareParts(upstream, other.upstream);
        return c != 0 ? c : compareParts(revision, other.revision);
    }

    @Override
    public String toString() {
        return (epoch > 0 ? epoch + ":" : "") + upstream + (revision.isEmpty() ? "" : "-" + revision);
    }

    /** dpkg's verrevcmp. */
    private static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Character.isDigit(a.charAt(i)))
                    || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return Integer.compare(ac, bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && Character.isDigit(a.charAt(i))
                    && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    private static int order(char c) {
        if (Character.isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    private static void validateChars(String text, String part) {
        for (int k = 0; k < part.length(); k++) {
            char c = part.charAt(k);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || c == '.' || c == '+' || c == '-' || c == '~' || c == ':';
            if (!ok) {
                throw new DistillException("version '" + text + "' has an invalid character '" + c + "'");
            }
        }
    }
}
