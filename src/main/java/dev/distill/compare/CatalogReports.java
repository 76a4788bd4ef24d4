package dev.distill.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill.oci.OciJson;
import dev.distill.oci.Platform;
import dev.distill.spec.ImageSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link CatalogReport} as a text table, Markdown (the README's catalog table), JSON with exact byte
 * counts, or one self-contained HTML page. Sizes are compressed sizes, in decimal megabytes with one decimal.
 */
public final class CatalogReports {
    private static final List<String> COLUMNS = List.of("pair", "runtime image", "size", "packages", "dev image",
            "size", "packages", "layers shared");
    private static final List<String> SCAN_COLUMNS = List.of("runtime vulnerabilities", "dev vulnerabilities");

    private CatalogReports() {
    }

    /** {@code distill catalog list}: each pair's spec name, image names and architectures, in aligned columns. */
    public static String list(List<ImageSpec> specs) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("PAIR", "RUNTIME", "DEV", "ARCHS"));
        for (ImageSpec spec : specs) {
            rows.add(List.of(spec.name(), spec.runtimeRef(), spec.devRef(), String.join(", ", spec.archs())));
        }
        return aligned(rows);
    }

    /** The header row, then one row per pair. */
    static List<List<String>> rows(CatalogReport report) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(COLUMNS);
        if (report.databaseNote() == null) {
            header.addAll(SCAN_COLUMNS);
        }
        rows.add(header);
        for (CatalogReport.Row r : report.rows()) {
            List<String> row = new ArrayList<>(List.of(r.pair(), r.runtime().name(), megabytes(r.runtime()),
                    Integer.toString(r.runtime().packageCount()), r.dev().name(), megabytes(r.dev()),
                    Integer.toString(r.dev().packageCount()),
                    r.comparison().sharedLayers() + " of " + r.dev().layers().size()));
            if (report.databaseNote() == null) {
                row.add(ComparisonReports.vulnerabilities(r.runtime().scan(), null));
                row.add(ComparisonReports.vulnerabilities(r.dev().scan(), null));
            }
            rows.add(row);
        }
        return rows;
    }

    public static String text(CatalogReport report) {
        return summary(report) + "\n\n" + aligned(rows(report));
    }

    /** Columns padded to their widest cell; cells starting with a digit (after the first column) align right. */
    private static String aligned(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean number = i > 0 && !cell.isEmpty() && Character.isDigit(cell.charAt(0));
                line.append(String.format(Locale.ROOT, "%" + (number ? "" : "-") + widths[i] + "s  ", cell));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public static String markdown(CatalogReport report) {
        List<List<String>> rows = rows(report);
        StringBuilder out = new StringBuilder(summary(report)).append("\n\n");
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            out.append('|');
            for (int i = 0; i < row.size(); i++) {
                String cell = ComparisonReports.escape(row.get(i));
                boolean image = r > 0 && (i == 1 || i == 4);
                out.append(' ').append(image ? "`" + cell + "`" : cell).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (int i = 0; i < row.size(); i++) {
                    out.append(i == 0 || i == 1 || i == 4 ? " --- |" : " ---: |");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    public static byte[] json(CatalogReport report) {
        ObjectNode root = OciJson.mapper().createObjectNode();
        root.put("arch", report.arch());
        root.put("database", report.databaseNote());
        ArrayNode pairs = root.putArray("pairs");
        for (CatalogReport.Row r : report.rows()) {
            ObjectNode pair = pairs.addObject();
            pair.put("pair", r.pair());
            ComparisonReports.facts(pair.putObject("runtime"), r.runtime());
            ComparisonReports.facts(pair.putObject("dev"), r.dev());
            pair.put("sharedLayers", r.comparison().sharedLayers());
            pair.put("devAddsBytes", r.comparison().addedBytes());
        }
        return ComparisonReports.pretty(root);
    }

    /** The table, with each compressed size drawn as a bar scaled to the largest image of the catalog. */
    public static String html(CatalogReport report) {
        List<List<String>> rows = rows(report);
        long largest = Math.max(1, report.rows().stream().mapToLong(r -> r.dev().compressedSize()).max().orElse(1));
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Distill catalog (")
                .append(ComparisonPage.escape(report.arch())).append(")</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#111;background:#fff}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.35em .7em;")
                .append("text-align:left;vertical-align:top}th{background:#f3f4f6}.bar{height:.5em;margin-top:.25em}")
                .append(".runtime{background:").append(ComparisonReports.COLOR_A).append("}.dev{background:")
                .append(ComparisonReports.COLOR_B).append("}\n</style>\n</head>\n<body>\n<h1>Distill catalog</h1>\n<p>")
                .append(ComparisonPage.escape(summary(report))).append("</p>\n<table>\n<tr>");
        rows.get(0).forEach(h -> out.append("<th>").append(ComparisonPage.escape(h)).append("</th>"));
        out.append("</tr>\n");
        for (int r = 1; r < rows.size(); r++) {
            CatalogReport.Row pair = report.rows().get(r - 1);
            List<String> row = rows.get(r);
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append("<td>").append(ComparisonPage.escape(row.get(i)));
                if (i == 2 || i == 5) {
                    long bytes = i == 2 ? pair.runtime().compressedSize() : pair.dev().compressedSize();
                    out.append(String.format(Locale.ROOT, "<div class=\"bar %s\" style=\"width:%.1fem\"></div>",
                            i == 2 ? "runtime" : "dev", Math.max(0.1, 12.0 * bytes / largest)));
                }
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n</body>\n</html>\n").toString();
    }

    private static String summary(CatalogReport report) {
        String scan = report.databaseNote() == null
                ? " Vulnerabilities: critical/high/medium/low/negligible; how many have a fix." : "";
        return "Every pair of the catalog for " + Platform.ofDebianArch(report.arch()) + ": the compressed size (the"
                + " sum of the layer blobs) and the packages (as the SBOM lists them) of the runtime image and of its"
                + " dev image, and how many of the dev image's layers are the runtime image's." + scan;
    }

    private static String megabytes(ImageFacts facts) {
        return String.format(Locale.ROOT, "%.1f MB", facts.compressedSize() / 1e6);
    }
}
