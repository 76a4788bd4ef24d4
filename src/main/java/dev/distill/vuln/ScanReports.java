package dev.distill.vuln;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill.oci.OciJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link ScanResult} as a text table, JSON, or SARIF 2.1.0 (for code-scanning dashboards). */
public final class ScanReports {
    private ScanReports() {
    }

    public static String table(ScanResult result) {
        StringBuilder out = new StringBuilder();
        out.append(result.image()).append(" (").append(result.arch()).append(", ")
                .append(result.os().prettyName() != null ? result.os().prettyName() : result.os().id()).append("): ")
                .append(result.packages()).append(" packages, ").append(result.findings().size())
                .append(" vulnerabilities (").append(summary(result)).append(")\n");
        if (result.findings().isEmpty()) {
            return out.toString();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VULNERABILITY", "SEVERITY", "PACKAGE", "SOURCE", "INSTALLED", "FIXED IN", "STATUS"});
        for (Finding f : result.findings()) {
            rows.add(new String[] {f.id(), f.severity().toString(), f.packageName(), f.sourceName(),
                f.installedVersion(), f.fixedVersion() == null ? "" : f.fixedVersion(), f.statusText()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** "critical 0, high 1, medium 0, low 0, negligible 0, unknown 0; 1 fixable". */
    public static String summary(ScanResult result) {
        List<String> parts = new ArrayList<>();
        Map<Severity, Integer> counts = result.countsBySeverity();
        for (Severity severity : severitiesHighestFirst()) {
            parts.add(severity + " " + counts.get(severity));
        }
        return String.join(", ", parts) + "; " + result.fixable() + " fixable";
    }

    public static byte[] json(ScanResult result) {
        ObjectNode root = OciJson.mapper().createObjectNode();
        root.put("image", result.image());
        root.put("arch", result.arch());
        ObjectNode os = root.putObject("os");
        os.put("id", result.os().id());
        os.put("versionId", result.os().versionId());
        os.put("codename", result.os().codename());
        root.put("packages", result.packages());
        ObjectNode db = root.putObject("database");
        db.put("built", result.database().built());
        db.put("advisories", result.database().advisories());
        ObjectNode counts = root.putObject("counts");
        Map<Severity, Integer> bySeverity = result.countsBySeverity();
        for (Severity severity : severitiesHighestFirst()) {
            counts.put(severity.toString(), bySeverity.get(severity));
        }
        counts.put("total", result.findings().size());
        counts.put("fixable", result.fixable());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : result.findings()) {
            ObjectNode node = findings.addObject();
            node.put("id", f.id());
            ArrayNode aliases = node.putArray("aliases");
            f.aliases().forEach(aliases::add);
            node.put("severity", f.severity().toString());
            node.put("package", f.packageName());
            node.put("arch", f.arch());
            node.put("purl", f.purl());
            node.put("source", f.sourceName());
            node.put("installedVersion", f.installedVersion());
            node.put("sourceVersion", f.sourceVersion());
            node.put("fixedVersion", f.fixedVersion());
            node.put("status", f.state().id());
            node.put("reason", f.reason());
            node.put("urgency", f.urgency());
            node.put("description", f.description());
            node.put("dataSource", f.origin());
        }
        return pretty(root);
    }

    public static byte[] sarif(ScanResult result) {
        ObjectNode root = OciJson.mapper().createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "distill");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Finding> firstById = new LinkedHashMap<>();
        result.findings().forEach(f -> firstById.putIfAbsent(f.id(), f));
        List<String> ruleIds = new ArrayList<>(firstById.keySet());
        for (Finding f : firstById.values()) {
            ObjectNode rule = rules.addObject();
            rule.put("id", f.id());
            rule.put("name", f.id());
            rule.putObject("shortDescription").put("text", f.id() + " in " + f.sourceName());
            rule.putObject("fullDescription").put("text", f.description() == null ? f.id() : f.description());
            rule.put("helpUri", "https://security-tracker.debian.org/tracker/" + f.id());
            ObjectNode properties = rule.putObject("properties");
            properties.put("security-severity", securitySeverity(f.severity()));
            properties.putArray("tags").add("vulnerability").add("security").add(f.severity().toString());
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : result.findings()) {
            ObjectNode node = results.addObject();
            node.put("ruleId", f.id());
            node.put("ruleIndex", ruleIds.indexOf(f.id()));
            node.put("level", level(f.severity()));
            node.putObject("message").put("text", "Package " + f.packageName() + " " + f.installedVersion()
                    + " (source " + f.sourceName() + " " + f.sourceVersion() + ") is affected by " + f.id()
                    + " [" + f.severity() + "]; " + f.statusText()
                    + (f.fixedVersion() == null ? "" : ", fixed in " + f.fixedVersion()) + ".");
            ObjectNode location = node.putArray("locations").addObject();
            location.putObject("physicalLocation").putObject("artifactLocation")
                    .put("uri", result.image().replace(':', '/') + "/var/lib/dpkg");
            location.putArray("logicalLocations").addObject().put("name", f.purl())
                    .put("kind", "package");
        }
        return pretty(root);
    }

    private static List<Severity> severitiesHighestFirst() {
        List<Severity> order = new ArrayList<>(List.of(Severity.values()));
        order.remove(Severity.UNKNOWN);
        Collections.reverse(order);
        order.add(Severity.UNKNOWN);
        return order;
    }

    private static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "2.0";
            case NEGLIGIBLE, UNKNOWN -> "0.0";
        };
    }

    private static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    private static byte[] pretty(ObjectNode root) {
        try {
            return (OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
