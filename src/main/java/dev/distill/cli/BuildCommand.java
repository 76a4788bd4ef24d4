package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.compare.Comparison;
import dev.distill.compare.ComparisonReports;
import dev.distill.debian.Mirrors;
import dev.distill.fetch.Cache;
import dev.distill.lock.Lock;
import dev.distill.lock.LockRequirement;
import dev.distill.lock.LockedFetch;
import dev.distill.lock.Locker;
import dev.distill.oci.Compression;
import dev.distill.oci.Descriptor;
import dev.distill.oci.GzipReference;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.pair.PairBuildOptions;
import dev.distill.pair.BuildRecords;
import dev.distill.pair.PairBuilder;
import dev.distill.pair.PairOutput;
import dev.distill.pair.PairResult;
import dev.distill.registry.PushDestination;
import dev.distill.spec.Catalog;
import dev.distill.spec.ImageSpec;
import dev.distill.vuln.VulnerabilityDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a pair: the runtime image and its dev variant, for every architecture of the spec.",
            "Packages are resolved against the signed Debian indices (the lock file next to the spec is written),",
            "downloaded and verified, unpacked without running maintainer scripts, and layered reproducibly.",
            "",
            "With --push, both images then go to a registry, with their SBOMs (see 'distill push').",
            "",
            "Example: distill build python    →  ./out holds python:3.13 and python:3.13-dev"})
