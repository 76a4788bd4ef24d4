package dev.distill.app.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** How BuildKit splits an instruction's arguments: leading flags, whitespace-separated words, quoted words. */
final class ArgumentSyntax {
    static final Pattern TOKEN_WHITESPACE = Pattern.compile("[\\t\\x0B\\f\\r ]+");

    private final char escape;

    ArgumentSyntax(char escape) {
        this.escape = escape;
    }

    /** Leading {@code --flag[=value]} words (quotes and backslashes processed) and the arguments after them. */
    record FlagSplit(List<String> flags, String rest) {
    }

    /** Takes the leading {@code --flag[=value]} words off an instruction's arguments; a {@code --} word ends them. */
    static FlagSplit extractFlags(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean blankOk = false;
        boolean inQuote = false;
        boolean inWord = false;
        char quote = 0;
        int pos = 0;
        while (pos < line.length()) {
            char ch = line.charAt(pos);
            if (!inWord) {
                if (GoText.isSpace(ch)) {
                    pos++;
                    continue;
                }
                if (ch != '-' || pos + 1 == line.length() || line.charAt(pos + 1) != '-') {
                    return new FlagSplit(words, line.substring(pos));
                }
                inWord = true;
            }
            if (inQuote) {
                if (ch == quote) {
                    inQuote = false;
                } else {
                    if (ch == '\\') {
                        if (pos + 1 == line.length()) {
                            inQuote = false;
                            pos++;
                            continue;
                        }
                        ch = line.charAt(++pos);
                    }
                    word.append(ch);
                }
                pos++;
                continue;
            }
            if (GoText.isSpace(ch)) {
                if (word.toString().equals("--")) {
                    return new FlagSplit(words, line.substring(pos));
                }
                if (blankOk || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                blankOk = false;
                inWord = false;
                pos++;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blankOk = true;
                inQuote = true;
            } else {
                if (ch == '\\') {
                    if (pos + 1 == line.length()) {
                        pos++;
                        continue;
                    }
                    ch = line.charAt(++pos);
                }
                word.append(ch);
            }
            pos++;
        }
        if (inWord && !word.toString().equals("--") && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return new FlagSplit(words, "");
    }

    /** Splits at runs of blanks, as FROM, EXPOSE and the non-JSON COPY, ADD and VOLUME do. */
    static List<String> whitespaceSplit(String rest) {
        return rest.isEmpty() ? List.of() : List.of(TOKEN_WHITESPACE.split(rest));
    }

    /** Splits at unquoted whitespace, keeping quotes and escapes for the variable substitution to process. */
    List<String> words(String rest) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean blankOk = false;
        boolean inWord = false;
        int quote = 0;
        int[] cps = rest.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int ch = cps[i];
            if (quote == 0) {
                if (GoText.isSpace(ch)) {
                    if (inWord && (blankOk || word.length() > 0)) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    inWord = false;
                    continue;
                }
                inWord = true;
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                } else if (ch == escape) {
                    if (i + 1 == cps.length) {
                        continue;
                    }
                    word.appendCodePoint(ch);
                    ch = cps[++i];
                }
                word.appendCodePoint(ch);
            } else {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == escape && quote != '\'') {
                    if (i + 1 == cps.length) {
                        quote = 0;
                        continue;
                    }
                    word.appendCodePoint(ch);
                    ch = cps[++i];
                }
                word.appendCodePoint(ch);
            }
        }
        if (inWord && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return words;
    }
}
