package dev.distill.pair;

import dev.distill.lock.Lock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one side's packages are grouped into layers: by source package, the largest groups each in a layer of
 * their own (so big, stable parts such as the C library or an interpreter's standard library are layers other
 * images can share), the rest together, within a layer budget.
 */
public final class LayerPlan {
    /** A source group below this many bytes of packages shares the last layer. */
    public static final long OWN_LAYER_MIN_BYTES = 1L << 20;

    /** One planned layer: its name (the source package, or {@code other}) and its packages sorted by name. */
    public record Group(String name, List<Lock.Package> packages) {
        public long size() {
            return packages.stream().mapToLong(Lock.Package::size).sum();
        }
    }

    private LayerPlan() {
    }

    /** Plans at most {@code budget} layers (at least one) for {@code packages}. */
    public static List<Group> plan(List<Lock.Package> packages, int budget) {
        Map<String, List<Lock.Package>> bySource = new LinkedHashMap<>();
        for (Lock.Package p : packages) {
            bySource.computeIfAbsent(p.source(), k -> new ArrayList<>()).add(p);
        }
        List<Group> groups = new ArrayList<>();
        bySource.forEach((source, list) -> groups.add(new Group(source, sorted(list))));
        groups.sort(Comparator.comparingLong(Group::size).reversed().thenComparing(Group::name));
        List<Group> layers = new ArrayList<>();
        List<Lock.Package> rest = new ArrayList<>();
        for (Group g : groups) {
            boolean roomForOwn = layers.size() < Math.max(1, budget) - 1;
            if (roomForOwn && g.size() >= OWN_LAYER_MIN_BYTES) {
                layers.add(g);
            } else {
                rest.addAll(g.packages());
            }
        }
        if (!rest.isEmpty()) {
            layers.add(new Group(layers.isEmpty() ? groups.get(0).name() : "other", sorted(rest)));
        }
        return layers;
    }

    private static List<Lock.Package> sorted(List<Lock.Package> packages) {
        List<Lock.Package> copy = new ArrayList<>(packages);
        copy.sort(Comparator.comparing(Lock.Package::name));
        return List.copyOf(copy);
    }
}
