package dev.distill.spec;

import java.util.List;
import java.util.Map;

/**
 * One side of a pair: the runtime image or its dev variant.
 *
 * @param name     dev side only: the image name when it differs from the pair's (the {@code jdk} of {@code jre})
 * @param version  dev side only: its tag when it differs from the pair's version
 * @param packages packages to install (with their dependencies); {@code name=version} pins a version
 * @param exclude  packages never installed; dependencies on them are dropped and recorded in the lock
 * @param drop     extra paths (globs) removed from this side's packages
 * @param keep     paths (globs) kept although the default rules would drop them (docs, locales)
 */
public record SideSpec(
        String name,
        String version,
        List<String> packages,
        List<String> exclude,
        List<String> entrypoint,
        List<String> cmd,
        Map<String, String> env,
        String user,
        String workdir,
        List<String> drop,
        List<String> keep,
        List<FileSpec> files,
        List<LinkSpec> links,
        Map<String, String> labels,
        List<String> ports) {

    public SideSpec {
        packages = packages == null ? List.of() : List.copyOf(packages);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        env = env == null ? Map.of() : Map.copyOf(env);
        drop = drop == null ? List.of() : List.copyOf(drop);
        keep = keep == null ? List.of() : List.copyOf(keep);
        files = files == null ? List.of() : List.copyOf(files);
        links = links == null ? List.of() : List.copyOf(links);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A file written into the image. {@code mode} is octal text such as {@code "0644"}. */
    public record FileSpec(String path, String content, String mode, Integer uid, Integer gid) {
    }

    /** A symbolic link created in the image. */
    public record LinkSpec(String path, String target) {
    }
}
