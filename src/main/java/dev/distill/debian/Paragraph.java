package dev.distill.debian;

import dev.distill.common.DistillException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One deb822 paragraph (stanza). Field names are matched case-insensitively and keep their original spelling and
 * order. A multi-line value keeps its continuation lines as written (each after a newline, with its leading
 * space), so writing {@code Name: value} back reproduces the field.
 */
public final class Paragraph {
    private final Map<String, String> fields;
    private final Map<String, String> names;
    private final String source;
    private final int line;

    public Paragraph(Map<String, String> fieldsInOrder, String source, int line) {
        this.fields = new LinkedHashMap<>();
        this.names = new LinkedHashMap<>();
        for (var e : fieldsInOrder.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            fields.put(key, e.getValue());
            names.put(key, e.getKey());
        }
        this.source = source;
        this.line = line;
    }

    /** The value of a field, or null. */
    public String get(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** The value of a field that must be there; a clear error naming the file and line otherwise. */
    public String require(String name) {
        String value = get(name);
        if (value == null || value.isBlank()) {
            throw new DistillException(where() + ": missing field " + name);
        }
        return value;
    }

    public boolean has(String name) {
        return fields.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Field names as written, in order. */
    public List<String> fieldNames() {
        return Collections.unmodifiableList(new ArrayList<>(names.values()));
    }

    /** Fields as written, in order. */
    public Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : fields.entrySet()) {
            out.put(names.get(e.getKey()), e.getValue());
        }
        return out;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    /** "file:line", for messages. */
    public String where() {
        return source + ":" + line;
    }

    /** The paragraph in deb822 form, ending with a newline. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (var e : fields.entrySet()) {
            String value = e.getValue();
            out.append(names.get(e.getKey())).append(':');
            if (!value.isEmpty() && !value.startsWith("\n")) {
                out.append(' ');
            }
            out.append(value).append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return where() + " " + fields;
    }
}
