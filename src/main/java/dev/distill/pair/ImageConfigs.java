package dev.distill.pair;

import dev.distill.oci.Digest;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.Layer;
import dev.distill.oci.Platform;
import dev.distill.policy.RuntimePolicy;
import dev.distill.layers.Effects;
import dev.distill.spec.ImageSpec;
import dev.distill.spec.SideSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The OCI configs of a pair's two images. */
final class ImageConfigs {
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ImageConfigs() {
    }

    static ImageConfig runtime(ImageSpec spec, Platform platform, List<Layer> layers, List<String> history, long epoch,
                               boolean caBundle) {
        SideSpec side = spec.runtime();
        Map<String, String> env = env(caBundle, side.env());
        return config(spec, platform, layers, history, epoch, env, side.user() == null ? "65532" : side.user(),
                side.entrypoint(), side.cmd(), side.workdir(), side.ports(), labels(spec, ImageSpec.RUNTIME, side, epoch));
    }

    /** The dev image: the runtime side's settings, overridden by the dev side's; root unless it says otherwise. */
    static ImageConfig dev(ImageSpec spec, Platform platform, List<Layer> layers, List<String> history, long epoch,
                           boolean caBundle) {
        SideSpec runtime = spec.runtime();
        SideSpec dev = spec.dev();
        Map<String, String> merged = new LinkedHashMap<>(runtime.env());
        merged.putAll(dev.env());
        List<String> entrypoint = dev.entrypoint() != null ? dev.entrypoint() : runtime.entrypoint();
        List<String> cmd = dev.entrypoint() != null || dev.cmd() != null ? dev.cmd() : runtime.cmd();
        List<String> ports = dev.ports().isEmpty() ? runtime.ports() : dev.ports();
        return config(spec, platform, layers, history, epoch, env(caBundle, merged),
                dev.user() == null ? "0" : dev.user(), entrypoint, cmd,
                dev.workdir() != null ? dev.workdir() : runtime.workdir(), ports, labels(spec, ImageSpec.DEV, dev, epoch));
    }

    private static ImageConfig config(ImageSpec spec, Platform platform, List<Layer> layers, List<String> history,
                                      long epoch, Map<String, String> env, String user, List<String> entrypoint,
                                      List<String> cmd, String workdir, List<String> ports, Map<String, String> labels) {
        String created = Instant.ofEpochSecond(epoch).toString();
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        Map<String, Map<String, Object>> exposed = null;
        if (!ports.isEmpty()) {
            exposed = new TreeMap<>();
            for (String port : ports) {
                exposed.put(port.contains("/") ? port : port + "/tcp", Map.of());
            }
        }
        ImageConfig.Container container = new ImageConfig.Container(user, exposed, envList, entrypoint, cmd, null,
                workdir == null ? "/" : workdir, labels, null, null);
        List<ImageConfig.History> entries = new ArrayList<>();
        for (String h : history) {
            entries.add(new ImageConfig.History(created, h, null, null, null));
        }
        List<Digest> diffIds = layers.stream().map(Layer::diffId).toList();
        return new ImageConfig(created, "Distill", platform.architecture(), platform.os(), platform.variant(),
                container, ImageConfig.RootFs.layers(diffIds), entries);
    }

    private static Map<String, String> env(boolean caBundle, Map<String, String> specEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        if (caBundle) {
            env.put("SSL_CERT_FILE", Effects.CA_BUNDLE);
        }
        new TreeMap<>(specEnv).forEach(env::put);
        return env;
    }

    private static Map<String, String> labels(ImageSpec spec, String sideName, SideSpec side, long epoch) {
        Map<String, String> labels = new TreeMap<>();
        String ref = sideName.equals(ImageSpec.RUNTIME) ? spec.runtimeRef() : spec.devRef();
        labels.put("org.opencontainers.image.title", ref.substring(0, ref.indexOf(':')));
        labels.put("org.opencontainers.image.version", ref.substring(ref.indexOf(':') + 1));
        labels.put("org.opencontainers.image.description", (sideName.equals(ImageSpec.RUNTIME)
                ? "Runtime image: no shell, no package manager, non-root" : "Dev image: the runtime image plus a shell, "
                + "apt and build tools") + " (" + spec.distro().id() + ")");
        labels.put("org.opencontainers.image.vendor", "Distill");
        labels.put("org.opencontainers.image.created", Instant.ofEpochSecond(epoch).toString());
        labels.put("dev.distill.pair", spec.runtimeRef() + " " + spec.devRef());
        labels.put("dev.distill.side", sideName);
        List<String> specFiles = new ArrayList<>();
        spec.runtime().files().forEach(f -> specFiles.add(f.path()));
        if (sideName.equals(ImageSpec.DEV)) {
            spec.dev().files().forEach(f -> specFiles.add(f.path()));
        }
        if (!specFiles.isEmpty()) {
            labels.put(RuntimePolicy.SPEC_FILES_LABEL, String.join(" ", specFiles));
        }
        labels.putAll(spec.labels());
        labels.putAll(side.labels());
        return labels;
    }
}
