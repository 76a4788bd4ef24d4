package dev.distill.pair;

import dev.distill.common.DistillException;
import dev.distill.common.Workers;
import dev.distill.debian.Mirrors;
import dev.distill.fetch.Cache;
import dev.distill.lock.Lock;
import dev.distill.lock.LockedFetch;
import dev.distill.oci.Descriptor;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerCompression;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.layers.Effects;
import dev.distill.layers.GeneratedTree;
import dev.distill.layers.InstalledPackage;
import dev.distill.layers.PackageFile;
import dev.distill.layers.PackageUnpacker;
import dev.distill.layers.PathPolicy;
import dev.distill.layers.UnpackOptions;
import dev.distill.sbom.SbomArtifacts;
import dev.distill.spec.ImageSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Builds a pair from a lock: per architecture, the runtime image (skeleton, package layers, effects) and the dev
 * image (the runtime image's layers, byte for byte, then the dev packages' layers and the dev effects). Layers are
 * written in parallel, each compressed on all cores; layers built before are taken from the cache. The result does
 * not depend on the number of threads or on what the cache holds.
 */
public final class PairBuilder {
    private static final String BUILDING = "building layers";

    private final LockedFetch fetch;
    private final Mirrors mirrors;
    private final PairBuildOptions options;
    private final PairBuildListener listener;
    private final LayerCache layerCache;

    /** {@code mirrors} are the archives the dev image's apt will use; built layers are kept in {@code cache}. */
    public PairBuilder(LockedFetch fetch, Mirrors mirrors, PairBuildOptions options, PairBuildListener listener, Cache cache) {
        this.fetch = fetch;
        this.mirrors = mirrors;
        this.options = options;
        this.listener = listener;
        this.layerCache = new LayerCache(cache);
    }

    /** Writes both images of each of {@code archs} into {@code layout} (blobs only: nothing is tagged). */
    public PairResult build(ImageSpec spec, Lock lock, List<String> archs, OciLayout layout) {
        List<ArchImages> built = new ArrayList<>();
        ExecutorService layers = Workers.pool("distill-layer", options.threads());
        ExecutorService compression = Workers.pool("distill-compress", options.threads());
        try {
            Build build = new Build(spec, layout, epoch(lock), layers,
                    new LayerCompression(options.compression(), compression, Math.max(1, options.threads())));
            for (String arch : archs) {
                List<Lock.Package> packages = lock.packages(arch);
                if (packages.isEmpty()) {
                    throw new DistillException("the lock has no packages for " + arch + "; run distill lock again");
                }
                built.add(build.arch(arch, packages, lock));
            }
        } finally {
            layers.shutdownNow();
            compression.shutdownNow();
        }
        Descriptor runtimeIndex = index(layout, built, true);
        Descriptor devIndex = options.runtimeOnly() ? null : index(layout, built, false);
        return new PairResult(spec.runtimeRef(), runtimeIndex, spec.devRef(), devIndex, List.copyOf(built));
    }

    /** One build's fixed inputs. */
    private final class Build {
        private final ImageSpec spec;
        private final OciLayout layout;
        private final long epoch;
        private final ExecutorService pool;
        private final LayerCompression compression;

        Build(ImageSpec spec, OciLayout layout, long epoch, ExecutorService pool, LayerCompression compression) {
            this.spec = spec;
            this.layout = layout;
            this.epoch = epoch;
            this.pool = pool;
            this.compression = compression;
        }

