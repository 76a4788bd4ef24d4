package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Docker's variable substitution and quote removal (BuildKit's {@code shell.Lex}): {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-word}}, {@code ${VAR-word}}, {@code ${VAR:+word}}, {@code ${VAR+word}}, {@code ${VAR:?message}},
 * {@code ${VAR?message}}, {@code ${VAR#pattern}}, {@code ${VAR##pattern}}, {@code ${VAR%pattern}},
 * {@code ${VAR%%pattern}}, {@code ${VAR/pattern/replacement}} and {@code ${VAR//pattern/replacement}}; single and
 * double quotes; the Dockerfile's escape character. Unset variables expand to nothing.
 */
final class WordExpander {
    private static final int EOF = -1;

    private final int escape;

    WordExpander(char escape) {
        this.escape = escape;
    }

    /** The word with variables substituted and quotes removed; whitespace is kept. */
    String expand(String word, Map<String, String> variables) {
        return new Scan(word, variables).process().text();
    }

    /** The word expanded and then split into words at unquoted whitespace, as EXPOSE does. */
    List<String> expandToWords(String word, Map<String, String> variables) {
        return new Scan(word, variables).process().words();
    }

    private record Result(String text, List<String> words) {
    }

    /** Words being split, as BuildKit's {@code wordsStruct} does it (an empty quoted string makes no word). */
    private static final class Words {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private boolean inWord;

        void addChar(int cp) {
            if (GoText.isSpace(cp)) {
                if (inWord && current.length() > 0) {
                    words.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(cp);
            }
        }

        void addRawChar(int cp) {
            current.appendCodePoint(cp);
            inWord = true;
        }

        void addString(String text) {
            text.codePoints().forEach(this::addChar);
        }

        void addRawString(String text) {
            current.append(text);
            inWord = true;
        }

        List<String> finish() {
            if (current.length() > 0) {
                words.add(current.toString());
                current.setLength(0);
            }
            return List.copyOf(words);
        }
    }

    /** One expansion of one word. */
    private final class Scan {
        private final String source;
        private final Map<String, String> variables;
        private int pos;

        Scan(String source, Map<String, String> variables) {
            this.source = source;
            this.variables = variables;
        }

        Result process() {
            try {
                return processStopOn(EOF, false);
            } catch (DistillException e) {
                throw new DistillException("failed to process \"" + source + "\": " + e.getMessage());
            }
        }

        private int peek() {
            return pos < source.length() ? source.codePointAt(pos) : EOF;
        }

        private int next() {
            if (pos >= source.length()) {
                return EOF;
            }
            int cp = source.codePointAt(pos);
            pos += Character.charCount(cp);
            return cp;
        }

        private Result processStopOn(int stop, boolean rawEscapes) {
            StringBuilder result = new StringBuilder();
            Words words = new Words();
            while (peek() != EOF) {
                int ch = peek();
                if (stop != EOF && ch == stop) {
                    next();
                    return new Result(result.toString(), words.finish());
                }
                if (ch == '$') {
                    String value = processDollar();
                    result.append(value);
                    words.addString(value);
                } else if (ch == '\'') {
                    String value = processSingleQuote();
                    result.append(value);
                    words.addRawString(value);
                } else if (ch == '"') {
                    String value = processDoubleQuote(rawEscapes);
                    result.append(value);
                    words.addRawString(value);
                } else {
                    ch = next();
                    if (ch == escape) {
                        if (rawEscapes) {
                            words.addRawChar(ch);
                            result.appendCodePoint(ch);
                        }
                        ch = next();
                        if (ch == EOF) {
                            break;
                        }
                        words.addRawChar(ch);
                    } else {
                        words.addChar(ch);
                    }
                    result.appendCodePoint(ch);
                }
            }
            if (stop != EOF) {
                throw new DistillException(
                        "unexpected end of statement while looking for matching " + Character.toString(stop));
            }
            return new Result(result.toString(), words.finish());
        }

        private String processSingleQuote() {
            next();
            StringBuilder result = new StringBuilder();
            while (true) {
                int ch = next();
                if (ch == EOF) {
                    throw new DistillException("unexpected end of statement while looking for matching single-quote");
                }
                if (ch == '\'') {
                    return result.toString();
                }
                result.appendCodePoint(ch);
            }
        }

        private String processDoubleQuote(boolean rawEscapes) {
            next();
            StringBuilder result = new StringBuilder();
            while (true) {
                int ch = peek();
                if (ch == EOF) {
                    throw new DistillException("unexpected end of statement while looking for matching double-quote");
                }
                if (ch == '"') {
                    next();
                    return result.toString();
                }
                if (ch == '$') {
                    result.append(processDollar());
                    continue;
                }
                ch = next();
                if (ch == escape) {
                    if (rawEscapes) {
                        result.appendCodePoint(ch);
                    }
                    int following = peek();
                    if (following == EOF) {
                        continue;
                    }
                    if (following == '"' || following == '$' || following == escape) {
                        ch = next();
                    }
                }
                result.appendCodePoint(ch);
            }
        }

        private String processDollar() {
            next();
            if (peek() != '{') {
                String name = processName();
                return name.isEmpty() ? "$" : variables.getOrDefault(name, "");
            }
            next();
            int first = peek();
            if (first == EOF) {
                throw new DistillException("syntax error: missing '}'");
            }
            if (first == '{' || first == '}' || first == ':') {
                throw new DistillException("syntax error: bad substitution");
            }
            String name = processName();
            int ch = next();
            if (ch == EOF) {
                throw new DistillException("syntax error: missing '}'");
            }
            String modifier = Character.toString(ch);
            boolean nullIsUnset = false;
            switch (ch) {
                case '}':
                    return variables.getOrDefault(name, "");
                case ':':
                    nullIsUnset = true;
                    ch = next();
                    modifier += ch == EOF ? "" : Character.toString(ch);
                    return processModifier(name, ch, modifier, nullIsUnset);
                case '+', '-', '?', '#', '%':
                    return processModifier(name, ch, modifier, nullIsUnset);
                case '/':
                    return processReplacement(name);
                default:
                    throw new DistillException("unsupported modifier (" + modifier + ") in substitution");
            }
        }

        private String processModifier(String name, int ch, String modifier, boolean nullIsUnset) {
            boolean patternModifier = ch == '#' || ch == '%';
            if (nullIsUnset && patternModifier) {
                throw new DistillException("unsupported modifier (" + modifier + ") in substitution");
            }
            String word = wordUntil('}', patternModifier, "syntax error: missing '}'");
            String value = variables.get(name);
            boolean unset = value == null || (nullIsUnset && value.isEmpty());
            switch (ch) {
                case '-':
                    return unset ? word : value;
                case '+':
                    return unset ? "" : word;
                case '?':
                    if (value == null) {
                        throw new DistillException(
                                name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                    }
                    if (unset) {
                        throw new DistillException(
                                name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                    }
                    return value;
                case '#', '%':
                    boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
                    String pattern = greedy ? word.substring(1) : word;
                    String text = value == null ? "" : value;
                    return ch == '#' ? trimPrefix(pattern, text, greedy) : trimSuffix(pattern, text, greedy);
                default:
                    throw new DistillException("unsupported modifier (" + modifier + ") in substitution");
            }
        }

        private String processReplacement(String name) {
            boolean replaceAll = peek() == '/';
            if (replaceAll) {
                next();
            }
            String pattern = wordUntil('/', true, "syntax error: missing '/' in ${}");
            String replacement = wordUntil('}', true, "syntax error: missing '}'");
            String value = variables.getOrDefault(name, "");
            Matcher matcher = shellPattern(pattern, true, false).matcher(value);
            if (replaceAll) {
                return matcher.replaceAll(Matcher.quoteReplacement(replacement));
            }
            if (!matcher.find()) {
                return value;
            }
            return value.substring(0, matcher.start()) + replacement + value.substring(matcher.end());
        }

        private String wordUntil(int stop, boolean rawEscapes, String missingMessage) {
            try {
                return processStopOn(stop, rawEscapes).text();
            } catch (DistillException e) {
                if (peek() == EOF) {
                    throw new DistillException(missingMessage);
                }
                throw e;
            }
        }

        private String processName() {
            StringBuilder name = new StringBuilder();
            while (peek() != EOF) {
                int ch = peek();
                if (name.length() == 0 && Character.isDigit(ch)) {
                    while (peek() != EOF && Character.isDigit(peek())) {
                        name.appendCodePoint(next());
                    }
                    return name.toString();
                }
                if (name.length() == 0 && "@*#?-$!0".indexOf(ch) >= 0) {
                    return Character.toString(next());
                }
                if (!Character.isLetterOrDigit(ch) && ch != '_') {
                    break;
                }
                name.appendCodePoint(next());
            }
            return name.toString();
        }
    }

    private static String trimPrefix(String pattern, String value, boolean greedy) {
        Matcher matcher = shellPattern(pattern, greedy, true).matcher(value);
        return matcher.find() ? value.substring(matcher.end()) : value;
    }

    /** The shortest (or longest) matching suffix, found as a prefix of the reversed value with a reversed pattern. */
    private static String trimSuffix(String pattern, String value, boolean greedy) {
        return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
    }

    private static String reverse(String text) {
        return new StringBuilder(text).reverse().toString();
    }

    /** Reverses a pattern keeping each escape before the character it escapes. */
    private static String reversePattern(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int last = cps.length - 1;
        for (int i = 0; i <= last; ) {
            int outIndex = last - i;
            if (cps[i] == '\\' && i != last) {
                out[outIndex - 1] = cps[i];
                out[outIndex] = cps[i + 1];
                i += 2;
            } else {
                out[outIndex] = cps[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    /** A shell pattern ({@code *}, {@code ?}, {@code \} escapes; no classes) as a regular expression. */
    private static Pattern shellPattern(String pattern, boolean greedy, boolean anchored) {
        StringBuilder regex = new StringBuilder(anchored ? "^" : "");
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            switch (cp) {
                case '*' -> regex.append(greedy ? ".*" : ".*?");
                case '?' -> regex.append('.');
                case '\\' -> {
                    int following = i + 1 < cps.length ? cps[i + 1] : EOF;
                    if (following == '}' || following == '/') {
                        continue;
                    }
                    if (following != '*' && following != '?' && following != '\\') {
                        throw new DistillException("invalid pattern (" + pattern + ") in substitution: "
                                + "invalid escape '\\" + (following == EOF ? "" : Character.toString(following)) + "'");
                    }
                    regex.append('\\').appendCodePoint(following);
                    i++;
                }
                default -> GoGlob.appendLiteral(cp, regex);
            }
        }
        try {
            return Pattern.compile(regex.toString());
        } catch (PatternSyntaxException e) {
            throw new DistillException("invalid pattern (" + pattern + ") in substitution: " + e.getDescription());
        }
    }
}
