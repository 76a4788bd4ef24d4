package dev.distill.lock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;
import dev.distill.common.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes lock files. The format is pretty JSON with one package per line, in a stable order, so a lock
 * diff reads like a changelog: one line per package that changed.
 */
public final class LockFile {
    private static final JsonFactory FACTORY = new JsonFactory();

    private LockFile() {
    }

    public static String format(Lock lock) {
        StringBuilder out = new StringBuilder();
        out.append("{\n");
        out.append("  \"lockVersion\": ").append(lock.lockVersion()).append(",\n");
        out.append("  \"spec\": ").append(json(lock.spec())).append(",\n");
        out.append("  \"specDigest\": ").append(json(lock.specDigest())).append(",\n");
        out.append("  \"distro\": ").append(json(lock.distro())).append(",\n");
        out.append("  \"suites\": [\n");
        appendLines(out, lock.suites());
        out.append("  ],\n");
        out.append("  \"packages\": {\n");
        appendPerArch(out, lock.packages());
        out.append("  },\n");
        out.append("  \"dropped\": {\n");
        appendPerArch(out, lock.dropped());
        out.append("  }\n");
        out.append("}\n");
        return out.toString();
    }

    public static void write(Lock lock, Path file) {
        AtomicFiles.write(file, format(lock).getBytes(StandardCharsets.UTF_8));
    }

    public static Lock read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new DistillException("cannot read lock file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a lock, strictly: an unknown key or a value of the wrong type is an error naming its line. It is read
     * with jackson-core's streaming parser rather than a mapper: a build reads its lock before anything else can
     * start, and setting up a mapper and its record deserializers took longer than the parse itself.
     */
    public static Lock parse(String text, String source) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            Lock lock = new Reader(parser).lock();
            if (lock.lockVersion() != Lock.VERSION) {
                throw new DistillException(source + ": lock version " + lock.lockVersion() + " is not supported (this "
                        + "Distill reads version " + Lock.VERSION + "); run distill lock again");
            }
            return lock;
        } catch (JsonProcessingException e) {
            throw new DistillException(source + ":" + e.getLocation().getLineNr() + ": not a valid lock file: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DistillException(source + ": not a valid lock file: " + e.getMessage(), e);
        }
    }

    private static final class Reader {
        private final JsonParser parser;

        Reader(JsonParser parser) {
            this.parser = parser;
        }

