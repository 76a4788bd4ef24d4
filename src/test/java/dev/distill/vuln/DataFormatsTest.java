package dev.distill.vuln;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DataFormatsTest {
    @TempDir
    Path dir;

    @Test
    void cvssV3BaseScoresMatchTheSpecificationCalculator() {
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")).hasValue(7.8);
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).hasValue(9.8);
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).hasValue(6.1);
        assertThat(CvssV3.baseScore("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:N")).hasValue(0.0);
        assertThat(CvssV3.baseScore("CVSS:3.1/AV:N/AC:L")).isEmpty();
        assertThat(CvssV3.baseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P")).isEmpty();
        assertThat(Severity.ofCvssScore(9.8)).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.ofUrgency("medium**")).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.ofUrgency("not yet assigned")).isNull();
    }

    @Test
    void theIndexFindsEveryKeyByBinarySearchAndNothingElse() {
        SortedMap<String, List<Advisory>> groups = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            String source = "pkg" + i;
            groups.put(AdvisoryIndex.key("trixie", source), List.of(advisory("CVE-2024-" + i, source, "1." + i)));
        }
        groups.put(AdvisoryIndex.key("bookworm", "glibc"), List.of(advisory("CVE-2023-4911", "glibc", "2.36-9+deb12u3"),
                advisory("CVE-2023-4806", "glibc", "2.36-9+deb12u3")));
        Path file = dir.resolve("advisories.idx");
        AdvisoryIndex.write(file, groups);

        try (AdvisoryIndex index = AdvisoryIndex.open(file)) {
            assertThat(index.keyCount()).isEqualTo(3001);
            assertThat(index.advisoryCount()).isEqualTo(3002);
            for (int i = 0; i < 3000; i += 7) {
                assertThat(index.lookup("trixie", "pkg" + i)).containsExactly(groups.get("trixie/pkg" + i).get(0));
            }
            assertThat(index.lookup("bookworm", "glibc")).isEqualTo(groups.get("bookworm/glibc"));
            assertThat(index.lookup("trixie", "glibc")).isEmpty();
            assertThat(index.lookup("trixie", "pkg")).isEmpty();
            assertThat(index.lookup("zzz", "pkg1")).isEmpty();
        }
    }

    @Test
    void osvRangesKeepEveryEventKind() {
        List<Advisory> out = new ArrayList<>();
        OsvDump.record("""
                {"id": "DEBIAN-CVE-2024-1", "upstream": ["CVE-2024-1"],
                 "affected": [{"package": {"ecosystem": "Debian:13", "name": "curl"},
                   "ecosystem_specific": {"urgency": "low"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "8.0-1"}, {"fixed": "8.1-1"},
                     {"introduced": "8.5-1"}, {"last_affected": "8.6-1"}]}]}]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test", out::add);
        assertThat(out).hasSize(1);
        Advisory a = out.get(0);
        assertThat(a.id()).isEqualTo("CVE-2024-1");
        assertThat(a.release()).isEqualTo("trixie");
        assertThat(a.severity()).isEqualTo(Severity.LOW);
        assertThat(a.ranges()).containsExactly(new Advisory.Range("8.0-1", "8.1-1", null),
                new Advisory.Range("8.5-1", null, "8.6-1"));
    }

    private static Advisory advisory(String id, String source, String fixed) {
        return new Advisory(id, List.of("DEBIAN-" + id), "trixie", source, List.of(new Advisory.Range("0", fixed, null)),
                FixState.FIXED, null, "medium", Severity.MEDIUM, "a description", TrackerJson.ORIGIN);
    }
}
