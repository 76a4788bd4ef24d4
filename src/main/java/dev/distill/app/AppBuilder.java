package dev.distill.app;

import dev.distill.app.dockerfile.BuildPlan;
import dev.distill.app.dockerfile.BuildPlanner;
import dev.distill.app.dockerfile.BuildRequest;
import dev.distill.app.dockerfile.CopyOrigin;
import dev.distill.app.dockerfile.CopySource;
import dev.distill.app.dockerfile.Dockerfile;
import dev.distill.app.dockerfile.DockerfileParser;
import dev.distill.app.dockerfile.ImageSource;
import dev.distill.app.dockerfile.PlannedStage;
import dev.distill.app.dockerfile.ResolvedStage;
import dev.distill.app.dockerfile.SourceTree;
import dev.distill.app.dockerfile.StageEvaluator;
import dev.distill.app.dockerfile.StageRef;
import dev.distill.app.dockerfile.Step;
import dev.distill.common.DistillException;
import dev.distill.common.Hashing;
import dev.distill.container.LayerDiff;
import dev.distill.container.ProcessUser;
import dev.distill.container.RootfsPaths;
import dev.distill.container.RootfsSnapshot;
import dev.distill.container.RootfsUnpacker;
import dev.distill.container.RunResult;
import dev.distill.container.RunSpec;
import dev.distill.container.UserDatabase;
import dev.distill.oci.Compression;
import dev.distill.oci.ImageReader;
import dev.distill.oci.Layer;
import dev.distill.oci.OciJson;
import dev.distill.oci.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a Dockerfile into an image without a daemon: plans the stages the target needs, and for each step looks up
 * its cache key (the hash of the previous step's key and everything the step reads) in the {@link BuildCache}; only
 * on a miss is the stage's root file system unpacked and the step executed (RUN under an OCI runtime, COPY, ADD and
 * WORKDIR by writing their layer directly). The result is written by {@link ImageAssembly}. Whatever fails, the
 * message names the Dockerfile line, the output layout is left as it was and the work directory is deleted.
 */
public final class AppBuilder {
    private static final String KEY_VERSION = "distill build-app 1";
    private static final Compression COMPRESSION = Compression.GZIP;
    private static final int OUTPUT_LINES_SHOWN = 20;
    private static final int TEXT_SHOWN = 80;

    private final Path layoutDir;
    private final BaseImages baseImages;
    private final BuildCache cache;
    private final StepRunner runner;
    private final RootfsUnpacker unpacker;
    private final Path workParent;
    private final AppBuildListener listener;

    /**
     * @param layoutDir  where the image is written (and plain FROM names are looked up)
     * @param workParent where the build's work directory (root file systems) is made and deleted again
     */
    public AppBuilder(Path layoutDir, BaseImages baseImages, BuildCache cache, StepRunner runner,
            RootfsUnpacker unpacker, Path workParent, AppBuildListener listener) {
        this.layoutDir = layoutDir;
        this.baseImages = baseImages;
        this.cache = cache;
        this.runner = runner;
        this.unpacker = unpacker;
        this.workParent = workParent;
        this.listener = listener;
    }

    public BuiltImage build(AppBuildOptions options) {
        Dockerfile dockerfile = new DockerfileParser().parse(options.dockerfile());
        Platform host = Platform.ofDebianArch(ImageReader.hostDebianArch());
        Platform platform = options.platform() != null ? options.platform() : host;
        BuildPlan plan = new BuildPlanner().plan(dockerfile,
                new BuildRequest(options.target(), options.buildArgs(), platform, host));
        plan.warnings().forEach(listener::warning);
        Path work;
        try {
            Files.createDirectories(workParent);
            work = Files.createTempDirectory(workParent, "build-");
        } catch (IOException e) {
            throw new DistillException("cannot create a work directory in " + workParent + ": " + e.getMessage(), e);
        }
        BuiltImage built;
        try {
            built = new Build(options, plan, host, work).run();
        } catch (RuntimeException e) {
            deleteWork(work, e);
            throw e;
        }
        deleteWork(work, null);
        return built;
    }

    private static void deleteWork(Path work, RuntimeException pending) {
        try {
            RootfsPaths.deleteTree(work);
        } catch (IOException e) {
            DistillException failure = new DistillException("cannot delete the build's work directory " + work
                    + ": " + e.getMessage(), e);
            if (pending == null) {
                throw failure;
            }
            pending.addSuppressed(failure);
        }
    }

    /** One build: its plan, the images it reads, the stages built so far, and its work directory. */
    private final class Build {
        private final AppBuildOptions options;
        private final BuildPlan plan;
        private final Dockerfile dockerfile;
        private final Platform host;
        private final Path work;
        private final Map<ImageSource, BaseImage> images = new HashMap<>();
        private final Map<ImageSource, Path> imageRoots = new HashMap<>();
        private final Map<Integer, StageBuild> stages = new HashMap<>();
        private final LocalArchives archives = new LocalArchives(unpacker);
        private SourceTree context;
        private int workDirs;

