package dev.distill.vuln;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects advisories from several sources into index groups ({@code release/source}), one advisory per
 * vulnerability: the first source added wins for an id (add the Debian tracker before OSV; it is the richer one),
 * and an advisory that is not a CVE (a DSA or DLA) is dropped when every CVE it covers is already there.
 */
public final class AdvisoryGroups {
    private final Map<String, Map<String, Advisory>> groups = new TreeMap<>();
    private int received;

    public void add(Advisory advisory) {
        received++;
        Map<String, Advisory> group = groups.computeIfAbsent(
                AdvisoryIndex.key(advisory.release(), advisory.source()), k -> new LinkedHashMap<>());
        group.putIfAbsent(advisory.id(), advisory);
    }

    /** How many advisories were added, before merging. */
    public int received() {
        return received;
    }

    /** The merged groups, sorted by key, advisories sorted by id. */
    public SortedMap<String, List<Advisory>> merged() {
        SortedMap<String, List<Advisory>> out = new TreeMap<>();
        for (Map.Entry<String, Map<String, Advisory>> entry : groups.entrySet()) {
            Set<String> ids = new HashSet<>(entry.getValue().keySet());
            List<Advisory> kept = new ArrayList<>();
            for (Advisory advisory : entry.getValue().values()) {
                List<String> covered = advisory.aliases().stream().filter(AdvisoryGroups::isCve).toList();
                if (!isCve(advisory.id()) && !covered.isEmpty() && ids.containsAll(covered)) {
                    continue;
                }
                kept.add(advisory);
            }
            kept.sort((a, b) -> a.id().compareTo(b.id()));
            out.put(entry.getKey(), kept);
        }
        return out;
    }

    private static boolean isCve(String id) {
        return id.startsWith("CVE-");
    }
}
