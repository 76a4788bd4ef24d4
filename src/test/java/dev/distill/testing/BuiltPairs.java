package dev.distill.testing;

import dev.distill.oci.OciLayout;
import dev.distill.spec.Catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs built once per test run and shared by the integration tests that inspect them. The python pair is built
 * the way a user on a fresh checkout builds it: {@code ./distill build python}, all architectures, into
 * {@code ./out} of an empty working directory, with an empty cache. The whole catalog is built once into one layout.
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
            List<String> args = new ArrayList<>(List.of("build", spec, "-q"));
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

    /**
     * Every pair of the bundled catalog, for all its architectures, in one layout ({@code distill build NAME} for
     * each into the same {@code ./out}, as a platform team builds its catalog); python is copied from
     * {@link #python()} rather than built twice.
     */
    public static synchronized Built catalog() {
        Built python = python();
        return BUILT.computeIfAbsent("catalog", key -> {
            Path work = fresh(itDir().resolve("catalog"));
            Path cache = itDir().resolve("cache");
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DISTILL_CACHE", cache.toString());
            Cli cli = new Cli(work, env);
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            for (Catalog.Found found : new Catalog(work).pairs()) {
                String name = found.spec().name();
                if (name.equals("python")) {
                    OciLayout layout = OciLayout.openOrCreate(work.resolve("out"));
                    Images.copy(python.layout(), found.spec().runtimeRef(), layout);
                    Images.copy(python.layout(), found.spec().devRef(), layout);
                    continue;
                }
                Cli.Result run = cli.run("build", name, "-q");
                if (run.exitCode() != 0) {
                    throw new AssertionError("distill build " + name + " failed:\n" + run);
                }
                out.append(run.out());
                err.append(run.err());
            }
            return new Built(work, work.resolve("out"), null, cache,
                    new Processes.Result(0, out.toString(), err.toString()));
        });
    }

    private static Path fresh(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError("cannot prepare " + dir, e);
        }
    }
}
