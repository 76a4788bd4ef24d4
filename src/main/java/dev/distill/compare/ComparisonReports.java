package dev.distill.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill.oci.OciJson;
import dev.distill.vuln.ScanResult;
import dev.distill.vuln.Severity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link Comparison} as a text table, Markdown, JSON, or one self-contained HTML page with a bar chart. */
public final class ComparisonReports {
    /** The severities counted in the table, highest first. */
    private static final List<Severity> COUNTED = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM,
            Severity.LOW, Severity.NEGLIGIBLE);
    static final String COLOR_A = "#2563eb";
    static final String COLOR_B = "#ea580c";

    private ComparisonReports() {
    }

    /** The rows of the comparison table: label, then the value for A and for B. */
    static List<String[]> rows(Comparison c) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", c.a().name(), c.b().name()});
        rows.add(new String[] {"compressed size", size(c.a().compressedSize()), size(c.b().compressedSize())});
        rows.add(new String[] {"SBOM packages", Integer.toString(c.a().packageCount()),
            Integer.toString(c.b().packageCount())});
        rows.add(new String[] {"vulnerabilities (critical/high/medium/low/negligible; fixable)",
            vulnerabilities(c.a().scan(), c.databaseNote()), vulnerabilities(c.b().scan(), c.databaseNote())});
        rows.add(new String[] {"shell / package manager", presence(c.a()), presence(c.b())});
        rows.add(new String[] {"layers shared", c.sharedLayers() + " of " + c.a().layers().size(),
            c.sharedLayers() + " of " + c.b().layers().size()});
        return rows;
    }

    /** The table and one line on what B adds, without the per-package list (printed at the end of a build). */
    public static String summary(Comparison c) {
        return table(c) + '\n' + addedHeading(c) + " (distill compare lists them)\n";
    }

    public static String text(Comparison c) {
        StringBuilder out = new StringBuilder(table(c));
        out.append('\n').append(addedHeading(c)).append('\n');
        for (ImageFacts.PackageSize p : c.added()) {
            out.append(String.format(Locale.ROOT, "  %-40s %-30s %s%n", p.name(), p.version(), packageSize(p)));
        }
        return out.toString();
    }

    private static String table(Comparison c) {
        List<String[]> rows = rows(c);
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < 3; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            out.append(String.format(Locale.ROOT, "%-" + widths[0] + "s  %-" + widths[1] + "s  %s", row[0], row[1],
                    row[2]).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public static String markdown(Comparison c) {
        List<String[]> rows = rows(c);
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            out.append("| ").append(escape(row[0])).append(" | ").append(escape(row[1])).append(" | ")
                    .append(escape(row[2])).append(" |\n");
            if (r == 0) {
                out.append("| --- | --- | --- |\n");
            }
        }
        out.append("\n**").append(escape(addedHeading(c))).append("**\n\n");
        if (!c.added().isEmpty()) {
            out.append("| package | version | size |\n| --- | --- | --- |\n");
            for (ImageFacts.PackageSize p : c.added()) {
                out.append("| ").append(escape(p.name())).append(" | ").append(escape(p.version())).append(" | ")
                        .append(packageSize(p)).append(" |\n");
            }
        }
        return out.toString();
    }

    public static byte[] json(Comparison c) {
        ObjectNode root = OciJson.mapper().createObjectNode();
        facts(root.putObject("a"), c.a());
        facts(root.putObject("b"), c.b());
        root.put("sharedLayers", c.sharedLayers());
        root.put("database", c.databaseNote());
        root.put("addedBytes", c.addedBytes());
        ArrayNode added = root.putArray("added");
        for (ImageFacts.PackageSize p : c.added()) {
            ObjectNode node = added.addObject();
            node.put("name", p.name());
            node.put("version", p.version());
            node.put("arch", p.arch());
            node.put("bytes", p.bytes());
            node.put("sizeFrom", p.fromFiles() ? "files" : "installed-size");
        }
        return pretty(root);
    }

    /** Indented JSON with a final newline. */
    static byte[] pretty(ObjectNode root) {
        try {
            return (OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String html(Comparison c) {
        return new ComparisonPage(c).render();
    }

    static void facts(ObjectNode node, ImageFacts facts) {
        node.put("name", facts.name());
        node.put("arch", facts.arch());
        node.put("digest", facts.manifestDigest().toString());
        node.put("compressedSize", facts.compressedSize());
        node.put("layers", facts.layers().size());
        node.put("packages", facts.packageCount());
        node.put("shell", facts.hasShell());
        ArrayNode shells = node.putArray("shells");
        facts.shells().forEach(shells::add);
        node.put("packageManager", facts.hasPackageManager());
        ArrayNode managers = node.putArray("packageManagers");
        facts.packageManagers().forEach(managers::add);
        ScanResult scan = facts.scan();
        if (scan == null) {
            node.putNull("vulnerabilities");
        } else {
            ObjectNode vulnerabilities = node.putObject("vulnerabilities");
            Map<Severity, Integer> counts = scan.countsBySeverity();
            for (Severity severity : COUNTED) {
                vulnerabilities.put(severity.toString(), counts.get(severity));
            }
            vulnerabilities.put("unknown", counts.get(Severity.UNKNOWN));
            vulnerabilities.put("total", scan.findings().size());
            vulnerabilities.put("fixable", scan.fixable());
        }
    }

    static String addedHeading(Comparison c) {
        return "What " + c.b().name() + " adds: " + c.added().size() + " packages, " + size(c.addedBytes());
    }

    /** "12.35 MB (12345678 bytes)": rounded for reading, exact for checking. */
    static String size(long bytes) {
        return human(bytes) + " (" + bytes + " bytes)";
    }

    /** Decimal units, as registries show image sizes: "1.9 kB", "12.35 MB". */
    static String human(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    static String packageSize(ImageFacts.PackageSize p) {
        return String.format(Locale.ROOT, "%.1f kB%s", p.bytes() / 1e3, p.fromFiles() ? "" : " (Installed-Size)");
    }

    static String vulnerabilities(ScanResult scan, String note) {
        if (scan == null) {
            return note;
        }
        Map<Severity, Integer> counts = scan.countsBySeverity();
        List<String> parts = new ArrayList<>();
        for (Severity severity : COUNTED) {
            parts.add(Integer.toString(counts.get(severity)));
        }
        return String.join("/", parts) + "; " + scan.fixable() + " fixable";
    }

    private static String presence(ImageFacts facts) {
        return (facts.hasShell() ? "yes (" + String.join(", ", facts.shells()) + ")" : "no") + " / "
                + (facts.hasPackageManager() ? "yes (" + String.join(", ", facts.packageManagers()) + ")" : "no");
    }

    static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