        Build(AppBuildOptions options, BuildPlan plan, Platform host, Path work) {
            this.options = options;
            this.plan = plan;
            this.dockerfile = plan.dockerfile();
            this.host = host;
            this.work = work;
        }

        BuiltImage run() {
            for (PlannedStage stage : plan.stages()) {
                if (stage.base() instanceof ImageSource source) {
                    image(source, stage.stage().from().line());
                }
                stage.copyOrigins().forEach((line, origin) -> {
                    if (origin instanceof ImageSource source) {
                        image(source, line);
                    }
                });
            }
            List<ResolvedStage> resolved = new StageEvaluator().evaluate(plan,
                    source -> images.get(source).image().config().configOrEmpty());
            for (ResolvedStage stage : resolved) {
                StageBuild build = start(stage);
                for (Step step : stage.steps()) {
                    step(build, step);
                }
                stages.put(stage.index(), build);
            }
            StageBuild target = stages.get(plan.target().index());
            return new ImageAssembly(layoutDir, cache.store()).write(target, plan.target().platform(), options.tag());
        }

        private BaseImage image(ImageSource source, int line) {
            BaseImage known = images.get(source);
            if (known != null) {
                return known;
            }
            try {
                BaseImage image = baseImages.resolve(source.reference(), source.platform());
                images.put(source, image);
                return image;
            } catch (DistillException e) {
                throw new DistillException(dockerfile.at(line) + ": " + e.getMessage(), e);
            }
        }

        private StageBuild start(ResolvedStage stage) {
            if (stage.planned().base() instanceof StageRef ref) {
                return StageBuild.onStage(stage, stages.get(ref.index()));
            }
            BaseImage base = stage.planned().base() instanceof ImageSource source ? images.get(source) : null;
            long mtime = options.sourceDateEpoch() != null ? options.sourceDateEpoch()
                    : base != null ? base.createdSeconds() : 0;
            return StageBuild.onImage(stage, base, mtime, base != null ? base.key() : "scratch");
        }

        private void step(StageBuild stage, Step step) {
            List<CopySource> contextMatches = step instanceof Step.Copy copy
                    && copy.origin() instanceof CopyOrigin.Context ? contextMatches(copy) : null;
            String key = key(stage, step, contextMatches);
            Optional<StepRecord> cached = cache.find(key);
            listener.step(stage.describe(), step, cached.isPresent());
            StepRecord record;
            if (cached.isPresent()) {
                record = cached.get();
                if (stage.rootfs() != null && record.hasLayer()) {
                    unpacker.apply(cache.store(), record.layer(), stage.rootfs());
                }
            } else {
                record = execute(stage, step, contextMatches);
                cache.record(key, record);
            }
            stage.stepDone(step.line(), key, record);
        }

        private List<CopySource> contextMatches(Step.Copy copy) {
            if (context == null) {
                context = SourceTree.buildContext(options.context(), options.dockerfile());
            }
            return matches(context, copy);
        }

        private List<CopySource> matches(SourceTree tree, Step.Copy copy) {
            List<CopySource> matches = new ArrayList<>();
            for (String source : copy.sources()) {
                matches.addAll(tree.resolve(source, dockerfile.at(copy.line()) + ": " + copy.keyword()));
            }
            return matches;
        }

        /** The hash of the previous step's key and everything this step's result depends on. */
        private String key(StageBuild stage, Step step, List<CopySource> contextMatches) {
            List<Object> form;
            if (step instanceof Step.Run run) {
                form = Arrays.asList("RUN", run.argv(), run.env(), run.workdir(), run.user(), network(run));
            } else if (step instanceof Step.Copy copy) {
                form = Arrays.asList(copy.keyword(), originKey(copy.origin()), copy.sources(), copy.destination(),
                        copy.chown(), copy.chmod(), contextMatches == null ? null : SourceDigests.of(contextMatches));
            } else {
                Step.Workdir workdir = (Step.Workdir) step;
                form = Arrays.asList("WORKDIR", workdir.path(), workdir.user());
            }
            byte[] input = OciJson.write(List.of(KEY_VERSION, stage.key(), stage.mtime(), COMPRESSION.toString(), form));
            return Hashing.sha256Hex(input);
        }

        private String originKey(CopyOrigin origin) {
            if (origin instanceof StageRef ref) {
                return stages.get(ref.index()).key();
            }
            if (origin instanceof ImageSource source) {
                return images.get(source).key();
            }
            return "context";
        }

        private RunSpec.Network network(Step.Run run) {
            return switch (run.network()) {
                case NONE -> RunSpec.Network.NONE;
                case HOST -> RunSpec.Network.HOST;
                case DEFAULT -> options.network();
            };
        }

