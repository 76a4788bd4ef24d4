package dev.distill.container;

import dev.distill.common.DistillException;
import dev.distill.oci.ImageConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run one container: the process (arguments, environment, user, working directory), its network, extra bind
 * mounts, what happens to its standard streams, and an optional time limit ({@code null} for none).
 */
public record RunSpec(
        List<String> args,
        List<String> env,
        String user,
        String workingDir,
        Network network,
        List<BindMount> mounts,
        Output output,
        boolean stdin,
        Duration timeout) {

    /** Docker's PATH for images that set none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public enum Network {
        /** A network namespace of its own with only the loopback interface. */
        NONE,
        /** The host's network namespace, with the host's {@code /etc/resolv.conf} and {@code /etc/hosts}. */
        HOST
    }

    public enum Output {
        /** The process writes to this process's stdout and stderr. */
        INHERIT,
        /** Stdout and stderr are collected into the {@link RunResult}. */
        CAPTURE
    }

    /** A host file or directory mounted into the container at {@code target}, an absolute path. */
    public record BindMount(Path source, String target, boolean readOnly) {
        public BindMount {
            if (!target.startsWith("/")) {
                throw new DistillException("bind mount target '" + target + "' must be an absolute path");
            }
        }
    }

    public RunSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        user = user == null ? "" : user;
        if (args.isEmpty()) {
            throw new DistillException("nothing to run: the image has no Entrypoint or Cmd and no command was given");
        }
        if (!workingDir.startsWith("/")) {
            throw new DistillException("working directory '" + workingDir + "' must be an absolute path");
        }
        for (String variable : env) {
            if (variable.indexOf('=') <= 0) {
                throw new DistillException("environment entry '" + variable + "' is not NAME=value");
            }
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new DistillException("timeout must be positive, not " + timeout);
        }
    }

    /**
     * Runs an image as its config says, with Docker's overrides: {@code entrypoint} (when not null) replaces the
     * image's Entrypoint and drops its Cmd; {@code command} (when not null) replaces the Cmd. No network, output
     * captured, stdin closed, no time limit.
     */
    public static RunSpec fromImage(ImageConfig config, List<String> entrypoint, List<String> command) {
        ImageConfig.Container container = config.configOrEmpty();
        List<String> args = new ArrayList<>(entrypoint != null ? entrypoint : orEmpty(container.entrypoint()));
        if (command != null) {
            args.addAll(command);
        } else if (entrypoint == null) {
            args.addAll(orEmpty(container.cmd()));
        }
        List<String> env = new ArrayList<>(orEmpty(container.env()));
        if (container.envValue("PATH") == null) {
            env.add("PATH=" + DEFAULT_PATH);
        }
        String workingDir = container.workingDir() == null || container.workingDir().isEmpty()
                ? "/" : container.workingDir().startsWith("/") ? container.workingDir() : "/" + container.workingDir();
        return new RunSpec(args, env, container.user(), workingDir, Network.NONE, List.of(), Output.CAPTURE, false,
                null);
    }

    public RunSpec withUser(String newUser) {
        return new RunSpec(args, env, newUser, workingDir, network, mounts, output, stdin, timeout);
    }

    public RunSpec withWorkingDir(String newWorkingDir) {
        return new RunSpec(args, env, user, newWorkingDir, network, mounts, output, stdin, timeout);
    }

    /** Sets one environment variable, replacing an earlier value. */
    public RunSpec withEnv(String name, String value) {
        List<String> newEnv = new ArrayList<>(env);
        newEnv.removeIf(e -> e.startsWith(name + "="));
        newEnv.add(name + "=" + value);
        return new RunSpec(args, newEnv, user, workingDir, network, mounts, output, stdin, timeout);
    }

    public RunSpec withNetwork(Network newNetwork) {
        return new RunSpec(args, env, user, workingDir, newNetwork, mounts, output, stdin, timeout);
    }

    public RunSpec withMount(BindMount mount) {
        List<BindMount> newMounts = new ArrayList<>(mounts);
        newMounts.add(mount);
        return new RunSpec(args, env, user, workingDir, network, newMounts, output, stdin, timeout);
    }

    public RunSpec withOutput(Output newOutput) {
        return new RunSpec(args, env, user, workingDir, network, mounts, newOutput, stdin, timeout);
    }

    /** Passes this process's stdin to the container instead of an empty one. */
    public RunSpec withStdin(boolean newStdin) {
        return new RunSpec(args, env, user, workingDir, network, mounts, output, newStdin, timeout);
    }

    public RunSpec withTimeout(Duration newTimeout) {
        return new RunSpec(args, env, user, workingDir, network, mounts, output, stdin, newTimeout);
    }

    /** The value of an environment variable, or null. */
    public String envValue(String name) {
        return env.stream().filter(e -> e.startsWith(name + "=")).map(e -> e.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
