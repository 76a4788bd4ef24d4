package dev.distill.vuln;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.distill.common.DistillException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the Debian security tracker's JSON export, {@code {source: {CVE: {description, releases: {codename:
 * {status, fixed_version, urgency, nodsa, nodsa_reason}}}}}}, one source package at a time (the file is large).
 *
 * <p>Per release: {@code resolved} with {@code fixed_version} "0" means not affected and is dropped;
 * {@code resolved} with a version is fixed there; {@code open} is unfixed, and "won't fix" when the entry carries
 * {@code nodsa}/{@code nodsa_reason} (no-dsa, ignored, postponed), "end of life" when its urgency is
 * {@code end-of-life}; {@code undetermined} is dropped, as grype and trivy both do.
 */
public final class TrackerJson {
    public static final String ORIGIN = "debian-tracker";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private TrackerJson() {
    }

    public static void read(Path file, Consumer<Advisory> sink) {
        try (InputStream in = Files.newInputStream(file)) {
            read(in, file.toString(), sink);
        } catch (IOException e) {
            throw new DistillException("cannot read the Debian security tracker data " + file + ": " + e.getMessage(), e);
        }
    }

    public static void read(InputStream in, String what, Consumer<Advisory> sink) throws IOException {
        try (JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DistillException(what + " is not the Debian security tracker's JSON (no top-level object)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String source = parser.currentName();
                parser.nextToken();
                JsonNode vulnerabilities = MAPPER.readTree(parser);
                if (vulnerabilities != null && vulnerabilities.isObject()) {
                    sourcePackage(source, vulnerabilities, sink);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DistillException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void sourcePackage(String source, JsonNode vulnerabilities, Consumer<Advisory> sink) {
        for (Iterator<Map.Entry<String, JsonNode>> it = vulnerabilities.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> vulnerability = it.next();
            String id = vulnerability.getKey();
            JsonNode releases = vulnerability.getValue().path("releases");
            String description = text(vulnerability.getValue(), "description");
            for (Iterator<Map.Entry<String, JsonNode>> r = releases.fields(); r.hasNext(); ) {
                Map.Entry<String, JsonNode> release = r.next();
                Advisory advisory = advisory(id, source, release.getKey(), release.getValue(), description);
                if (advisory != null) {
                    sink.accept(advisory);
                }
            }
        }
    }

    private static Advisory advisory(String id, String source, String release, JsonNode entry, String description) {
        String status = text(entry, "status");
        String fixedVersion = text(entry, "fixed_version");
        String urgency = text(entry, "urgency");
        Severity severity = Severity.ofUrgency(urgency);
        Severity known = severity == null ? Severity.UNKNOWN : severity;
        List<Advisory.Range> ranges = new ArrayList<>();
        FixState state;
        String reason = null;
        if ("resolved".equals(status)) {
            if (fixedVersion == null || fixedVersion.equals("0")) {
                return null;
            }
            ranges.add(new Advisory.Range("0", fixedVersion, null));
            state = FixState.FIXED;
        } else if ("open".equals(status)) {
            ranges.add(new Advisory.Range("0", null, null));
            if (urgency != null && urgency.strip().equals("end-of-life")) {
                state = FixState.END_OF_LIFE;
            } else if (entry.has("nodsa") || entry.has("nodsa_reason")) {
                state = FixState.WONT_FIX;
                String nodsaReason = text(entry, "nodsa_reason");
                reason = nodsaReason == null || nodsaReason.isBlank() ? "no-dsa" : nodsaReason;
            } else {
                state = FixState.NOT_FIXED;
            }
        } else {
            return null;
        }
        return new Advisory(id, List.of(), release, source, ranges, state, reason, urgency, known,
                description, ORIGIN);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