        private StepRecord execute(StageBuild stage, Step step, List<CopySource> contextMatches) {
            try {
                Path rootfs = materialize(stage);
                if (step instanceof Step.Run run) {
                    return run(stage, run, rootfs);
                }
                if (step instanceof Step.Copy copy) {
                    return copy(stage, copy, rootfs, contextMatches);
                }
                return workdir(stage, (Step.Workdir) step, rootfs);
            } catch (IOException e) {
                throw failure(step, e.getMessage(), e);
            } catch (DistillException e) {
                if (e.getMessage().startsWith(dockerfile.at(step.line()))) {
                    throw e;
                }
                throw failure(step, e.getMessage(), e);
            }
        }

        private StepRecord run(StageBuild stage, Step.Run run, Path rootfs) throws IOException {
            Platform platform = stage.resolved().planned().platform();
            if (!platform.architecture().equals(host.architecture())) {
                throw failure(run, "this machine (" + host + ") cannot run programs built for " + platform
                        + "; RUN steps need a base image of this machine's platform", null);
            }
            RootfsSnapshot before = RootfsSnapshot.take(rootfs);
            RunResult result = runner.run(rootfs, new RunSpec(run.argv(), run.env(), run.user(), run.workdir(),
                    network(run), List.of(), RunSpec.Output.CAPTURE, false, null));
            String output = result.stdout() + result.stderr();
            if (!output.isEmpty()) {
                listener.output(output);
            }
            if (result.exitCode() != 0) {
                throw failure(run, "the command failed with exit code " + result.exitCode() + lastLines(output), null);
            }
            RootfsSnapshot after = RootfsSnapshot.take(rootfs);
            LayerDiff diff = new LayerDiff(stage.mtime());
            if (diff.entries(before, after).isEmpty()) {
                return StepRecord.UNCHANGED;
            }
            return StepRecord.of(diff.write(before, after, cache.store(), COMPRESSION));
        }

        private StepRecord copy(StageBuild stage, Step.Copy copy, Path rootfs, List<CopySource> contextMatches)
                throws IOException {
            List<CopySource> matches = contextMatches;
            if (copy.origin() instanceof StageRef ref) {
                StageBuild source = stages.get(ref.index());
                matches = matches(SourceTree.fileSystem(materialize(source), source.describe()), copy);
            } else if (copy.origin() instanceof ImageSource image) {
                matches = matches(SourceTree.fileSystem(imageRoot(image), image.reference()), copy);
            }
            NewLayer layer = new CopyStep(copy, rootfs, stage.mtime(), archives, newWorkDir("copy"))
                    .layer(matches, contextMatches == null);
            return written(layer, rootfs);
        }

        private StepRecord workdir(StageBuild stage, Step.Workdir workdir, Path rootfs) throws IOException {
            Path directory = RootfsPaths.resolveInRoot(rootfs, workdir.path());
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                return StepRecord.UNCHANGED;
            }
            ProcessUser user = UserDatabase.read(rootfs).resolve(workdir.user());
            Owner owner = new Owner(user.uid(), user.gid());
            NewLayer layer = new NewLayer(rootfs, stage.mtime(), owner);
            layer.addDirectory(rootfs.relativize(directory).toString(), 0755, owner);
            return written(layer, rootfs);
        }

        /** Writes a composed layer to the cache and applies it to the stage's root file system. */
        private StepRecord written(NewLayer layer, Path rootfs) throws IOException {
            if (layer.isEmpty()) {
                return StepRecord.UNCHANGED;
            }
            Layer written = layer.write(cache.store(), COMPRESSION);
            unpacker.apply(cache.store(), written.descriptor(), rootfs);
            return StepRecord.of(written);
        }

        /** The stage's root file system, unpacked (base image, then the layers so far) on first use. */
        private Path materialize(StageBuild stage) {
            if (stage.rootfs() == null) {
                Path rootfs = newWorkDir("rootfs");
                if (stage.base() != null) {
                    unpacker.unpack(stage.base().image(), rootfs);
                }
                for (StepRecord layer : stage.layers()) {
                    unpacker.apply(cache.store(), layer.layer(), rootfs);
                }
                stage.materialized(rootfs);
            }
            return stage.rootfs();
        }

        private Path imageRoot(ImageSource source) {
            return imageRoots.computeIfAbsent(source, image -> {
                Path root = newWorkDir("image");
                unpacker.unpack(images.get(image).image(), root);
                return root;
            });
        }

        private Path newWorkDir(String kind) {
            try {
                return Files.createDirectory(work.resolve(kind + "-" + workDirs++));
            } catch (IOException e) {
                throw new DistillException("cannot create a directory in " + work + ": " + e.getMessage(), e);
            }
        }

        private DistillException failure(Step step, String message, Exception cause) {
            String text = step.text().length() <= TEXT_SHOWN ? step.text()
                    : step.text().substring(0, TEXT_SHOWN) + "…";
            return new DistillException(dockerfile.at(step.line()) + ": " + text + ": " + message, cause);
        }

        private static String lastLines(String output) {
            List<String> lines = output.lines().toList();
            if (lines.isEmpty()) {
                return "";
            }
            List<String> shown = lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size());
            return "; its last output:\n  " + String.join("\n  ", shown);
        }
    }
}
