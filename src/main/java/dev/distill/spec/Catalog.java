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
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Finds specs: a path to a YAML file; else {@code <dir>/catalog/NAME.yaml} in the working directory (a checkout
 * or a user's own catalog); else the catalog bundled in the jar.
 */
public final class Catalog {
    private static final String RESOURCE_DIR = "catalog/";

    private final Path workingDir;
    private final SpecLoader loader = new SpecLoader();

    public Catalog(Path workingDir) {
        this.workingDir = workingDir;
    }

    /** A spec found by name or path, with the file it came from (null when bundled). */
    public record Found(ImageSpec spec, Path file) {
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
            return new Found(loader.load(read(asPath), nameOrPath), asPath);
        }
        Path local = workingDir.resolve("catalog").resolve(nameOrPath + ".yaml");
        if (Files.isRegularFile(local)) {
            return new Found(loader.load(read(local), workingDir.relativize(local).toString()), local);
        }
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + nameOrPath + ".yaml")) {
            if (in != null) {
                return new Found(loader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "catalog:" + nameOrPath), null);
            }
        } catch (IOException e) {
            throw new DistillException("cannot read bundled spec " + nameOrPath + ": " + e.getMessage(), e);
        }
        throw new DistillException("no spec named '" + nameOrPath + "': not a file, not in ./catalog, and not in the "
                + "bundled catalog (" + String.join(", ", bundledNames()) + ")");
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
