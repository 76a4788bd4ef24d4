package dev.distill.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.distill.common.DistillException;
import dev.distill.sbom.OperatingSystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads OSV records for Debian: the {@code all.zip} dump, or a directory of OSV JSON files. Only
 * {@code affected} entries whose ecosystem is {@code Debian:N} count; the package name there is the source
 * package. {@code ECOSYSTEM} range events (introduced, fixed, last_affected) are kept in order; a range with a fix
 * is fixed, one without is open. Severity comes from a Debian urgency in {@code ecosystem_specific} or
 * {@code database_specific} when there is one, else from a CVSS v3 vector. {@code DEBIAN-CVE-…} records are
 * reported under their CVE id.
 */
public final class OsvDump {
    public static final String ORIGIN = "osv";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private OsvDump() {
    }

    /** Reads a zip file or a directory (searched recursively for {@code *.json}). */
    public static void read(Path path, Consumer<Advisory> sink) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            record(in.readAllBytes(), file.toString(), sink);
                        }
                    }
                }
            } else {
                try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(path))) {
                    ZipEntry entry;
                    while ((entry = zip.getNextEntry()) != null) {
                        if (!entry.isDirectory() && entry.getName().endsWith(".json")) {
                            record(zip.readAllBytes(), path + "!" + entry.getName(), sink);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new DistillException("cannot read OSV data " + path + ": " + e.getMessage(), e);
        }
    }

    static void record(byte[] json, String what, Consumer<Advisory> sink) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new DistillException(what + " is not valid JSON: " + e.getMessage(), e);
        }
        String recordId = root.path("id").asText(null);
        if (recordId == null) {
            throw new DistillException(what + " is not an OSV record (no id)");
        }
        Set<String> ids = new LinkedHashSet<>();
        root.path("upstream").forEach(n -> ids.add(n.asText()));
        root.path("aliases").forEach(n -> ids.add(n.asText()));
        root.path("related").forEach(n -> ids.add(n.asText()));
        String id = recordId;
        if (recordId.startsWith("DEBIAN-CVE-")) {
            id = recordId.substring("DEBIAN-".length());
        }
        ids.remove(id);
        if (!id.equals(recordId)) {
            ids.add(recordId);
        }
        String description = root.path("summary").asText(root.path("details").asText(null));
        Severity cvss = cvssSeverity(root.path("severity"));
        for (JsonNode affected : root.path("affected")) {
            String ecosystem = affected.path("package").path("ecosystem").asText("");
            String source = affected.path("package").path("name").asText(null);
            if (!ecosystem.startsWith("Debian:") || source == null) {
                continue;
            }
            String release = OperatingSystem.codenameOf(ecosystem.substring("Debian:".length()));
            if (release == null) {
                continue;
            }
            List<Advisory.Range> ranges = ranges(affected);
            if (ranges.isEmpty()) {
                continue;
            }
            String urgency = affected.path("ecosystem_specific").path("urgency")
                    .asText(affected.path("database_specific").path("urgency").asText(null));
            Severity severity = Severity.ofUrgency(urgency);
            Severity affectedCvss = cvssSeverity(affected.path("severity"));
            if (severity == null) {
                severity = affectedCvss != null ? affectedCvss : cvss != null ? cvss : Severity.UNKNOWN;
            }
            boolean fixed = ranges.stream().anyMatch(r -> r.fixed() != null);
            FixState state = fixed ? FixState.FIXED
                    : urgency != null && urgency.strip().equals("end-of-life") ? FixState.END_OF_LIFE
                    : FixState.NOT_FIXED;
            sink.accept(new Advisory(id, List.copyOf(ids), release, source, ranges, state, null, urgency, severity,
                    description, ORIGIN));
        }
    }

    private static List<Advisory.Range> ranges(JsonNode affected) {
        List<Advisory.Range> ranges = new ArrayList<>();
        for (JsonNode range : affected.path("ranges")) {
            if (!"ECOSYSTEM".equals(range.path("type").asText())) {
                continue;
            }
            String introduced = null;
            for (JsonNode event : range.path("events")) {
                if (event.has("introduced")) {
                    if (introduced != null) {
                        ranges.add(new Advisory.Range(introduced, null, null));
                    }
                    introduced = event.get("introduced").asText();
                } else if (event.has("fixed") && introduced != null) {
                    String fixed = event.get("fixed").asText();
                    if (!fixed.equals("0")) {
                        ranges.add(new Advisory.Range(introduced, fixed, null));
                    }
                    introduced = null;
                } else if (event.has("last_affected") && introduced != null) {
                    ranges.add(new Advisory.Range(introduced, null, event.get("last_affected").asText()));
                    introduced = null;
                }
            }
            if (introduced != null) {
                ranges.add(new Advisory.Range(introduced, null, null));
            }
        }
        if (ranges.isEmpty()) {
            for (JsonNode version : affected.path("versions")) {
                ranges.add(new Advisory.Range(version.asText(), null, version.asText()));
            }
        }
        return ranges;
    }

    private static Severity cvssSeverity(JsonNode severities) {
        Severity worst = null;
        for (JsonNode severity : severities) {
            if (severity.path("type").asText().startsWith("CVSS_V3")) {
                OptionalDouble score = CvssV3.baseScore(severity.path("score").asText());
                if (score.isPresent()) {
                    Severity s = Severity.ofCvssScore(score.getAsDouble());
                    worst = worst == null || s.compareTo(worst) > 0 ? s : worst;
                }
            }
        }
        return worst;
    }
}
