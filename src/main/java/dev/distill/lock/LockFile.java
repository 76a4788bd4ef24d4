package dev.distill.lock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;
import dev.distill.common.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes lock files. The format is pretty JSON with one package per line, in a stable order, so a lock
 * diff reads like a changelog: one line per package that changed.
 */
public final class LockFile {
    private static final ObjectMapper JSON = Json.mapper();

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

    public static Lock parse(String text, String source) {
        try {
            Lock lock = JSON.readerFor(Lock.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(text);
            if (lock.lockVersion() != Lock.VERSION) {
                throw new DistillException(source + ": lock version " + lock.lockVersion() + " is not supported (this "
                        + "Distill reads version " + Lock.VERSION + "); run distill lock again");
            }
            return lock;
        } catch (JsonProcessingException e) {
            throw new DistillException(source + ":" + e.getLocation().getLineNr() + ": not a valid lock file: "
                    + e.getOriginalMessage());
        }
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
            return JSON.writer(ONE_LINE).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write lock value " + value, e);
        }
    }
}
