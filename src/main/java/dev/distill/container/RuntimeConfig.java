package dev.distill.container;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A runc bundle's {@code config.json} (OCI runtime specification), with Docker's defaults: its capability set, mounts,
 * masked and read-only paths, {@code RLIMIT_NOFILE} as {@link OpenFilesLimit} says, no new privileges, hostname
 * {@code distill}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RuntimeConfig(String ociVersion, ContainerProcess process, Root root, String hostname, List<Mount> mounts,
                     Linux linux) {

    /** Docker's default capabilities. A non-root process loses them at exec: none are ambient. */
    static final List<String> DOCKER_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
            "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_MKNOD", "CAP_AUDIT_WRITE",
            "CAP_SETFCAP");
    static final String HOSTNAME = "distill";
    /** Host files bound read-only into a container that shares the host's network. */
    static final List<String> HOST_NETWORK_FILES = List.of("/etc/resolv.conf", "/etc/hosts");

    private static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/sys/firmware", "/proc/scsi");
    private static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    private static final int UMASK = 0022;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContainerProcess(boolean terminal, User user, List<String> args, List<String> env, String cwd,
                   Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges) {
    }

    record User(int uid, int gid, int umask, List<Integer> additionalGids) {
    }

    record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {
    }

    record Rlimit(String type, long hard, long soft) {
    }

    record Root(String path, boolean readonly) {
    }

    record Mount(String destination, String type, String source, List<String> options) {
        boolean isBind() {
            return type.equals("bind");
        }
    }

    record Linux(Resources resources, List<Namespace> namespaces, List<String> maskedPaths,
                 List<String> readonlyPaths) {
    }

    record Resources(List<DeviceRule> devices) {
    }

    record DeviceRule(boolean allow, String access) {
    }

    record Namespace(String type) {
    }

    static RuntimeConfig of(RunSpec spec, ProcessUser user, List<String> env, Path rootfs, List<Mount> mounts,
                            long openFiles) {
        ContainerProcess process = new ContainerProcess(false,
                new User(user.uid(), user.gid(), UMASK, user.additionalGids()),
                spec.args(), env, spec.workingDir(),
                new Capabilities(DOCKER_CAPABILITIES, DOCKER_CAPABILITIES, DOCKER_CAPABILITIES),
                List.of(new Rlimit("RLIMIT_NOFILE", openFiles, openFiles)), true);
        List<Namespace> namespaces = new ArrayList<>();
        for (String type : List.of("pid", "ipc", "uts", "mount")) {
            namespaces.add(new Namespace(type));
        }
        if (spec.network() == RunSpec.Network.NONE) {
            namespaces.add(new Namespace("network"));
        }
        Linux linux = new Linux(new Resources(List.of(new DeviceRule(false, "rwm"))), namespaces, MASKED_PATHS,
                READONLY_PATHS);
        return new RuntimeConfig("1.0.2", process, new Root(rootfs.toAbsolutePath().toString(), false), HOSTNAME,
                mounts, linux);
    }

    /** Docker's mounts, the host's name resolution files for host networking, then the spec's bind mounts. */
    static List<Mount> mounts(RunSpec spec) {
        List<Mount> mounts = new ArrayList<>(List.of(
                new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"))));
        if (spec.network() == RunSpec.Network.HOST) {
            for (String file : HOST_NETWORK_FILES) {
                if (Files.exists(Path.of(file))) {
                    mounts.add(new Mount(file, "bind", file, List.of("bind", "ro", "nosuid", "nodev", "noexec", "rprivate")));
                }
            }
        }
        for (RunSpec.BindMount bind : spec.mounts()) {
            mounts.add(new Mount(bind.target(), "bind", bind.source().toAbsolutePath().toString(),
                    List.of("bind", bind.readOnly() ? "ro" : "rw", "rprivate")));
        }
        return mounts;
    }
}
