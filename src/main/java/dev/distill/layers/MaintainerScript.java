package dev.distill.layers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simple commands of a maintainer script, read without running it, with what can be known statically expanded:
 * the script's constants (plain {@code name=value} assignments outside any compound command, such as
 * {@code basedir=/usr/lib/jvm/java-21-openjdk-amd64}) and {@code for} loops over literal words or such constants
 * (openjdk's {@code for i in $jre_tools; do update-alternatives --install /usr/bin/$i …; done}). Anything else —
 * positional parameters, command substitutions, variables assigned conditionally — stays as written, so callers can
 * tell a word is not known.
 */
final class MaintainerScript {
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:([A-Za-z_][A-Za-z0-9_]*)|\\{([A-Za-z_][A-Za-z0-9_]*)})");
    private static final Set<String> OPENERS = Set.of("if", "case", "while", "until");
    private static final Set<String> CLOSERS = Set.of("fi", "esac", "done", "}");
    private static final Set<String> LOOPS = Set.of("for", "while", "until");
    private static final Set<String> LEADING_KEYWORDS = Set.of("then", "do", "else", "{", "!");

    private MaintainerScript() {
    }

    /** The script's simple commands in order, loops unrolled where their words are known, variables substituted. */
    static List<List<String>> commands(String script) {
        List<List<String>> raw = words(script);
        List<List<String>> out = new ArrayList<>();
        expand(raw, 0, raw.size(), new HashMap<>(), true, out);
        return out;
    }

    /** Whether a word still holds something only the shell could know (a variable, a command substitution). */
    static boolean dynamic(String word) {
        return word.contains("$") || word.contains("`");
    }

    private static void expand(List<List<String>> raw, int from, int to, Map<String, String> constants,
                               boolean topLevel, List<List<String>> out) {
        int depth = 0;
        int i = from;
        while (i < to) {
            List<String> command = withoutLeadingKeywords(raw.get(i));
            if (command.isEmpty()) {
                i++;
                continue;
            }
            String first = command.get(0);
            if (first.equals("for")) {
                int done = matchingDone(raw, i, to);
                unroll(raw, command, i + 1, done, constants, out);
                i = done + 1;
                continue;
            }
            if (OPENERS.contains(first) || command.get(command.size() - 1).equals("{")) {
                depth++;
            } else if (CLOSERS.contains(first)) {
                depth--;
            }
            // a command substitution's words were split apart: `x=$(cmd args)` is still an assignment
            boolean assignment = command.stream().allMatch(w -> ASSIGNMENT.matcher(w).matches())
                    || (ASSIGNMENT.matcher(first).matches() && dynamic(first));
            if (assignment) {
                if (topLevel && depth == 0) {
                    assign(command, constants);
                }
            } else {
                out.add(substitute(command, constants));
            }
            i++;
        }
    }

    /** Expands the body {@code [from, to)} of a {@code for} loop once per word, or once with the variable unknown. */
    private static void unroll(List<List<String>> raw, List<String> header, int from, int to,
                               Map<String, String> constants, List<List<String>> out) {
        String variable = header.size() > 1 ? header.get(1) : "";
        List<String> values = null;
        if (header.size() > 2 && header.get(2).equals("in")) {
            List<String> words = substitute(header.subList(3, header.size()), constants);
            if (words.stream().noneMatch(MaintainerScript::dynamic)) {
                values = words;
            }
        }
        if (values == null) {
            Map<String, String> unknown = new HashMap<>(constants);
            unknown.remove(variable);
            expand(raw, from, to, unknown, false, out);
            return;
        }
        for (String value : values) {
            Map<String, String> scope = new HashMap<>(constants);
            scope.put(variable, value);
            expand(raw, from, to, scope, false, out);
        }
    }

    /** The index of the {@code done} closing the loop that starts at {@code start} (or {@code to} if none does). */
    private static int matchingDone(List<List<String>> raw, int start, int to) {
        int open = 0;
        for (int i = start; i < to; i++) {
            List<String> command = withoutLeadingKeywords(raw.get(i));
            if (command.isEmpty()) {
                continue;
            }
            if (LOOPS.contains(command.get(0))) {
                open++;
            } else if (command.get(0).equals("done") && --open == 0) {
                return i;
            }
        }
        return to;
    }

    private static void assign(List<String> command, Map<String, String> constants) {
        for (String word : command) {
            Matcher m = ASSIGNMENT.matcher(word);
            if (m.matches()) {
                String value = String.join(" ", substitute(List.of(m.group(2)), constants));
                if (dynamic(value)) {
                    constants.remove(m.group(1));
                } else {
                    constants.put(m.group(1), value);
                }
            }
        }
    }

    /** Substitutes known variables; a word that was or contained a list value is split on white space. */
    private static List<String> substitute(List<String> words, Map<String, String> constants) {
        List<String> out = new ArrayList<>();
        for (String word : words) {
            Matcher m = VARIABLE.matcher(word);
            StringBuilder expanded = new StringBuilder();
            boolean substituted = false;
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                String value = constants.get(name);
                m.appendReplacement(expanded, Matcher.quoteReplacement(value != null ? value : m.group()));
                substituted |= value != null;
            }
            m.appendTail(expanded);
            if (!substituted) {
                out.add(word);
                continue;
            }
            for (String part : expanded.toString().strip().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    private static List<String> withoutLeadingKeywords(List<String> command) {
        int skip = 0;
        while (skip < command.size() && LEADING_KEYWORDS.contains(command.get(skip))) {
            skip++;
        }
        return command.subList(skip, command.size());
    }

    /** Splits a shell script into simple commands: continuations joined, comments dropped, quotes removed. */
    static List<List<String>> words(String script) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\\' && i + 1 < script.length() && script.charAt(i + 1) == '\n') {
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
                continue;
            }
            if (c == '#' && !inWord) {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                i--;
                continue;
            }
            if (c == '\n' || c == ';' || c == '&' || c == '|') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (!words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
                continue;
            }
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            word.append(c);
            inWord = true;
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
