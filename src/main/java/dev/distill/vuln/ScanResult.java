package dev.distill.vuln;

import dev.distill.sbom.OperatingSystem;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The findings of one scan, worst first, and what was scanned against what. */
public record ScanResult(
        String image,
        String arch,
        OperatingSystem os,
        int packages,
        List<Finding> findings,
        VulnerabilityDb.Metadata database) {

    public ScanResult {
        findings = List.copyOf(findings);
    }

    /** How many findings of each severity, every severity present (zero when none), highest first. */
    public Map<Severity, Integer> countsBySeverity() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            counts.put(severity, 0);
        }
        findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts;
    }

    public long fixable() {
        return findings.stream().filter(Finding::fixable).count();
    }

    /** Whether a finding is at least as severe as {@code threshold} (unknown severities never count). */
    public boolean hasAtLeast(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity() != Severity.UNKNOWN && f.severity().compareTo(threshold) >= 0);
    }
}
