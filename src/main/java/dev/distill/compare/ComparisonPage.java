package dev.distill.compare;

import dev.distill.vuln.ScanResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as one HTML page with no external resources: the table, an inline SVG bar chart (compressed
 * size, packages and vulnerabilities, each pair of bars scaled to the larger of the two) and what B adds.
 */
final class ComparisonPage {
    private static final int CHART_WIDTH = 760;
    private static final int BAR_HEIGHT = 26;
    private static final int LABEL_WIDTH = 190;

    private final Comparison c;

    ComparisonPage(Comparison c) {
        this.c = c;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(c.a().name() + " vs " + c.b().name())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#111;background:#fff}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.35em .7em;")
                .append("text-align:left}th{background:#f3f4f6}.a{color:").append(ComparisonReports.COLOR_A)
                .append("}.b{color:").append(ComparisonReports.COLOR_B).append("}\n</style>\n</head>\n<body>\n<h1>")
                .append(escape(c.a().name())).append(" vs ").append(escape(c.b().name())).append("</h1>\n");
        out.append(chart());
        out.append("<table>\n");
        List<String[]> rows = ComparisonReports.rows(c);
        for (int r = 0; r < rows.size(); r++) {
            String cell = r == 0 ? "th" : "td";
            out.append("<tr>");
            for (int i = 0; i < 3; i++) {
                String cls = r == 0 && i > 0 ? " class=\"" + (i == 1 ? "a" : "b") + "\"" : "";
                out.append('<').append(cell).append(cls).append('>').append(escape(rows.get(r)[i])).append("</")
                        .append(cell).append('>');
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n<h2>").append(escape(ComparisonReports.addedHeading(c))).append("</h2>\n");
        if (!c.added().isEmpty()) {
            out.append("<table>\n<tr><th>package</th><th>version</th><th>size</th></tr>\n");
            for (ImageFacts.PackageSize p : c.added()) {
                out.append("<tr><td>").append(escape(p.name())).append("</td><td>").append(escape(p.version()))
                        .append("</td><td>").append(escape(ComparisonReports.packageSize(p))).append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        return out.append("</body>\n</html>\n").toString();
    }

    private String chart() {
        record Metric(String label, double a, double b, String aText, String bText) {
        }
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("compressed size", c.a().compressedSize(), c.b().compressedSize(),
                ComparisonReports.human(c.a().compressedSize()), ComparisonReports.human(c.b().compressedSize())));
        metrics.add(new Metric("SBOM packages", c.a().packageCount(), c.b().packageCount(),
                Integer.toString(c.a().packageCount()), Integer.toString(c.b().packageCount())));
        if (c.a().scan() != null && c.b().scan() != null) {
            metrics.add(new Metric("vulnerabilities", total(c.a().scan()), total(c.b().scan()),
                    Integer.toString(total(c.a().scan())), Integer.toString(total(c.b().scan()))));
        }
        int groupHeight = BAR_HEIGHT * 2 + 24;
        int height = 40 + metrics.size() * groupHeight;
        int barSpace = CHART_WIDTH - LABEL_WIDTH - 110;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"comparison chart\">%n", CHART_WIDTH, height,
                CHART_WIDTH, height));
        svg.append(legend(0, c.a().name(), ComparisonReports.COLOR_A))
                .append(legend(260, c.b().name(), ComparisonReports.COLOR_B));
        int y = 40;
        for (Metric m : metrics) {
            double max = Math.max(1, Math.max(m.a(), m.b()));
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"14\">%s</text>%n",
                    y + BAR_HEIGHT + 4, escape(m.label())));
            svg.append(bar(y, m.a() / max * barSpace, ComparisonReports.COLOR_A, m.aText()));
            svg.append(bar(y + BAR_HEIGHT + 2, m.b() / max * barSpace, ComparisonReports.COLOR_B, m.bText()));
            y += groupHeight;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String legend(int x, String name, String color) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"16\" height=\"16\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"19\" font-size=\"14\">%s</text>%n", x, color, x + 22, escape(name));
    }

    private static String bar(int y, double width, String color, String text) {
        double w = Math.max(2, width);
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                + "<text x=\"%.1f\" y=\"%d\" font-size=\"13\">%s</text>%n", LABEL_WIDTH, y, w, BAR_HEIGHT, color,
                LABEL_WIDTH + w + 6, y + BAR_HEIGHT - 8, escape(text));
    }

    private static int total(ScanResult scan) {
        return scan.findings().size();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
