package dev.distill.debian;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host's apt sources: deb822 {@code /etc/apt/sources.list.d/*.sources} and one-line {@code sources.list} /
 * {@code sources.list.d/*.list} entries. Only {@code deb} entries over http(s) are kept.
 */
public final class AptSources {
    /** One source entry: where it was read, its URI and suites. */
    public record Entry(URI uri, List<String> suites, List<String> components, String origin) {
        boolean isSecurity() {
            return suites.stream().anyMatch(s -> s.endsWith("-security") || s.endsWith("/updates"));
        }
    }

    private AptSources() {
    }

    /** Reads the sources under an apt configuration directory (normally {@code /etc/apt}). */
    public static List<Entry> read(Path etcApt) {
        List<Entry> entries = new ArrayList<>();
        Path list = etcApt.resolve("sources.list");
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".sources")) {
                        entries.addAll(readDeb822(f));
                    } else if (name.endsWith(".list")) {
                        entries.addAll(readOneLine(f));
                    }
                }
            } catch (IOException e) {
                throw new DistillException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        if (Files.isRegularFile(list)) {
            entries.addAll(readOneLine(list));
        }
        return entries;
    }

    static List<Entry> readDeb822(Path file) {
        List<Entry> entries = new ArrayList<>();
        for (Paragraph p : Deb822.parse(readString(file), file.toString())) {
            if ("no".equalsIgnoreCase(p.get("Enabled", "yes").strip())) {
                continue;
            }
            List<String> types = words(p.get("Types", ""));
            if (!types.contains("deb")) {
                continue;
            }
            List<String> suites = words(p.get("Suites", ""));
            List<String> components = words(p.get("Components", ""));
            for (String uri : words(p.get("URIs", ""))) {
                if (uri.startsWith("http://") || uri.startsWith("https://")) {
                    entries.add(new Entry(normalize(uri), suites, components, p.where()));
                }
            }
        }
        return entries;
    }

    static List<Entry> readOneLine(Path file) {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = readString(file).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.replaceAll("\\[[^]]*]", " ").strip();
            List<String> words = words(line);
            if (words.size() < 3 || !words.get(0).equals("deb")) {
                continue;
            }
            String uri = words.get(1);
            if (uri.startsWith("http://") || uri.startsWith("https://")) {
                entries.add(new Entry(normalize(uri), List.of(words.get(2)), words.subList(3, words.size()),
                        file + ":" + (i + 1)));
            }
        }
        return entries;
    }

    private static URI normalize(String uri) {
        String u = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return URI.create(u);
    }

    private static List<String> words(String value) {
        String v = Deb822.joined(value).strip();
        return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DistillException("cannot read apt sources " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first non-security entry. */
    static Entry mainEntry(List<Entry> entries) {
        return entries.stream().filter(e -> !e.isSecurity()).findFirst().orElse(null);
    }

    /** The first security entry. */
    static Entry securityEntry(List<Entry> entries) {
        return entries.stream().filter(Entry::isSecurity).findFirst().orElse(null);
    }
}
