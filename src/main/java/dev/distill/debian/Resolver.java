package dev.distill.debian;

import dev.distill.common.DistillException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the packages an image needs, as {@code apt-get install --no-install-recommends} would on an empty
 * system: Pre-Depends and Depends with alternatives, version relations, virtual packages and versioned Provides;
 * the newest candidate across the suites; the first satisfiable alternative. Choices are deterministic (requests
 * and dependencies in order, providers by priority then name). Packages named in {@code exclude} are never
 * installed: a dependency whose chosen alternative is excluded is dropped and recorded. Conflicts and Breaks are
 * checked on the final set. A failure names the chain of packages that led to it.
 */
public final class Resolver {
    /** A package asked for by name, optionally at an exact version ({@code name=version}). */
    public record Request(String name, String version) {
        public static Request parse(String text) {
            int eq = text.indexOf('=');
            return eq < 0 ? new Request(text.strip(), null)
                    : new Request(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
        }
    }

    private record ProvidedName(BinaryPackage pkg, Relation relation) {
    }

    private static final List<String> PRIORITY_ORDER = List.of("required", "important", "standard", "optional", "extra");

    private final PackageUniverse universe;

    public Resolver(PackageUniverse universe) {
        this.universe = universe;
    }

    /**
     * Resolves {@code requests} for one side ({@code runtime} or {@code dev}) on top of {@code base} (the runtime
     * side's resolution when resolving the dev side, else null). Base choices are kept as they are; their
     * dependencies are walked again with this call's excludes, so edges the base dropped are satisfied now.
     * Packages chosen by this call are marked with {@code side}.
     */
    public Resolution resolve(List<Request> requests, String side, Set<String> excludes, Resolution base) {
        return new Run(side, excludes).resolve(requests, base);
    }

    private final class Run {
        private final String side;
        private final Set<String> excludes;
        private final Map<String, Resolution.Chosen> chosen = new LinkedHashMap<>();
        private final Map<String, String> chain = new HashMap<>();
        private final List<Resolution.Edge> edges = new ArrayList<>();
        private final List<Resolution.DroppedEdge> dropped = new ArrayList<>();
        private final Deque<BinaryPackage> queue = new ArrayDeque<>();
        private final Map<String, List<ProvidedName>> provided = new HashMap<>();

        Run(String side, Set<String> excludes) {
            this.side = side;
            this.excludes = excludes;
        }

        Resolution resolve(List<Request> requests, Resolution base) {
            if (base != null) {
                for (Resolution.Chosen c : base.packages()) {
                    record(c, c.pkg().name());
                }
                edges.addAll(base.edges());
            }
            for (Request r : requests) {
                if (excludes.contains(r.name())) {
                    throw new DistillException(r.name() + " is both requested and excluded");
                }
                BinaryPackage pkg = requested(r);
                Resolution.Chosen existing = chosen.get(pkg.name());
                if (existing != null && !existing.pkg().version().equals(pkg.version())) {
                    throw new DistillException(r.name() + ": " + pkg.version() + " requested but "
                            + existing.pkg().version() + " is already chosen (via " + chain.get(pkg.name()) + ")");
                }
                edges.add(new Resolution.Edge(null, pkg.name(), r.name()));
                if (existing == null) {
                    record(new Resolution.Chosen(pkg, side), pkg.name());
                }
                drain();
            }
            drain();
            checkConflicts();
            List<Resolution.Chosen> sorted = new ArrayList<>(chosen.values());
            sorted.sort(Comparator.comparing(c -> c.pkg().name()));
            return new Resolution(universe.arch(), List.copyOf(sorted), List.copyOf(edges), List.copyOf(dropped));
        }

        private void drain() {
            while (!queue.isEmpty()) {
                BinaryPackage p = queue.poll();
                for (List<Relation> group : p.dependencies()) {
                    satisfy(p, group);
                }
            }
        }

        private void satisfy(BinaryPackage from, List<Relation> group) {
            String text = Relation.format(group);
            for (Relation alt : group) {
                String satisfier = satisfiedBy(alt);
                if (satisfier != null) {
                    edges.add(new Resolution.Edge(from.name(), satisfier, text));
                    return;
                }
            }
            for (Relation alt : group) {
                BinaryPackage candidate = candidateFor(alt);
                if (candidate == null) {
                    continue;
                }
                if (excludes.contains(candidate.name()) || excludes.contains(alt.name())) {
                    dropped.add(new Resolution.DroppedEdge(from.name(), text,
                            excludes.contains(candidate.name()) ? candidate.name() : alt.name()));
                    return;
                }
                Resolution.Chosen existing = chosen.get(candidate.name());
                if (existing != null) {
                    throw new DistillException(chain.get(from.name()) + " → " + text + ": needs "
                            + candidate.name() + " " + candidate.version() + " but " + existing.pkg().version()
                            + " is already chosen (via " + chain.get(candidate.name()) + ")");
                }
                edges.add(new Resolution.Edge(from.name(), candidate.name(), text));
                record(new Resolution.Chosen(candidate, side), chain.get(from.name()) + " → " + candidate.name());
                return;
            }
            throw new DistillException(chain.get(from.name()) + " → " + text + ": no candidate in "
                    + String.join(", ", universe.suites()) + " (" + universe.arch() + ")" + nearMiss(group));
        }

