package dev.distill.debian;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fields of a verified {@code Release}/{@code InRelease} that Distill relies on. */
public record Release(
        String source,
        String origin,
        String suite,
        String codename,
        Instant date,
        Instant validUntil,
        List<String> architectures,
        List<String> components,
        boolean acquireByHash,
        Map<String, IndexFile> files) {

    /** An index listed in the SHA256 section. */
    public record IndexFile(String path, long size, String sha256) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss z", Locale.ENGLISH);

    /** Parses the signed text of an InRelease (already verified). */
    public static Release parse(byte[] signedText, String source) {
        Paragraph p = Deb822.parseOne(new String(signedText, StandardCharsets.UTF_8), source);
        Map<String, IndexFile> files = new LinkedHashMap<>();
        String sha256 = p.get("SHA256");
        if (sha256 == null) {
            throw new DistillException(ExitCode.CHECK_FAILED, source + " has no SHA256 file list (MD5/SHA1 alone are not trusted)");
        }
        for (String line : sha256.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 3) {
                files.put(parts[2], new IndexFile(parts[2], Long.parseLong(parts[1]), parts[0]));
            }
        }
        return new Release(source, p.get("Origin"), p.get("Suite"), p.get("Codename"),
                date(p.get("Date"), source, "Date"), date(p.get("Valid-Until"), source, "Valid-Until"),
                words(p.get("Architectures")), words(p.get("Components")),
                "yes".equalsIgnoreCase(p.get("Acquire-By-Hash", "no").strip()), files);
    }

    /**
     * Checks that this is the suite that was asked for and that it has not expired.
     *
     * @param allowExpired accept a Release whose Valid-Until has passed (a pinned snapshot)
     */
    public void check(String expectedSuite, String arch, Instant now, boolean allowExpired) {
        if (!expectedSuite.equals(codename) && !expectedSuite.equals(suite)) {
            throw new DistillException(ExitCode.CHECK_FAILED, source + " is for suite " + suite + " (codename "
                    + codename + "), not " + expectedSuite + ": refusing a release file for another suite");
        }
        if (validUntil != null && now.isAfter(validUntil) && !allowExpired) {
            throw new DistillException(ExitCode.CHECK_FAILED, source + " expired at " + validUntil
                    + " (Valid-Until); the mirror may be stale or replaying old data. Pass --allow-expired to accept it");
        }
        if (date == null) {
            throw new DistillException(ExitCode.CHECK_FAILED, source + " has no Date field");
        }
        if (!architectures.isEmpty() && !architectures.contains(arch)) {
            throw new DistillException(source + " has no packages for architecture " + arch + " (it has "
                    + String.join(", ", architectures) + ")");
        }
    }

    private static Instant date(String value, String source, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.strip(), DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw new DistillException(source + ": cannot read " + field + " '" + value + "'");
        }
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }
}
