package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} file with Docker's semantics: Go {@code filepath.Match} patterns plus {@code **}, a
 * leading '/' dropped, {@code #} comment lines, {@code !} exceptions, the last matching rule deciding, and a path
 * excluded when one of its parent directories is.
 */
public final class DockerIgnore {
    private final String name;
    private final List<Rule> rules;

    private DockerIgnore(String name, List<Rule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
    }

    /** Excludes nothing. */
    public static DockerIgnore none() {
        return new DockerIgnore("no .dockerignore", List.of());
    }

    public static DockerIgnore read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DistillException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the content of an ignore file; {@code name} is how messages refer to it. */
    public static DockerIgnore parse(String name, String content) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = GoText.trim(line);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.charAt(0) == '!';
            if (exception) {
                pattern = GoText.trim(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = GoPaths.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            String at = name + " line " + (i + 1);
            if (exception && pattern.isEmpty()) {
                throw new DistillException(at + ": illegal exclusion pattern \"!\"");
            }
            try {
                rules.add(Rule.compile(pattern, exception));
            } catch (DistillException e) {
                throw new DistillException(at + ": " + e.getMessage(), e);
            }
        }
        return new DockerIgnore(name, rules);
    }

    /**
     * This file plus exceptions for {@code paths} that it would exclude, as the Docker CLI does for the Dockerfile
     * and the {@code .dockerignore} itself so that they are always sent.
     */
    public DockerIgnore keeping(List<String> paths) {
        List<Rule> kept = new ArrayList<>(rules);
        for (String path : paths) {
            if (excluded(path)) {
                kept.add(Rule.compile(GoPaths.clean(path), true));
            }
        }
        return new DockerIgnore(name, kept);
    }

    /** The rules as Docker normalises them ({@code !} marks an exception). */
    public List<String> patterns() {
        return rules.stream().map(rule -> (rule.exception() ? "!" : "") + rule.pattern()).toList();
    }

    /** Whether {@code relativePath} (slash-separated, relative to the context) is left out of the context. */
    public boolean excluded(String relativePath) {
        String file = GoPaths.clean(relativePath);
        if (file.startsWith("/")) {
            file = GoPaths.clean(file.substring(1));
        }
        if (file.equals(".")) {
            return false;
        }
        int slash = file.lastIndexOf('/');
        String[] parents = slash < 0 ? new String[0] : file.substring(0, slash).split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exception() != matched) {
                continue;
            }
            boolean match = rule.matches(file);
            StringBuilder parent = new StringBuilder();
            for (int i = 0; !match && i < parents.length; i++) {
                parent.append(i == 0 ? "" : "/").append(parents[i]);
                match = rule.matches(parent.toString());
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /** Whether an exception could bring back something under an excluded {@code directory}, so it must be walked. */
    boolean mayIncludeUnder(String directory) {
        String[] parts = GoPaths.clean(directory).split("/");
        for (Rule rule : rules) {
            if (rule.exception() && rule.couldMatchUnder(parts)) {
                return true;
            }
        }
        return false;
    }

    /** How messages refer to the ignore file. */
    String name() {
        return name;
    }

    /** How a pattern is matched; Docker picks the cheapest form that gives the regular expression's answer. */
    private enum Kind {
        EXACT, PREFIX, SUFFIX, REGEX
    }

    private record Rule(String pattern, boolean exception, Kind kind, Pattern regex, List<Pattern> components) {

        static Rule compile(String pattern, boolean exception) {
            StringBuilder regex = new StringBuilder("^");
            Kind kind = Kind.EXACT;
            int pos = 0;
            int step = 0;
            while (pos < pattern.length()) {
                char ch = pattern.charAt(pos);
                if (ch == '*' && pos + 1 < pattern.length() && pattern.charAt(pos + 1) == '*') {
                    pos += 2;
                    if (pos < pattern.length() && pattern.charAt(pos) == '/') {
                        pos++;
                    }
                    if (pos < pattern.length()) {
                        regex.append("(.*/)?");
                        kind = Kind.REGEX;
                    } else if (kind == Kind.EXACT) {
                        kind = Kind.PREFIX;
                    } else {
                        regex.append(".*");
                        kind = Kind.REGEX;
                    }
                    if (step == 0) {
                        kind = Kind.SUFFIX;
                    }
                } else if (ch == '*') {
                    regex.append("[^/]*");
                    kind = Kind.REGEX;
                    pos++;
                } else if (ch == '?') {
                    regex.append("[^/]");
                    kind = Kind.REGEX;
                    pos++;
                } else if (ch == '\\') {
                    pos = GoGlob.appendEscaped(pattern, pos, regex);
                    kind = Kind.REGEX;
                } else if (ch == '[') {
                    pos = GoGlob.appendClass(pattern, pos, regex);
                    kind = Kind.REGEX;
                } else {
                    int cp = pattern.codePointAt(pos);
                    GoGlob.appendLiteral(cp, regex);
                    pos += Character.charCount(cp);
                }
                step++;
            }
            regex.append('$');
            List<Pattern> components = new ArrayList<>();
            for (String component : pattern.split("/")) {
                components.add(GoGlob.compile(component));
            }
            return new Rule(pattern, exception, kind, Pattern.compile(regex.toString()), components);
        }

        boolean matches(String path) {
            return switch (kind) {
                case EXACT -> path.equals(pattern);
                case PREFIX -> path.startsWith(pattern.substring(0, pattern.length() - 2));
                case SUFFIX -> {
                    String suffix = pattern.substring(2);
                    yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
                }
                case REGEX -> regex.matcher(path).matches();
            };
        }

        /** Whether this pattern could match {@code directory} or a path under it. */
        boolean couldMatchUnder(String[] directory) {
            if (pattern.contains("**")) {
                return true;
            }
            int common = Math.min(components.size(), directory.length);
            for (int i = 0; i < common; i++) {
                if (!components.get(i).matcher(directory[i]).matches()) {
                    return false;
                }
            }
            return true;
        }
    }
}