final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(paramLabel = "SPEC", description = "A spec file or a catalog name (python, static, base, …).")
    String spec;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Output (default: ./out for oci).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "oci (a layout directory), oci-archive or docker-archive (default: ${DEFAULT-VALUE}).")
    String format = "oci";

    @Option(names = "--arch", paramLabel = "ARCH", description = "Build only these architectures (repeatable).")
    List<String> archs = new ArrayList<>();

    @Option(names = "--locked", description = "Build from the existing lock file; fail if it does not match the spec.")
    boolean locked;

    @Option(names = "--compression", paramLabel = "ALGO",
            description = "Layer compression: gzip or zstd (default: ${DEFAULT-VALUE}).")
    String compression = "gzip";

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
    Integer threads;

    @Option(names = "--runtime-only", description = "Build the runtime image only, not its dev variant.")
    boolean runtimeOnly;

    @Option(names = "--no-cache", description = "Build every layer again instead of taking it from the layer cache.")
    boolean noCache;

    @Option(names = "--no-compare", description = "Do not print the runtime/dev comparison at the end.")
    boolean noCompare;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--push", paramLabel = "REF", description = "Then push both images with their SBOMs to "
            + "HOST[:PORT]/REPO, each under its own tag (oci format only). Repeatable.")
    List<String> push = new ArrayList<>();

    @Mixin
    VulnerabilityDbOption database;

    @Mixin
    ArchiveOptions archive;

    @Mixin
    RegistryAccess access;

    @Override
    public Integer call() {
        return run(false).orElseThrow();
    }

    /**
     * The whole command when it has nothing to do: a {@code --locked} build whose record says the output is as this
     * build would write it. Empty, with nothing printed, when there is work to do (then {@link #call} does it).
     */
    Optional<Integer> callIfUnchanged() {
        return locked && push.isEmpty() ? run(true) : Optional.empty();
    }

    private Optional<Integer> run(boolean onlyIfUnchanged) {
        Console console = parent.console();
        Catalog.Found found = SpecArgument.find(console, spec);
        ImageSpec imageSpec = found.spec();
        List<String> buildArchs = archs.isEmpty() ? imageSpec.archs() : archs;
        for (String a : buildArchs) {
            if (!imageSpec.archs().contains(a)) {
                throw new DistillException(imageSpec.source() + " is not built for " + a + " (its archs: "
                        + String.join(", ", imageSpec.archs()) + ")");
            }
        }
        PairOutput.Format outputFormat = parseFormat(format);
        List<PushDestination> destinations = Pushing.destinations(push);
        if (!destinations.isEmpty() && outputFormat != PairOutput.Format.OCI) {
            throw new DistillException(ExitCode.USAGE, "--push needs --format oci: the images are pushed from the "
                    + "layout");
        }
        for (PushDestination destination : destinations) {
            if (destination.tag() != null) {
                throw new DistillException(ExitCode.USAGE, "--push " + destination + ": give HOST[:PORT]/REPO "
                        + "without a tag; " + imageSpec.runtimeRef() + " and " + imageSpec.devRef()
                        + " each keep their own");
            }
        }
        Path target = output != null ? console.workingDir().resolve(output) : console.workingDir().resolve(
                outputFormat == PairOutput.Format.OCI ? "out" : imageSpec.name() + (outputFormat
                        == PairOutput.Format.OCI_ARCHIVE ? ".oci.tar" : ".docker.tar"));
        Long sourceDateEpoch = sourceDateEpoch(console.env());
        PairBuildOptions defaults = PairBuildOptions.defaults();
        PairBuildOptions options = new PairBuildOptions(Compression.parse(compression), sourceDateEpoch,
                threads != null ? threads : defaults.threads(), defaults.runtimeLayers(), defaults.devLayers(),
                runtimeOnly, !noCache);
        try (Services services = new Services(console, quiet)) {
            Path lockFile = found.lockFile(console.workingDir());
            // Without --locked the lock is brought up to date first. With it, recognising an unchanged build needs
            // only the lock file's identity (see BuildRecords): the lock is parsed and checked against the spec when
            // there is work to do.
            Lock current = locked ? null : LockRequirement.obtain(imageSpec, lockFile, false,
                    () -> new Locker(services.archive(archive, imageSpec)));
            Mirrors mirrors = services.mirrors(archive, imageSpec);
            String dockerArch = buildArchs.contains(ImageReader.hostDebianArch()) ? ImageReader.hostDebianArch()
                    : buildArchs.get(0);
            BuildRecords records = new BuildRecords(services.cache());
            BuildRecords.Key key = Files.isRegularFile(lockFile) ? BuildRecords.key(found.text(), lockFile, options,
                    buildArchs, mirrors, codeIdentity()) : null;
            boolean toLayout = outputFormat == PairOutput.Format.OCI;
            Optional<BuildRecords.Found> unchanged = key != null && !noCache && toLayout && OciLayout.isLayout(target)
                    ? records.find(key, OciLayout.open(target)) : Optional.empty();
            List<BuildRecords.ArchSummary> summary;
            if (unchanged.isPresent()) {
                summary = unchanged.get().archs();
                List<Descriptor> retag = unchanged.get().retag();
                if (!retag.isEmpty()) {
                    OciLayout layout = OciLayout.open(target);
                    PairOutput.retag(layout, retag);
                    records.store(key, retag, summary, layout);
                }
            } else if (onlyIfUnchanged) {
                return Optional.empty();
            } else {
                warnIfZlibDiffers(console, options);
                Lock lock = current != null ? current : LockRequirement.existing(imageSpec, lockFile);
                PairBuilder builder = new PairBuilder(new LockedFetch(services.fetcher(), mirrors), mirrors, options,
                        new BuildProgress(console, quiet), services.cache());
                PairResult[] built = new PairResult[1];
                PairOutput.write(outputFormat, target, dockerArch, 0, layout -> {
                    built[0] = builder.build(imageSpec, lock, buildArchs, layout);
                    return built[0].indexEntries();
                });
                summary = built[0].archs().stream().map(BuildRecords.ArchSummary::of).toList();
                if (toLayout) {
                    records.store(key, built[0].indexEntries(), summary, OciLayout.open(target));
                }
            }
            printSummary(console, imageSpec, summary);
            console.out().println("wrote " + console.workingDir().relativize(target) + " (" + imageSpec.runtimeRef()
                    + (runtimeOnly ? "" : ", " + imageSpec.devRef()) + ")" + (unchanged.isPresent()
                    ? ": unchanged since the last build" : ""));
            if (!runtimeOnly && !noCompare && outputFormat == PairOutput.Format.OCI) {
                printComparison(console, target, imageSpec, dockerArch);
            }
            if (!destinations.isEmpty()) {
                OciLayout layout = OciLayout.open(target);
                List<Descriptor> pushed = new ArrayList<>(List.of(layout.resolve(imageSpec.runtimeRef())));
                if (!runtimeOnly) {
                    pushed.add(layout.resolve(imageSpec.devRef()));
                }
                Pushing.push(console, services.registries(access), layout, pushed, destinations, quiet, false);
            }
        }
        return Optional.of(0);
    }

    private static void warnIfZlibDiffers(Console console, PairBuildOptions options) {
        if (options.compression() == Compression.GZIP
                && !GzipReference.platformMatches(Cache.fromEnvironment(console.env()).dir("state"))) {
            console.note("warning: this JVM's zlib is not classic zlib (zlib-ng?): gzip layers will have other digests "
                    + "than on other machines; --compression zstd gives the same bytes everywhere");
        }
    }

    // Written without a Formatter, whose number formatting would load the locale data: an unchanged build needs
    // nothing else of it.
    private static void printSummary(Console console, ImageSpec spec, List<BuildRecords.ArchSummary> archs) {
        for (BuildRecords.ArchSummary a : archs) {
            console.out().println(summaryLine(spec.runtimeRef(), a.arch(), a.runtimeSize(), a.runtimePackages(),
                    a.runtimeLayers()));
            if (a.devSize() != null) {
                console.out().println(summaryLine(spec.devRef(), a.arch(), a.devSize(), a.devPackages(),
                        a.devLayers()) + " (" + a.sharedLayers() + " shared with " + spec.runtimeRef() + ")");
            }
        }
    }

    /** {@code python:3.13              amd64      17.9 MB    24 packages   6 layers} */
    static String summaryLine(String ref, String arch, long size, int packages, int layers) {
        long tenths = Math.round(size / 1e5);
        return padRight(ref, 24) + " " + padRight(arch, 6) + " " + padLeft(tenths / 10 + "." + tenths % 10, 8)
                + " MB  " + padLeft(Integer.toString(packages), 4) + " packages  "
                + padLeft(Integer.toString(layers), 2) + " layers";
    }

    private static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String padLeft(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    /** Names this Distill's code: its jar's path, size and time (or its classes directory's newest class). */
    private static String codeIdentity() {
        try {
            Path code = Path.of(BuildCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                return code + " " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis();
            }
            try (var walk = Files.walk(code)) {
                return code + " " + walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().lastModified())
                        .max().orElse(0);
            }
        } catch (IOException | URISyntaxException e) {
            return "unknown " + System.nanoTime();
        }
    }

    /** The runtime/dev comparison of the host's architecture (what {@code distill compare SPEC} prints). */
    private void printComparison(Console console, Path layoutDir, ImageSpec spec, String arch) {
        OciLayout layout = OciLayout.open(layoutDir);
        Platform platform = Platform.ofDebianArch(arch);
        try (VulnerabilityDb db = database.openIfPresent(console)) {
            Comparison comparison = Services.comparer(console, db).compare(spec.runtimeRef(),
                    ImageReader.image(layout, layout.resolve(spec.runtimeRef()), spec.runtimeRef(), platform),
                    spec.devRef(), ImageReader.image(layout, layout.resolve(spec.devRef()), spec.devRef(), platform));
            console.out().println();
            console.out().print(ComparisonReports.summary(comparison));
        }
    }

    private static PairOutput.Format parseFormat(String text) {
        return switch (text) {
            case "oci" -> PairOutput.Format.OCI;
            case "oci-archive" -> PairOutput.Format.OCI_ARCHIVE;
            case "docker-archive" -> PairOutput.Format.DOCKER_ARCHIVE;
            default -> throw new DistillException("unknown --format '" + text + "' (use oci, oci-archive or docker-archive)");
        };
    }

    static Long sourceDateEpoch(Map<String, String> env) {
        String value = env.get("SOURCE_DATE_EPOCH");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new DistillException("SOURCE_DATE_EPOCH must be a number of seconds, not '" + value + "'");
        }
    }
}