        private void record(Resolution.Chosen c, String via) {
            chosen.put(c.pkg().name(), c);
            chain.put(c.pkg().name(), via);
            for (Relation p : c.pkg().provides()) {
                provided.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(new ProvidedName(c.pkg(), p));
            }
            queue.add(c.pkg());
        }

        /** The chosen package that satisfies {@code alt}, or null. */
        private String satisfiedBy(Relation alt) {
            Resolution.Chosen real = chosen.get(alt.name());
            if (real != null && archMatches(alt, real.pkg()) && alt.acceptsVersion(real.pkg().version())) {
                return real.pkg().name();
            }
            for (ProvidedName p : provided.getOrDefault(alt.name(), List.of())) {
                if (providesSatisfies(p.relation(), alt)) {
                    return p.pkg().name();
                }
            }
            return null;
        }

        /** The package apt would install for {@code alt}: a real package first, else the best provider. */
        private BinaryPackage candidateFor(Relation alt) {
            for (BinaryPackage version : universe.versions(alt.name())) {
                if (archMatches(alt, version) && alt.acceptsVersion(version.version())) {
                    return version;
                }
            }
            List<PackageUniverse.Provider> providers = new ArrayList<>();
            for (PackageUniverse.Provider p : universe.providers(alt.name())) {
                if (providesSatisfies(p.provides(), alt)) {
                    providers.add(p);
                }
            }
            providers.sort(Comparator.comparingInt((PackageUniverse.Provider p) -> priorityRank(p.pkg()))
                    .thenComparing(p -> p.pkg().name()));
            return providers.isEmpty() ? null : providers.get(0).pkg();
        }

        private BinaryPackage requested(Request r) {
            List<BinaryPackage> versions = universe.versions(r.name());
            if (!versions.isEmpty()) {
                if (r.version() == null) {
                    return versions.get(0);
                }
                for (BinaryPackage v : versions) {
                    if (v.version().equals(r.version())) {
                        return v;
                    }
                }
                throw new DistillException(r.name() + "=" + r.version() + ": no such version in "
                        + String.join(", ", universe.suites()) + " (" + universe.arch() + "); available: "
                        + String.join(", ", versions.stream().map(BinaryPackage::version).toList()));
            }
            List<PackageUniverse.Provider> providers = universe.providers(r.name());
            if (providers.size() == 1 && r.version() == null) {
                return providers.get(0).pkg();
            }
            if (providers.size() > 1) {
                throw new DistillException(r.name() + " is a virtual package provided by "
                        + String.join(", ", providers.stream().map(p -> p.pkg().name()).toList())
                        + ": name one of them");
            }
            throw new DistillException(r.name() + ": no such package in " + String.join(", ", universe.suites())
                    + " (" + universe.arch() + ")");
        }

        private void checkConflicts() {
            for (Resolution.Chosen c : chosen.values()) {
                BinaryPackage p = c.pkg();
                List<Relation> against = new ArrayList<>(p.conflicts());
                against.addAll(p.breaks());
                for (Relation r : against) {
                    Resolution.Chosen other = chosen.get(r.name());
                    if (other != null && other.pkg() != p && archMatches(r, other.pkg())
                            && r.acceptsVersion(other.pkg().version())) {
                        throw conflict(p, other.pkg(), r);
                    }
                    for (ProvidedName q : provided.getOrDefault(r.name(), List.of())) {
                        if (q.pkg() != p && providesSatisfies(q.relation(), r)) {
                            throw conflict(p, q.pkg(), r);
                        }
                    }
                }
            }
        }

        private DistillException conflict(BinaryPackage p, BinaryPackage other, Relation r) {
            return new DistillException(p.name() + " " + p.version() + " conflicts with " + other.name() + " "
                    + other.version() + " (" + r + "); " + p.name() + " came from " + chain.get(p.name()) + ", "
                    + other.name() + " from " + chain.get(other.name()));
        }

        private String nearMiss(List<Relation> group) {
            List<String> notes = new ArrayList<>();
            for (Relation alt : group) {
                List<BinaryPackage> versions = universe.versions(alt.name());
                if (!versions.isEmpty()) {
                    notes.add(alt.name() + " has " + String.join(", ", versions.stream().map(BinaryPackage::version).toList()));
                }
            }
            return notes.isEmpty() ? "" : "; " + String.join("; ", notes);
        }
    }

    private boolean archMatches(Relation r, BinaryPackage p) {
        String q = r.archQualifier();
        return q == null || q.equals("any") || q.equals("native") || q.equals(p.architecture())
                || p.architecture().equals("all");
    }

    /** A Provides entry satisfies an unversioned relation always, a versioned one only with its own version. */
    private static boolean providesSatisfies(Relation provided, Relation wanted) {
        if (!wanted.isVersioned()) {
            return true;
        }
        return provided.op() == Relation.Op.EQ && wanted.acceptsVersion(provided.version());
    }

    private static int priorityRank(BinaryPackage p) {
        int rank = p.priority() == null ? -1 : PRIORITY_ORDER.indexOf(p.priority().strip());
        return rank < 0 ? PRIORITY_ORDER.size() : rank;
    }
}
