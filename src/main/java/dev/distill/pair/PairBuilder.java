package dev.distill.pair;

import dev.distill.common.DistillException;
import dev.distill.debian.Mirrors;
import dev.distill.lock.Lock;
import dev.distill.lock.LockedFetch;
import dev.distill.oci.Descriptor;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Layer;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.rootfs.Effects;
import dev.distill.rootfs.GeneratedTree;
import dev.distill.rootfs.InstalledPackage;
import dev.distill.rootfs.PackageFile;
import dev.distill.rootfs.PackageUnpacker;
import dev.distill.rootfs.PathPolicy;
import dev.distill.rootfs.UnpackOptions;
import dev.distill.sbom.SbomArtifacts;
import dev.distill.spec.ImageSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a pair from a lock: per architecture, the runtime image (skeleton, package layers, effects) and the dev
 * image (the runtime image's layers, byte for byte, then the dev packages' layers and the dev effects). Layers are
 * written in parallel; the result does not depend on the number of threads.
 */
public final class PairBuilder {
    private final LockedFetch fetch;
    private final Mirrors mirrors;
    private final BuildOptions options;
    private final BuildListener listener;

    /** {@code mirrors} are the archives the dev image's apt will use. */
    public PairBuilder(LockedFetch fetch, Mirrors mirrors, BuildOptions options, BuildListener listener) {
        this.fetch = fetch;
        this.mirrors = mirrors;
        this.options = options;
        this.listener = listener;
    }

