package dev.distill.sbom;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The distribution an image is built from, as {@code /etc/os-release} and {@code /etc/debian_version} say.
 *
 * @param id            {@code ID} (debian), or null when the image has no os-release
 * @param versionId     {@code VERSION_ID} (13), or null (Debian testing and unstable have none)
 * @param codename      {@code VERSION_CODENAME} (trixie), or the one {@code debian_version} implies, or null
 * @param prettyName    {@code PRETTY_NAME}, or null
 * @param debianVersion the first line of {@code /etc/debian_version} (13.1, trixie/sid), or null
 */
public record OperatingSystem(String id, String versionId, String codename, String prettyName, String debianVersion) {
    private static final Map<String, String> CODENAMES = Map.of(
            "9", "stretch", "10", "buster", "11", "bullseye", "12", "bookworm", "13", "trixie", "14", "forky");

    public static final OperatingSystem UNKNOWN = new OperatingSystem(null, null, null, null, null);

    /** Reads the two files' text (either may be null when the image lacks it). */
    public static OperatingSystem parse(String osRelease, String debianVersion) {
        Map<String, String> fields = osReleaseFields(osRelease == null ? "" : osRelease);
        String version = debianVersion == null || debianVersion.isBlank() ? null
                : debianVersion.strip().lines().findFirst().orElse("").strip();
        String id = fields.get("ID");
        if (id == null && version != null) {
            id = "debian";
        }
        String versionId = fields.get("VERSION_ID");
        if (versionId == null && version != null && Character.isDigit(version.charAt(0))) {
            versionId = version.split("\\.")[0];
        }
        String codename = fields.get("VERSION_CODENAME");
        if (codename == null && versionId != null) {
            codename = CODENAMES.get(versionId);
        }
        if (codename == null && version != null && version.contains("/")) {
            codename = version.substring(0, version.indexOf('/'));
        }
        return new OperatingSystem(id, versionId, codename, fields.get("PRETTY_NAME"), version);
    }

    /** The codename of a Debian major version ({@code 13} → {@code trixie}), or null when it is not known. */
    public static String codenameOf(String versionId) {
        return CODENAMES.get(versionId);
    }

    /** The purl {@code distro} qualifier, e.g. {@code debian-13}; null when the version is not known. */
    public String distroQualifier() {
        return id == null || versionId == null ? null : id + "-" + versionId;
    }

    public boolean isKnown() {
        return id != null;
    }

    private static Map<String, String> osReleaseFields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.startsWith("#") || equals <= 0) {
                continue;
            }
            String value = trimmed.substring(equals + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            fields.put(trimmed.substring(0, equals), value);
        }
        return fields;
    }
}
