package dev.distill.layers;

import dev.distill.debian.Paragraph;

import java.util.LinkedHashMap;
import java.util.Map;

/** dpkg database records for installed packages. */
public final class StatusRecords {
    private StatusRecords() {
    }

    /**
     * The package's control paragraph with {@code Status: install ok installed} after {@code Package}, and its
     * conffiles (with their MD5 sums) as dpkg records them.
     */
    public static String statusParagraph(InstalledPackage pkg) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (var e : pkg.control().fields().entrySet()) {
            fields.put(e.getKey(), e.getValue());
            if (e.getKey().equalsIgnoreCase("Package")) {
                fields.put("Status", "install ok installed");
            }
        }
        if (!pkg.conffiles().isEmpty()) {
            StringBuilder conffiles = new StringBuilder();
            pkg.conffiles().forEach((path, md5) -> conffiles.append("\n ").append(path).append(' ').append(md5));
            fields.put("Conffiles", conffiles.toString());
        }
        return new Paragraph(fields, pkg.name(), 1).format();
    }
}
