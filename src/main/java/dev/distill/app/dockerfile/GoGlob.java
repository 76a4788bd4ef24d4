package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;

import java.util.regex.Pattern;

/**
 * Go's {@code filepath.Match} patterns ({@code *}, {@code ?}, {@code [...]} classes, {@code \} escapes), translated
 * to Java regular expressions. Docker uses them for COPY sources and, with a {@code **} extension, in
 * {@code .dockerignore}.
 */
final class GoGlob {
    private GoGlob() {
    }

    /** Whether a path (or path component) holds an unescaped wildcard, as BuildKit decides it. */
    static boolean hasWildcards(String path) {
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '*' || ch == '?' || ch == '[') {
                return true;
            }
        }
        return false;
    }

    /** A pattern matching whole strings the way {@code filepath.Match} does; {@code *} and {@code ?} stop at '/'. */
    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char ch = glob.charAt(i);
            switch (ch) {
                case '*' -> {
                    regex.append("[^/]*");
                    i++;
                }
                case '?' -> {
                    regex.append("[^/]");
                    i++;
                }
                case '[' -> i = appendClass(glob, i, regex);
                case '\\' -> i = appendEscaped(glob, i, regex);
                default -> {
                    int cp = glob.codePointAt(i);
                    appendLiteral(cp, regex);
                    i += Character.charCount(cp);
                }
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Appends the escaped character after the backslash at {@code index}; returns the index after it. */
    static int appendEscaped(String glob, int index, StringBuilder regex) {
        if (index + 1 >= glob.length()) {
            throw badPattern(glob);
        }
        int cp = glob.codePointAt(index + 1);
        appendLiteral(cp, regex);
        return index + 1 + Character.charCount(cp);
    }

    /**
     * Appends the character class opening at {@code open} as a Java class, checking it the way Go does (non-empty,
     * no bare '-' or ']' as a range end, closed); returns the index after its ']'.
     */
    static int appendClass(String glob, int open, StringBuilder regex) {
        int i = open + 1;
        regex.append('[');
        if (i < glob.length() && glob.charAt(i) == '^') {
            regex.append('^');
            i++;
        }
        int ranges = 0;
        while (true) {
            if (i < glob.length() && glob.charAt(i) == ']' && ranges > 0) {
                regex.append(']');
                return i + 1;
            }
            int[] lo = classChar(glob, i);
            i = lo[1];
            appendClassChar(lo[0], regex);
            if (i < glob.length() && glob.charAt(i) == '-') {
                int[] hi = classChar(glob, i + 1);
                if (hi[0] < lo[0]) {
                    throw badPattern(glob);
                }
                regex.append('-');
                appendClassChar(hi[0], regex);
                i = hi[1];
            }
            ranges++;
        }
    }

    /** One character of a class at {@code index} (escapes resolved): {code point, next index}. */
    private static int[] classChar(String glob, int index) {
        if (index >= glob.length() || glob.charAt(index) == '-' || glob.charAt(index) == ']') {
            throw badPattern(glob);
        }
        int i = index;
        if (glob.charAt(i) == '\\') {
            i++;
            if (i >= glob.length()) {
                throw badPattern(glob);
            }
        }
        int cp = glob.codePointAt(i);
        return new int[] {cp, i + Character.charCount(cp)};
    }

    private static void appendClassChar(int cp, StringBuilder regex) {
        regex.append(String.format("\\x{%x}", cp));
    }

    static void appendLiteral(int cp, StringBuilder regex) {
        boolean asciiLetterOrDigit = cp < 128 && Character.isLetterOrDigit(cp);
        if (cp < 128 && !asciiLetterOrDigit) {
            regex.append('\\');
        }
        regex.appendCodePoint(cp);
    }

    static DistillException badPattern(String glob) {
        return new DistillException("syntax error in pattern \"" + glob + "\"");
    }
}
