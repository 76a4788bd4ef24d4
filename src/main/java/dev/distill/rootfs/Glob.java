package dev.distill.rootfs;

import java.util.regex.Pattern;

/**
 * A path pattern: {@code *} matches within one path component, {@code **} across components, {@code ?} one
 * character. Patterns are absolute ({@code /usr/share/doc/**}).
 */
public record Glob(String pattern, Pattern regex) {

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
        return new Glob(pattern, Pattern.compile(re.toString()));
    }

    /** Whether an absolute path ({@code /usr/bin/x}) matches. */
    public boolean matches(String absolutePath) {
        return regex.matcher(absolutePath).matches();
    }
}
