package dev.distill.debian;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of resolving one side of an image for one architecture: the chosen packages, the dependency edges
 * that pulled them in, and the edges dropped by {@code exclude:}.
 */
public record Resolution(String arch, List<Chosen> packages, List<Edge> edges, List<DroppedEdge> dropped) {

    /** A chosen package and the side (runtime or dev) that first asked for it. */
    public record Chosen(BinaryPackage pkg, String side) {
    }

    /** {@code from} needs {@code dependency}, satisfied by {@code to}; {@code from} is null for a request. */
    public record Edge(String from, String to, String dependency) {
    }

    /** {@code from}'s {@code dependency} was not followed because {@code excluded} is excluded. */
    public record DroppedEdge(String from, String dependency, String excluded) {
    }

    public Chosen find(String name) {
        for (Chosen c : packages) {
            if (c.pkg().name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    public List<BinaryPackage> side(String side) {
        return packages.stream().filter(c -> c.side().equals(side)).map(Chosen::pkg).toList();
    }

    /**
     * The dependency paths that pulled {@code target} in, shortest first, each from a requested package down to
     * {@code target} (at most {@code limit}).
     */
    public List<List<Edge>> pathsTo(String target, int limit) {
        Map<String, List<Edge>> into = new HashMap<>();
        for (Edge e : edges) {
            into.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
        }
        List<List<Edge>> paths = new ArrayList<>();
        Deque<List<Edge>> queue = new ArrayDeque<>();
        for (Edge e : into.getOrDefault(target, List.of())) {
            queue.add(List.of(e));
        }
        int budget = 200_000;
        while (!queue.isEmpty() && paths.size() < limit && budget-- > 0) {
            List<Edge> path = queue.poll();
            Edge head = path.get(0);
            if (head.from() == null) {
                paths.add(path);
                continue;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (Edge e : path) {
                seen.add(e.to());
            }
            for (Edge e : into.getOrDefault(head.from(), List.of())) {
                if (e.from() == null || !seen.contains(e.from())) {
                    List<Edge> longer = new ArrayList<>(path.size() + 1);
                    longer.add(e);
                    longer.addAll(path);
                    queue.add(longer);
                }
            }
        }
        return paths;
    }
}
