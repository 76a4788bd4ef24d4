package dev.distill.spec;

import dev.distill.common.Hashing;
import dev.distill.debian.Distro;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image pair: what to build, from which Debian release, for which architectures.
 *
 * @param source where the spec was read (a file path, or {@code catalog:NAME} for a bundled spec)
 */
public record ImageSpec(
        String source,
        String name,
        String version,
        Distro distro,
        List<String> archs,
        String mirror,
        String securityMirror,
        SideSpec runtime,
        SideSpec dev,
        Map<String, String> labels) {

    public static final String RUNTIME = "runtime";
    public static final String DEV = "dev";

    /** The runtime image's reference in the layout, e.g. {@code python:3.13}. */
    public String runtimeRef() {
        return name + ":" + (version == null ? "latest" : version);
    }

    /** The dev image's reference, e.g. {@code python:3.13-dev} or {@code jdk:21}. */
    public String devRef() {
        if (dev.name() != null) {
            String tag = dev.version() != null ? dev.version() : version != null ? version : "latest";
            return dev.name() + ":" + tag;
        }
        return name + ":" + (version == null ? "latest" : version) + "-dev";
    }

    public SideSpec side(String side) {
        return RUNTIME.equals(side) ? runtime : dev;
    }

    /**
     * A digest of everything that decides which packages are chosen: distro, architectures and each side's
     * packages and excludes. The lock records it, so {@code --locked} can tell that the spec changed.
     */
    public String resolutionDigest() {
        Map<String, Object> inputs = new TreeMap<>();
        inputs.put("distro", distro.id());
        inputs.put("archs", archs);
        inputs.put("runtime.packages", runtime.packages());
        inputs.put("runtime.exclude", runtime.exclude());
        inputs.put("dev.packages", dev.packages());
        inputs.put("dev.exclude", dev.exclude());
        return "sha256:" + Hashing.sha256Hex(inputs.toString().getBytes(StandardCharsets.UTF_8));
    }
}