        ArchImages arch(String arch, List<Lock.Package> packages, Lock lock) {
            List<Lock.Package> runtimeSide = side(packages, ImageSpec.RUNTIME);
            List<Lock.Package> devSide = options.runtimeOnly() ? List.of() : side(packages, ImageSpec.DEV);
            List<Lock.Package> needed = new ArrayList<>(runtimeSide);
            needed.addAll(devSide);
            Map<String, Path> debs = fetch.fetch(lock, arch, needed);
            List<LayerPlan.Group> runtimeGroups = LayerPlan.plan(runtimeSide, options.runtimeLayers());
            List<LayerPlan.Group> devGroups = devSide.isEmpty() ? List.of() : LayerPlan.plan(devSide, options.devLayers());
            UnpackOptions runtimeUnpack = new UnpackOptions(new PathPolicy(spec.runtime().drop(), spec.runtime().keep()),
                    true, options.sourceDateEpoch(), true, Effects.captured().or(BuildSboms.CAPTURED));
            UnpackOptions devUnpack = new UnpackOptions(new PathPolicy(spec.dev().drop(), spec.dev().keep()),
                    false, options.sourceDateEpoch(), false, Effects.captured().or(BuildSboms.CAPTURED));

            List<Future<PackageUnpacker.Result>> runtimeLayers = submit(runtimeGroups, runtimeUnpack, debs, arch);
            List<Future<PackageUnpacker.Result>> devLayers = submit(devGroups, devUnpack, debs, arch);
            // the skeleton is tiny: queued last, it does not hold a worker back while the package layers start
            Future<Layer> skeleton = pool.submit(() -> generated(Effects.skeleton(arch), arch, "skeleton"));

            List<Layer> runtime = new ArrayList<>();
            List<String> runtimeHistory = new ArrayList<>();
            runtime.add(Workers.await(skeleton, BUILDING));
            runtimeHistory.add("distill: file-system skeleton");
            List<InstalledPackage> runtimePackages = new ArrayList<>();
            for (int i = 0; i < runtimeGroups.size(); i++) {
                PackageUnpacker.Result r = Workers.await(runtimeLayers.get(i), BUILDING);
                runtime.add(r.layer());
                runtimeHistory.add(history(runtimeGroups.get(i)));
                runtimePackages.addAll(r.packages());
            }
            GeneratedTree runtimeEffects = Effects.runtime(runtimePackages, spec.runtime(), epoch);
            runtime.add(generated(runtimeEffects, arch, "runtime effects"));
            runtimeHistory.add("distill: runtime effects (users, CA bundle, alternatives, time zone)");

            boolean caBundle = runtimeEffects.origins().containsKey(Effects.CA_BUNDLE);
            Platform platform = Platform.ofDebianArch(arch);
            ImageConfig runtimeConfig = ImageConfigs.runtime(spec, platform, runtime, runtimeHistory, epoch, caBundle);
            Written runtimeImage = manifest(runtimeConfig, runtime, platform);
            SbomArtifacts sboms = new SbomArtifacts(layout);
            List<Descriptor> artifacts = new ArrayList<>(sboms.write(runtimeImage.descriptor(), BuildSboms.of(
                    spec.runtimeRef(), runtimeImage.descriptor(), arch, runtimeConfig.created(), runtimePackages)));
            listener.imageBuilt(spec.runtimeRef(), arch, runtimePackages.size());
            if (options.runtimeOnly()) {
                return new ArchImages(arch, runtimeImage.descriptor(), runtimeImage.manifest(), null, null,
                        List.copyOf(runtimePackages), null, runtimeEffects.origins(), List.copyOf(artifacts));
            }

            List<Layer> dev = new ArrayList<>(runtime);
            List<String> devHistory = new ArrayList<>(runtimeHistory);
            List<InstalledPackage> devPackages = new ArrayList<>(runtimePackages);
            for (int i = 0; i < devGroups.size(); i++) {
                PackageUnpacker.Result r = Workers.await(devLayers.get(i), BUILDING);
                dev.add(r.layer());
                devHistory.add(history(devGroups.get(i)));
                devPackages.addAll(r.packages());
            }
            Effects.AptSources apt = new Effects.AptSources(mirrors.main(), mirrors.security(), spec.distro().codename());
            dev.add(generated(Effects.dev(devPackages, spec.dev(), apt, epoch), arch, "dev effects"));
            devHistory.add("distill: dev effects (dpkg and apt state, users, alternatives)");
            ImageConfig devConfig = ImageConfigs.dev(spec, platform, dev, devHistory, epoch, caBundle);
            Written devImage = manifest(devConfig, dev, platform);
            artifacts.addAll(sboms.write(devImage.descriptor(), BuildSboms.of(spec.devRef(), devImage.descriptor(),
                    arch, devConfig.created(), devPackages)));
            listener.imageBuilt(spec.devRef(), arch, devPackages.size());
            return new ArchImages(arch, runtimeImage.descriptor(), runtimeImage.manifest(), devImage.descriptor(),
                    devImage.manifest(), List.copyOf(runtimePackages), List.copyOf(devPackages),
                    runtimeEffects.origins(), List.copyOf(artifacts));
        }