        Lock lock() throws IOException {
            int version = 0;
            String spec = null;
            String specDigest = null;
            String distro = null;
            List<Lock.Suite> suites = null;
            Map<String, List<Lock.Package>> packages = null;
            Map<String, List<Lock.Dropped>> dropped = Map.of();
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the lock");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "lockVersion" -> {
                        expect(value, JsonToken.VALUE_NUMBER_INT, field);
                        version = parser.getIntValue();
                    }
                    case "spec" -> spec = text(value, field);
                    case "specDigest" -> specDigest = text(value, field);
                    case "distro" -> distro = text(value, field);
                    case "suites" -> suites = list(value, field, this::suite);
                    case "packages" -> packages = perArch(value, field, this::lockedPackage);
                    case "dropped" -> dropped = perArch(value, field, this::dropped);
                    default -> throw error("unknown key '" + field + "'");
                }
            }
            if (suites == null || packages == null) {
                throw error("missing '" + (suites == null ? "suites" : "packages") + "'");
            }
            return new Lock(version, spec, specDigest, distro, suites, packages, dropped);
        }

        private Lock.Suite suite(String where) throws IOException {
            Map<String, String> f = fields(where, Set.of("name", "archive", "inRelease", "date"), Set.of());
            return new Lock.Suite(f.get("name"), f.get("archive"), f.get("inRelease"), f.get("date"));
        }

        private Lock.Package lockedPackage(String where) throws IOException {
            Map<String, String> f = fields(where, Set.of("name", "version", "arch", "source", "sourceVersion", "suite",
                    "filename", "sha256", "side"), Set.of("size"));
            return new Lock.Package(f.get("name"), f.get("version"), f.get("arch"), f.get("source"),
                    f.get("sourceVersion"), f.get("suite"), f.get("filename"),
                    f.get("size") == null ? 0 : Long.parseLong(f.get("size")), f.get("sha256"), f.get("side"));
        }

        private Lock.Dropped dropped(String where) throws IOException {
            Map<String, String> f = fields(where, Set.of("side", "from", "dependency", "excluded"), Set.of());
            return new Lock.Dropped(f.get("side"), f.get("from"), f.get("dependency"), f.get("excluded"));
        }

        /** An object's fields: each a string of {@code texts} or a whole number of {@code numbers}, or null. */
        private Map<String, String> fields(String where, Set<String> texts, Set<String> numbers) throws IOException {
            expect(parser.currentToken(), JsonToken.START_OBJECT, where);
            Map<String, String> values = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (texts.contains(field)) {
                    values.put(field, text(value, where + "." + field));
                } else if (numbers.contains(field)) {
                    if (value != JsonToken.VALUE_NULL) {
                        expect(value, JsonToken.VALUE_NUMBER_INT, where + "." + field);
                        values.put(field, Long.toString(parser.getLongValue()));
                    }
                } else {
                    throw error(where + ": unknown key '" + field + "'");
                }
            }
            return values;
        }

        private <T> List<T> list(JsonToken token, String where, Item<T> item) throws IOException {
            expect(token, JsonToken.START_ARRAY, where);
            List<T> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(item.read(where + "[" + items.size() + "]"));
            }
            return items;
        }

        private <T> Map<String, List<T>> perArch(JsonToken token, String where, Item<T> item) throws IOException {
            expect(token, JsonToken.START_OBJECT, where);
            Map<String, List<T>> perArch = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String arch = parser.currentName();
                perArch.put(arch, list(parser.nextToken(), where + "." + arch, item));
            }
            return perArch;
        }

        private String text(JsonToken token, String where) throws IOException {
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(token, JsonToken.VALUE_STRING, where);
            return parser.getText();
        }

        private void expect(JsonToken token, JsonToken wanted, String where) throws JsonParseException {
            if (token != wanted) {
                throw error(where + ": expected " + describe(wanted) + ", found " + describe(token));
            }
        }

        private JsonParseException error(String message) {
            return new JsonParseException(parser, message);
        }

        private static String describe(JsonToken token) {
            if (token == null) {
                return "the end of the file";
            }
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case END_OBJECT -> "the end of an object";
                case END_ARRAY -> "the end of a list";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "a whole number";
                case VALUE_NUMBER_FLOAT -> "a number with a fraction";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> token.name();
            };
        }
    }

    @FunctionalInterface
    private interface Item<T> {
        T read(String where) throws IOException;
    }

    private static <T> void appendPerArch(StringBuilder out, Map<String, List<T>> perArch) {
        int archIndex = 0;
        for (var entry : perArch.entrySet()) {
            out.append("    ").append(json(entry.getKey())).append(": [\n");
            List<T> items = entry.getValue();
            for (int i = 0; i < items.size(); i++) {
                out.append("      ").append(json(items.get(i))).append(i + 1 < items.size() ? ",\n" : "\n");
            }
            out.append("    ]").append(++archIndex < perArch.size() ? ",\n" : "\n");
        }
    }

    private static <T> void appendLines(StringBuilder out, List<T> items) {
        for (int i = 0; i < items.size(); i++) {
            out.append("    ").append(json(items.get(i))).append(i + 1 < items.size() ? ",\n" : "\n");
        }
    }

    /** Compact JSON on one line, with a space after each colon and comma for readability. */
    private static final MinimalPrettyPrinter ONE_LINE = new MinimalPrettyPrinter() {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    };

    private static String json(Object value) {
        try {
            return Json.mapper().writer(ONE_LINE).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write lock value " + value, e);
        }
    }
}
