package dev.distill.spec;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Finds specs: a path to a YAML file; else {@code <dir>/catalog/NAME.yaml} in the working directory (a checkout
 * or a user's own catalog); else the catalog bundled in the jar. A pair whose dev side has a name of its own is
 * also found by that name ({@code golang} finds {@code static.yaml}, {@code jdk} finds {@code jre.yaml}).
 */
public final class Catalog {
    private static final String RESOURCE_DIR = "catalog/";

    private final Path workingDir;
    private final SpecLoader loader = new SpecLoader();

    public Catalog(Path workingDir) {
        this.workingDir = workingDir;
    }

    /** A spec found by name or path, its text, and the file it came from (null when bundled). */
    public record Found(ImageSpec spec, String text, Path file) {
        /** Where its lock file goes: next to the spec, or in the working directory for a bundled spec. */
        public Path lockFile(Path workingDir) {
            String name = spec.name() + ".lock.json";
            return file != null ? file.toAbsolutePath().getParent().resolve(name) : workingDir.resolve(name);
        }
    }

    public Found find(String nameOrPath) {
        Path asPath = workingDir.resolve(nameOrPath);
        if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.contains("/")) {
            if (!Files.isRegularFile(asPath)) {
                throw new DistillException("spec file " + nameOrPath + " not found");
            }
            return load(read(asPath), nameOrPath, asPath);
        }
        Path local = workingDir.resolve("catalog").resolve(nameOrPath + ".yaml");
        if (Files.isRegularFile(local)) {
            return load(read(local), workingDir.relativize(local).toString(), local);
        }
        Found bundled = bundled(nameOrPath);
        if (bundled != null) {
            return bundled;
        }
        return byDevName(nameOrPath).orElseThrow(() -> new DistillException("no spec named '" + nameOrPath
                + "': not a file, not in ./catalog, and not in the bundled catalog (" + String.join(", ", bundledNames())
                + ")"));
    }

    private Found load(String text, String source, Path file) {
        return new Found(loader.load(text, source), text, file);
    }

    /** The bundled spec {@code name}, or null. */
    private Found bundled(String name) {
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name + ".yaml")) {
            if (in == null) {
                return null;
            }
            return load(new String(in.readAllBytes(), StandardCharsets.UTF_8), "catalog:" + name, null);
        } catch (IOException e) {
            throw new DistillException("cannot read bundled spec " + name + ": " + e.getMessage(), e);
        }
    }

    /** The spec in ./catalog, else bundled, whose dev side is named {@code name}. */
    private Optional<Found> byDevName(String name) {
        Path dir = workingDir.resolve("catalog");
        List<Found> candidates = new ArrayList<>(Files.isDirectory(dir) ? localSpecs(dir) : List.of());
        bundledNames().forEach(bundledName -> candidates.add(bundled(bundledName)));
        return candidates.stream().filter(found -> name.equals(found.spec().dev().name())).findFirst();
    }

    /**
     * The pairs of the catalog, sorted by spec name: {@code ./catalog/*.yaml} when the working directory has that
     * folder (a checkout, or a team's own catalog), else the catalog bundled in the jar.
     */
    public List<Found> pairs() {
        Path dir = workingDir.resolve("catalog");
        if (!Files.isDirectory(dir)) {
            return bundledNames().stream().map(this::bundled).toList();
        }
        return localSpecs(dir);
    }

    private List<Found> localSpecs(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Found> found = new ArrayList<>();
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                found.add(load(read(file), workingDir.relativize(file).toString(), file));
            }
            return found;
        } catch (IOException e) {
            throw new DistillException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The names of the bundled specs, sorted. */
    public List<String> bundledNames() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Path location = Path.of(Catalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                Path dir = location.resolve("catalog");
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                                .forEach(n -> names.add(n.substring(0, n.length() - 5)));
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(location.toFile())) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(RESOURCE_DIR) && n.endsWith(".yaml") && n.indexOf('/', RESOURCE_DIR.length()) < 0)
                            .forEach(n -> names.add(n.substring(RESOURCE_DIR.length(), n.length() - 5)));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new DistillException("cannot list the bundled catalog: " + e.getMessage(), e);
        }
        return new ArrayList<>(names);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DistillException("cannot read spec " + file + ": " + e.getMessage(), e);
        }
    }
}
