package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Dockerfile's text into logical lines the way BuildKit's parser does: parser directives at the top
 * ({@code # escape=`} changes the escape character; {@code # syntax=} and {@code # check=} are accepted and
 * ignored), a byte-order mark dropped, comment lines removed (also inside continuations), lines joined where the
 * escape character ends them, and empty continuation lines skipped with a warning. One instance reads one file.
 */
final class DockerfileLines {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Set<String> DIRECTIVES = Set.of("escape", "syntax", "check");

    private final String name;
    private final Set<String> directivesSeen = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private char escape = '\\';
    private boolean directivesDone;

    DockerfileLines(String name) {
        this.name = name;
    }

    /** An instruction with its continuation lines joined, and the line it starts on. */
    record Line(int number, String text) {
    }

    List<Line> read(String content) {
        List<String> physical = physicalLines(content);
        List<Line> result = new ArrayList<>();
        int index = 0;
        while (index < physical.size()) {
            String raw = physical.get(index++);
            if (index == 1 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            int start = index;
            Continuation continuation = trimContinuation(processLine(raw, true));
            if (continuation.ends() && continuation.text().isEmpty()) {
                continue;
            }
            StringBuilder text = new StringBuilder(continuation.text());
            boolean emptyContinuation = false;
            while (!continuation.ends() && index < physical.size()) {
                String next = physical.get(index++);
                String processed = processLine(next, false);
                if (GoText.trimLeft(next).startsWith("#")) {
                    continue;
                }
                if (GoText.trimLeft(processed).isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                continuation = trimContinuation(processed);
                text.append(continuation.text());
            }
            if (emptyContinuation) {
                warnings.add(name + " line " + start + ": empty continuation line in \"" + GoText.trim(text.toString())
                        + "\"; Docker will refuse these in a future release");
            }
            result.add(new Line(start, text.toString()));
        }
        return result;
    }

    /** The escape character, once {@link #read} has seen the directives. */
    char escape() {
        return escape;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private static List<String> physicalLines(String content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int end = content.indexOf('\n', start);
            int next = end < 0 ? content.length() : end + 1;
            int trimmed = next;
            while (trimmed > start && (content.charAt(trimmed - 1) == '\n' || content.charAt(trimmed - 1) == '\r')) {
                trimmed--;
            }
            lines.add(content.substring(start, trimmed));
            start = next;
        }
        return lines;
    }

    /** Trims leading whitespace (first lines only), looks for a parser directive, and drops a comment line. */
    private String processLine(String line, boolean stripLeft) {
        String token = stripLeft ? GoText.trimLeft(line) : line;
        possibleDirective(token);
        return token.startsWith("#") ? "" : token;
    }

    private void possibleDirective(String line) {
        if (directivesDone) {
            return;
        }
        Matcher matcher = DIRECTIVE.matcher(line);
        String key = matcher.matches() ? matcher.group(1).toLowerCase(Locale.ROOT) : null;
        if (key == null || !DIRECTIVES.contains(key)) {
            directivesDone = true;
            return;
        }
        if (!directivesSeen.add(key)) {
            throw new DistillException(name + ": only one " + key + " parser directive can be used");
        }
        if (key.equals("escape")) {
            String value = matcher.group(2);
            if (!value.equals("`") && !value.equals("\\")) {
                throw new DistillException(name + ": invalid escape directive '" + value + "'; use ` or \\");
            }
            escape = value.charAt(0);
        }
    }

    private record Continuation(String text, boolean ends) {
    }

    /** Removes a trailing escape character (and the blanks after it) that continues the line. */
    private Continuation trimContinuation(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        boolean continues = end > 0 && line.charAt(end - 1) == escape && (end == 1 || line.charAt(end - 2) != escape);
        return continues ? new Continuation(line.substring(0, end - 1), false) : new Continuation(line, true);
    }
}
