package dev.distill.layers;

import java.util.regex.Pattern;

/**
 * A path pattern: {@code *} matches within one path component, {@code **} across components, {@code ?} one
 * character. Patterns are absolute ({@code /usr/share/doc/**}).
 */
public record Glob(String pattern, Pattern regex, String literalPrefix) {

    public static Glob of(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?");
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int wildcard = pattern.length();
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '*' || pattern.charAt(i) == '?') {
                wildcard = i;
                break;
            }
        }
        return new Glob(pattern, Pattern.compile(re.toString()), pattern.substring(0, wildcard));
    }

    /** Whether an absolute path ({@code /usr/bin/x}) matches. */
    public boolean matches(String absolutePath) {
        return absolutePath.startsWith(literalPrefix) && regex.matcher(absolutePath).matches();
    }
}