        private List<Future<PackageUnpacker.Result>> submit(List<LayerPlan.Group> groups, UnpackOptions unpack,
                                                             Map<String, Path> debs, String arch) {
            List<Future<PackageUnpacker.Result>> futures = new ArrayList<>();
            for (LayerPlan.Group g : groups) {
                List<PackageFile> files = g.packages().stream().map(p -> new PackageFile(p.name(), p.version(),
                        p.arch(), p.source(), p.sha256(), debs.get(p.name()))).toList();
                futures.add(pool.submit(() -> packageLayer(g.name(), files, unpack, arch)));
            }
            return futures;
        }

        private PackageUnpacker.Result packageLayer(String group, List<PackageFile> files, UnpackOptions unpack,
                                                    String arch) {
            List<String> inputs = new ArrayList<>(List.of("packages", compression.compression().toString(),
                    String.valueOf(unpack.clampMtime()), "clear-setid " + unpack.clearSetId(),
                    "status.d " + unpack.withStatusD(), unpack.policy().describe()));
            files.forEach(f -> inputs.add(f.name() + " " + f.version() + " " + f.architecture() + " " + f.sha256()));
            String key = LayerCache.key(inputs);
            var hit = options.reuseLayers() ? layerCache.find(key, layout) : Optional.<LayerCache.Hit>empty();
            if (hit.isPresent()) {
                listener.layerReused(arch, group, hit.get().layer());
                return new PackageUnpacker.Result(hit.get().layer(), hit.get().packages());
            }
            PackageUnpacker.Result r = new PackageUnpacker(unpack).writeLayer(layout, compression, files);
            layerCache.store(key, r.layer(), r.packages(), layout);
            listener.layerWritten(arch, group, r.layer());
            return r;
        }

        private Layer generated(GeneratedTree tree, String arch, String name) {
            String key = LayerCache.key(List.of("generated", compression.compression().toString(),
                    Long.toString(epoch), tree.fingerprint()));
            var hit = options.reuseLayers() ? layerCache.find(key, layout) : Optional.<LayerCache.Hit>empty();
            if (hit.isPresent()) {
                listener.layerReused(arch, name, hit.get().layer());
                return hit.get().layer();
            }
            Layer layer = tree.write(layout, compression, epoch);
            layerCache.store(key, layer, List.of(), layout);
            listener.layerWritten(arch, name, layer);
            return layer;
        }

        private Written manifest(ImageConfig config, List<Layer> layers, Platform platform) {
            Descriptor configDescriptor = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
            Manifest manifest = Manifest.image(configDescriptor, layers.stream().map(Layer::descriptor).toList(), null);
            return new Written(layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(manifest)).withPlatform(platform),
                    manifest);
        }
    }

    /** A manifest as written: its descriptor and content. */
    private record Written(Descriptor descriptor, Manifest manifest) {
    }

    private static List<Lock.Package> side(List<Lock.Package> packages, String side) {
        return packages.stream().filter(p -> p.side().equals(side)).toList();
    }

    private static String history(LayerPlan.Group g) {
        return "distill: " + g.name() + " (" + String.join(", ", g.packages().stream()
                .map(p -> p.name() + " " + p.version()).toList()) + ")";
    }

    private static Descriptor index(OciLayout layout, List<ArchImages> archs, boolean runtime) {
        List<Descriptor> manifests = archs.stream().map(a -> runtime ? a.runtimeManifest() : a.devManifest()).toList();
        return layout.writeBlob(MediaTypes.OCI_INDEX, OciJson.write(ImageIndex.of(manifests)));
    }

    /** The build's timestamp: SOURCE_DATE_EPOCH, else the newest Date of the suites the lock was resolved from. */
    long epoch(Lock lock) {
        if (options.sourceDateEpoch() != null) {
            return options.sourceDateEpoch();
        }
        return lock.suites().stream().map(s -> Instant.parse(s.date()).getEpochSecond()).max(Long::compare)
                .orElseThrow(() -> new DistillException("the lock names no suites"));
    }
}