    /** Writes both images of each of {@code archs} into {@code layout} (blobs only: nothing is tagged). */
    public PairResult build(ImageSpec spec, Lock lock, List<String> archs, OciLayout layout) {
        long epoch = epoch(lock);
        List<ArchImages> built = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()), r -> {
            Thread t = new Thread(r, "distill-layer");
            t.setDaemon(true);
            return t;
        });
        try {
            for (String arch : archs) {
                List<Lock.Package> packages = lock.packages(arch);
                if (packages.isEmpty()) {
                    throw new DistillException("the lock has no packages for " + arch + "; run distill lock again");
                }
                Map<String, Path> debs = fetch.fetch(lock, arch, packages);
                built.add(buildArch(spec, arch, packages, debs, epoch, layout, pool));
            }
        } finally {
            pool.shutdownNow();
        }
        Descriptor runtimeIndex = index(layout, built, true);
        Descriptor devIndex = index(layout, built, false);
        return new PairResult(spec.runtimeRef(), runtimeIndex, spec.devRef(), devIndex, List.copyOf(built));
    }

    private ArchImages buildArch(ImageSpec spec, String arch, List<Lock.Package> packages, Map<String, Path> debs,
                                 long epoch, OciLayout layout, ExecutorService pool) {
        List<Lock.Package> runtimeSide = packages.stream().filter(p -> p.side().equals(ImageSpec.RUNTIME)).toList();
        List<Lock.Package> devSide = packages.stream().filter(p -> p.side().equals(ImageSpec.DEV)).toList();
        List<LayerPlan.Group> runtimeGroups = LayerPlan.plan(runtimeSide, options.runtimeLayers());
        List<LayerPlan.Group> devGroups = devSide.isEmpty() ? List.of() : LayerPlan.plan(devSide, options.devLayers());

        UnpackOptions runtimeUnpack = new UnpackOptions(new PathPolicy(spec.runtime().drop(), spec.runtime().keep()),
                true, options.sourceDateEpoch(), true, Effects.captured().or(BuildSboms.CAPTURED));
        UnpackOptions devUnpack = new UnpackOptions(new PathPolicy(spec.dev().drop(), spec.dev().keep()),
                false, options.sourceDateEpoch(), false, Effects.captured().or(BuildSboms.CAPTURED));
        Future<Layer> skeleton = pool.submit(() -> Effects.skeleton(arch).write(layout, options.compression(), epoch));
        List<Future<PackageUnpacker.Result>> runtimeLayers = submit(pool, runtimeGroups, runtimeUnpack, debs, layout, arch);
        List<Future<PackageUnpacker.Result>> devLayers = submit(pool, devGroups, devUnpack, debs, layout, arch);

        List<Layer> runtime = new ArrayList<>();
        List<String> runtimeHistory = new ArrayList<>();
        runtime.add(await(skeleton));
        runtimeHistory.add("distill: file-system skeleton");
        List<InstalledPackage> runtimePackages = new ArrayList<>();
        for (int i = 0; i < runtimeGroups.size(); i++) {
            PackageUnpacker.Result r = await(runtimeLayers.get(i));
            runtime.add(r.layer());
            runtimeHistory.add(history(runtimeGroups.get(i)));
            runtimePackages.addAll(r.packages());
        }
        GeneratedTree runtimeEffects = Effects.runtime(runtimePackages, spec.runtime(), epoch);
        runtime.add(runtimeEffects.write(layout, options.compression(), epoch));
        runtimeHistory.add("distill: runtime effects (users, CA bundle, alternatives, time zone)");

        List<Layer> dev = new ArrayList<>(runtime);
        List<String> devHistory = new ArrayList<>(runtimeHistory);
        List<InstalledPackage> devPackages = new ArrayList<>(runtimePackages);
        for (int i = 0; i < devGroups.size(); i++) {
            PackageUnpacker.Result r = await(devLayers.get(i));
            dev.add(r.layer());
            devHistory.add(history(devGroups.get(i)));
            devPackages.addAll(r.packages());
        }
        Effects.AptSources apt = new Effects.AptSources(mirrors.main(), mirrors.security(), spec.distro().codename());
        dev.add(Effects.dev(devPackages, spec.dev(), apt, epoch)
                .write(layout, options.compression(), epoch));
        devHistory.add("distill: dev effects (dpkg and apt state, users, alternatives)");

        boolean caBundle = runtimeEffects.origins().containsKey(Effects.CA_BUNDLE);
        Platform platform = Platform.ofDebianArch(arch);
        ImageConfig runtimeConfig = ImageConfigs.runtime(spec, platform, runtime, runtimeHistory, epoch, caBundle);
        ImageConfig devConfig = ImageConfigs.dev(spec, platform, dev, devHistory, epoch, caBundle);
        Descriptor runtimeManifest = manifest(layout, runtimeConfig, runtime, platform);
        Descriptor devManifest = manifest(layout, devConfig, dev, platform);
        SbomArtifacts sboms = new SbomArtifacts(layout);
        List<Descriptor> artifacts = new ArrayList<>(sboms.write(runtimeManifest,
                BuildSboms.of(spec.runtimeRef(), runtimeManifest, arch, runtimeConfig.created(), runtimePackages)));
        artifacts.addAll(sboms.write(devManifest,
                BuildSboms.of(spec.devRef(), devManifest, arch, devConfig.created(), devPackages)));
        listener.imageBuilt(spec.runtimeRef(), arch, runtimePackages.size());
        listener.imageBuilt(spec.devRef(), arch, devPackages.size());
        return new ArchImages(arch, runtimeManifest, readManifest(layout, runtimeManifest), devManifest,
                readManifest(layout, devManifest), List.copyOf(runtimePackages), List.copyOf(devPackages),
                runtimeEffects.origins(), List.copyOf(artifacts));
    }

    private List<Future<PackageUnpacker.Result>> submit(ExecutorService pool, List<LayerPlan.Group> groups,
                                                         UnpackOptions unpack, Map<String, Path> debs,
                                                         OciLayout layout, String arch) {
        List<Future<PackageUnpacker.Result>> futures = new ArrayList<>();
        for (LayerPlan.Group g : groups) {
            List<PackageFile> files = g.packages().stream()
                    .map(p -> new PackageFile(p.name(), p.version(), p.arch(), p.source(), debs.get(p.name())))
                    .toList();
            futures.add(pool.submit(() -> {
                PackageUnpacker.Result r = new PackageUnpacker(unpack).writeLayer(layout, options.compression(), files);
                listener.layerWritten(arch, g.name(), r.layer());
                return r;
            }));
        }
        return futures;
    }

    private static String history(LayerPlan.Group g) {
        return "distill: " + g.name() + " (" + String.join(", ", g.packages().stream()
                .map(p -> p.name() + " " + p.version()).toList()) + ")";
    }

    private static Descriptor manifest(OciLayout layout, ImageConfig config, List<Layer> layers, Platform platform) {
        Descriptor configDescriptor = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
        Manifest manifest = Manifest.image(configDescriptor, layers.stream().map(Layer::descriptor).toList(), null);
        return layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(manifest)).withPlatform(platform);
    }

    private static Manifest readManifest(OciLayout layout, Descriptor d) {
        return OciJson.read(layout.read(d.digest()), Manifest.class, "manifest " + d.digest());
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

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DistillException d) {
                throw d;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new DistillException("layer build failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while building layers");
        }
    }
}
