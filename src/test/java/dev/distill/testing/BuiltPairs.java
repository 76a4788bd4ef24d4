package dev.distill.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs built once per test run and shared by the integration tests that inspect them. The python pair is built
 * the way a user on a fresh checkout builds it: {@code ./distill build python}, all architectures, into
 * {@code ./out} of an empty working directory, with an empty cache.
 */
public final class BuiltPairs {
    /** Where a pair was built. */
    public record Built(Path workDir, Path layout, Path lockFile, Path cache, Processes.Result run) {
    }

    private static final Map<String, Built> BUILT = new HashMap<>();

    private BuiltPairs() {
    }

    public static Path itDir() {
        return Processes.projectRoot().resolve("target").resolve("it");
    }

    /** The python pair, built with the launcher from a fresh working directory. */
    public static synchronized Built python() {
        return BUILT.computeIfAbsent("python", name -> {
            Path work = fresh(itDir().resolve("python"));
            Path cache = itDir().resolve("cache");
            Processes.Result run = Processes.run(work, Map.of("DISTILL_CACHE", cache.toString()),
                    List.of(Processes.projectRoot().resolve("distill").toString(), "build", "python"));
            if (run.exitCode() != 0) {
                throw new AssertionError("./distill build python failed:\n" + run);
            }
            return new Built(work, work.resolve("out"), work.resolve("python.lock.json"), cache, run);
        });
    }

    /** Another catalog pair, built in-process for the given architectures. */
    public static synchronized Built pair(String spec, String... archs) {
        return BUILT.computeIfAbsent(spec + String.join(",", archs), key -> {
            Path work = fresh(itDir().resolve(spec));
            Path cache = itDir().resolve("cache");
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DISTILL_CACHE", cache.toString());
            List<String> args = new java.util.ArrayList<>(List.of("build", spec, "-q"));
            for (String arch : archs) {
                args.add("--arch");
                args.add(arch);
            }
            Cli.Result run = new Cli(work, env).run(args.toArray(String[]::new));
            if (run.exitCode() != 0) {
                throw new AssertionError("distill build " + spec + " failed:\n" + run);
            }
            return new Built(work, work.resolve("out"), work.resolve(spec + ".lock.json"), cache,
                    new Processes.Result(run.exitCode(), run.out(), run.err()));
        });
    }

    private static Path fresh(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot prepare " + dir, e);
        }
    }
}
