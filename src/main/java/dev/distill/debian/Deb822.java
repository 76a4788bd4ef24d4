package dev.distill.debian;

import dev.distill.common.DistillException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Parses deb822 text: {@code Release}, {@code Packages}, control files, {@code status}, {@code .sources}.
 * Handles continuation lines, {@code #} comment lines, CRLF line endings and any number of blank lines between
 * paragraphs. Errors name the source and the line.
 */
public final class Deb822 {
    private Deb822() {
    }

    public static List<Paragraph> parse(String text, String source) {
        List<Paragraph> paragraphs = new ArrayList<>();
        parse(new StringReader(text), source, paragraphs::add);
        return paragraphs;
    }

    /** Parses text holding exactly one paragraph (a control file). */
    public static Paragraph parseOne(String text, String source) {
        List<Paragraph> paragraphs = parse(text, source);
        if (paragraphs.size() != 1) {
            throw new DistillException(source + ": expected one paragraph, found " + paragraphs.size());
        }
        return paragraphs.get(0);
    }

    /** Streams paragraphs to {@code sink} as they are read: memory stays flat on large {@code Packages} files. */
    public static void parse(Reader reader, String source, Consumer<Paragraph> sink) {
        parse(reader, source, null, sink);
    }

    /**
     * Streams paragraphs keeping only the named fields ({@code keep} in lower case; null keeps all): the other
     * fields' values, such as long descriptions, are skipped without being copied.
     */
    public static void parse(Reader reader, String source, Set<String> keep, Consumer<Paragraph> sink) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        Map<String, String> fields = new LinkedHashMap<>();
        String currentName = null;
        StringBuilder currentValue = null;
        boolean skipping = false;
        int lineNumber = 0;
        int paragraphLine = 0;
        boolean inParagraph = false;
        Set<String> seen = new HashSet<>();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                    line = line.substring(0, line.length() - 1);
                }
                if (line.isBlank()) {
                    inParagraph = false;
                    skipping = false;
                    if (currentName != null) {
                        fields.put(currentName, currentValue.toString());
                        currentName = null;
                    }
                    if (!fields.isEmpty()) {
                        sink.accept(new Paragraph(fields, source, paragraphLine));
                        fields = new LinkedHashMap<>();
                    }
                    seen.clear();
                    continue;
                }
                char first = line.charAt(0);
                if (first == '#') {
                    continue;
                }
                if (first == ' ' || first == '\t') {
                    if (skipping) {
                        continue;
                    }
                    if (currentName == null) {
                        throw new DistillException(source + ":" + lineNumber
                                + ": continuation line without a field before it");
                    }
                    currentValue.append('\n').append(line);
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !isFieldName(line, colon)) {
                    throw new DistillException(source + ":" + lineNumber + ": not a 'Field: value' line: "
                            + abbreviate(line));
                }
                if (currentName != null) {
                    fields.put(currentName, currentValue.toString());
                    currentName = null;
                }
                if (fields.isEmpty() && !inParagraph) {
                    paragraphLine = lineNumber;
                }
                inParagraph = true;
                String name = line.substring(0, colon);
                skipping = keep != null && !keep.contains(name.toLowerCase(Locale.ROOT));
                if (skipping) {
                    continue;
                }
                currentName = name;
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw new DistillException(source + ":" + lineNumber + ": field " + currentName
                            + " appears twice in one paragraph");
                }
                currentValue = new StringBuilder(line.length() - colon).append(line.substring(colon + 1).strip());
            }
            if (currentName != null) {
                fields.put(currentName, currentValue.toString());
            }
            if (!fields.isEmpty()) {
                sink.accept(new Paragraph(fields, source, paragraphLine));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** A field's value with continuation lines joined by single spaces: for relation and list fields. */
    public static String joined(String value) {
        if (value == null || value.indexOf('\n') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (String part : value.split("\n")) {
            String stripped = part.strip();
            if (!stripped.isEmpty()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(stripped);
            }
        }
        return out.toString();
    }

    private static boolean isFieldName(String line, int colon) {
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
