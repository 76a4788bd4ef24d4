package dev.distill.debian;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every package one architecture can install from a set of suites: real packages by name (newest first) and
 * virtual names with their providers. Architecture {@code all} packages are included.
 */
public final class PackageUniverse {
    /** A package providing a virtual name, with the Provides entry that does it. */
    public record Provider(BinaryPackage pkg, Relation provides) {
    }

    private final String arch;
    private final List<String> suites;
    private final Map<String, List<BinaryPackage>> byName = new HashMap<>();
    private final Map<String, List<Provider>> providers = new HashMap<>();

    public PackageUniverse(String arch, List<String> suites, List<BinaryPackage> packages) {
        this.arch = arch;
        this.suites = List.copyOf(suites);
        for (BinaryPackage p : packages) {
            if (p.architecture().equals(arch) || p.architecture().equals("all")) {
                byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
            }
        }
        Comparator<BinaryPackage> newestFirst = Comparator
                .comparing(BinaryPackage::debVersion, Comparator.reverseOrder())
                .thenComparingInt(p -> suites.indexOf(p.suite()));
        for (List<BinaryPackage> versions : byName.values()) {
            versions.sort(newestFirst);
            dedupeSameVersion(versions);
        }
        for (List<BinaryPackage> versions : byName.values()) {
            BinaryPackage candidate = versions.get(0);
            for (Relation provided : candidate.provides()) {
                providers.computeIfAbsent(provided.name(), k -> new ArrayList<>()).add(new Provider(candidate, provided));
            }
        }
        for (List<Provider> list : providers.values()) {
            list.sort(Comparator.comparing((Provider p) -> p.pkg().name()));
        }
    }

    public String arch() {
        return arch;
    }

    public List<String> suites() {
        return suites;
    }

    /** Every version of a real package, newest first (the candidate first). */
    public List<BinaryPackage> versions(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The candidate: the newest version across the suites, or null. */
    public BinaryPackage candidate(String name) {
        List<BinaryPackage> versions = versions(name);
        return versions.isEmpty() ? null : versions.get(0);
    }

    /** The candidates that provide a virtual name, sorted by package name. */
    public List<Provider> providers(String virtualName) {
        return providers.getOrDefault(virtualName, List.of());
    }

    /** The candidates of every package marked {@code Essential: yes}, sorted by name. */
    public List<BinaryPackage> essential() {
        List<BinaryPackage> essential = new ArrayList<>();
        for (List<BinaryPackage> versions : byName.values()) {
            if (versions.get(0).essential()) {
                essential.add(versions.get(0));
            }
        }
        essential.sort(Comparator.comparing(BinaryPackage::name));
        return Collections.unmodifiableList(essential);
    }

    public int size() {
        return byName.size();
    }

    /** The same version listed by two suites (a point release and -updates) is one package: keep the first. */
    private static void dedupeSameVersion(List<BinaryPackage> versions) {
        for (int i = versions.size() - 1; i > 0; i--) {
            if (versions.get(i).version().equals(versions.get(i - 1).version())) {
                versions.remove(i);
            }
        }
    }
}
