package dev.distill.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;
import dev.distill.oci.Image;
import dev.distill.oci.OciJson;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a container under {@code runc} (as root): writes a bundle ({@code config.json} naming the root file system),
 * runs {@code runc run} in the foreground with no terminal, and always deletes the container afterwards. A run
 * that outlives its time limit is killed with SIGKILL. A container that runc cannot start (a missing executable, a
 * bad working directory) is a {@link DistillException} carrying runc's message.
 */
public final class ContainerRunner {
    private static final String RUNC = "runc";
    private static final long RUNC_COMMAND_SECONDS = 30;

    private final RootfsUnpacker unpacker;
    private final Path workDir;
    private final long openFiles = OpenFilesLimit.forContainers();

    /** {@code workDir} holds the bundles while containers run. */
    public ContainerRunner(RootfsUnpacker unpacker, Path workDir) {
        this.unpacker = unpacker;
        this.workDir = workDir;
    }

    /** Unpacks {@code image} into a fresh bundle, runs it, and deletes the bundle with its root file system. */
    public RunResult run(Image image, RunSpec spec) {
        return inNewBundle(bundle -> {
            Path rootfs = bundle.resolve("rootfs");
            unpacker.unpack(image, rootfs);
            return runBundle(bundle, rootfs, spec);
        });
    }

    /**
     * Runs on a root file system the caller prepared and keeps: a build step snapshots it before and after. Mount
     * points the run needed are removed again; everything the process wrote stays.
     */
    public RunResult run(Path rootfs, RunSpec spec) {
        return inNewBundle(bundle -> runBundle(bundle, rootfs, spec));
    }

    private RunResult inNewBundle(Function<Path, RunResult> run) {
        Path bundle = newBundle();
        RunResult result;
        try {
            result = run.apply(bundle);
        } catch (RuntimeException e) {
            deleteBundle(bundle, e);
            throw e;
        }
        deleteBundle(bundle, null);
        return result;
    }

    private RunResult runBundle(Path bundle, Path rootfs, RunSpec spec) {
        ProcessUser user = UserDatabase.read(rootfs).resolve(spec.user());
        List<String> env = new ArrayList<>(spec.env());
        if (spec.envValue("HOME") == null) {
            env.add("HOME=" + user.home());
        }
        List<RuntimeConfig.Mount> mounts = RuntimeConfig.mounts(spec);
        RootfsScaffold scaffold = RootfsScaffold.prepare(rootfs, mounts, spec.workingDir());
        try {
            AtomicFiles.write(bundle.resolve("config.json"),
                    OciJson.write(RuntimeConfig.of(spec, user, env, rootfs, mounts, openFiles)));
            return execute(bundle, spec);
        } finally {
            scaffold.remove();
        }
    }

    private RunResult execute(Path bundle, RunSpec spec) {
        String id = bundle.getFileName().toString();
        Path log = bundle.resolve("runc.log");
        Path stdout = bundle.resolve("stdout");
        Path stderr = bundle.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(RUNC, "--log", log.toString(), "--log-format", "json",
                "run", "--bundle", bundle.toString(), id);
        builder.redirectInput(spec.stdin() ? ProcessBuilder.Redirect.INHERIT
                : ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (spec.output() == RunSpec.Output.CAPTURE) {
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DistillException("cannot start runc (is it installed and on the PATH?): " + e.getMessage(), e);
        }
        boolean timedOut = false;
        try {
            if (spec.timeout() == null) {
                process.waitFor();
            } else if (!process.waitFor(spec.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                runc("kill", id, "KILL");
                process.waitFor();
            }
        } catch (InterruptedException e) {
            runc("kill", id, "KILL");
            process.destroy();
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while container " + id + " was running; it was killed", e);
        } finally {
            runc("delete", "-f", id);
        }
        String failure = runcErrors(log);
        if (!timedOut && !failure.isEmpty()) {
            throw new DistillException("runc could not run " + String.join(" ", spec.args()) + ": " + failure);
        }
        return new RunResult(process.exitValue(), timedOut, text(stdout), text(stderr));
    }

    /** Runs a runc housekeeping command; failures (a container already gone) are ignored. */
    private static void runc(String... args) {
        List<String> command = new ArrayList<>(List.of(RUNC));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(RUNC_COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new DistillException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The error messages runc logged, joined; empty when there are none. */
    private static String runcErrors(Path log) {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> errors = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                JsonNode entry = OciJson.mapper().readTree(line);
                if (entry != null && "error".equals(entry.path("level").asText())) {
                    errors.add(entry.path("msg").asText());
                }
            }
        } catch (IOException e) {
            throw new DistillException("cannot read runc's log " + log + ": " + e.getMessage(), e);
        }
        return String.join("; ", errors);
    }

    private static String text(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new DistillException("cannot read container output " + file + ": " + e.getMessage(), e);
        }
    }

    private Path newBundle() {
        try {
            Files.createDirectories(workDir);
            return Files.createDirectory(workDir.resolve("distill-" + UUID.randomUUID().toString().substring(0, 13)
                    .replace("-", "")));
        } catch (IOException e) {
            throw new DistillException("cannot create a container bundle in " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteBundle(Path bundle, RuntimeException pending) {
        try {
            RootfsPaths.deleteTree(bundle);
        } catch (IOException e) {
            DistillException failure = new DistillException("cannot delete container bundle " + bundle + ": "
                    + e.getMessage(), e);
            if (pending == null) {
                throw failure;
            }
            pending.addSuppressed(failure);
        }
    }
}
