package dev.distill.layers;

import dev.distill.common.DistillException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What happens to each path a package ships: normalised and checked (packages are untrusted input), moved under
 * {@code /usr} for the merged-/usr layout (as dpkg would through the {@code /bin → usr/bin} links), and dropped
 * when it is documentation, a manual page or a translation — except copyright files, which carry the licences.
 */
public final class PathPolicy {
    /** Removed from every image unless a spec keeps them. */
    public static final List<String> DEFAULT_DROP = List.of("/usr/share/doc/**", "/usr/share/man/**",
            "/usr/share/info/**", "/usr/share/locale/**", "/usr/share/lintian/**", "/usr/share/linda/**",
            "/usr/share/doc-base/**", "/usr/share/bug/**", "/usr/share/menu/**");
    /** Kept although a drop rule matches them. */
    public static final List<String> DEFAULT_KEEP = List.of("/usr/share/doc/*/copyright");

    private static final Set<String> MERGED = Set.of("bin", "sbin", "lib", "lib32", "lib64", "libx32", "libo32");

    private final List<Glob> drop;
    private final List<Glob> keep;

    public PathPolicy(List<String> extraDrop, List<String> extraKeep) {
        this.drop = new ArrayList<>();
        this.keep = new ArrayList<>();
        DEFAULT_DROP.forEach(p -> drop.add(Glob.of(p)));
        extraDrop.forEach(p -> drop.add(Glob.of(p)));
        DEFAULT_KEEP.forEach(p -> keep.add(Glob.of(p)));
        extraKeep.forEach(p -> keep.add(Glob.of(p)));
    }

    /**
     * The path an entry of a package's data.tar is installed at (relative, no leading slash), or null for the
     * root directory itself. Refuses absolute paths, {@code ..} and empty components.
     */
    public static String installedPath(String tarName, String pkg) {
        String name = normalized(tarName, pkg);
        return name == null ? null : mergedUsr(name);
    }

    /** A data.tar entry's name as a relative path (no {@code ./}, no trailing slash), checked; null for the root. */
    public static String normalized(String tarName, String pkg) {
        String name = tarName;
        if (name.startsWith("./")) {
            name = name.substring(2);
        } else if (name.startsWith("/")) {
            throw new DistillException("package " + pkg + " contains an absolute path '" + tarName + "': refused");
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.equals(".")) {
            return null;
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new DistillException("package " + pkg + " contains an unsafe path '" + tarName + "': refused");
            }
        }
        return name;
    }

    /** Whether a path is one of the top-level directories merged into {@code /usr} ({@code bin}, {@code lib64}, …). */
    public static boolean isMergedRoot(String relative) {
        return MERGED.contains(relative);
    }

    /** {@code bin/x} → {@code usr/bin/x}, and so on for the other merged directories. */
    public static String mergedUsr(String relative) {
        int slash = relative.indexOf('/');
        String first = slash < 0 ? relative : relative.substring(0, slash);
        return MERGED.contains(first) ? "usr/" + relative : relative;
    }

    /**
     * A symbolic link's target as installed: an absolute target is moved under {@code /usr} like a path; a
     * relative one is recomputed from the link's installed location so it still points where it pointed. A
     * target that climbs above the root is refused.
     */
    public static String linkTarget(String originalLinkPath, String installedLinkPath, String target, String pkg) {
        if (target.isEmpty()) {
            throw new DistillException("package " + pkg + " has an empty link target at " + installedLinkPath);
        }
        String absolute;
        if (target.startsWith("/")) {
            absolute = resolve("", target.substring(1), pkg, installedLinkPath, target);
            return "/" + (absolute.isEmpty() ? "" : mergedUsr(absolute));
        }
        String originalParent = parent(originalLinkPath);
        absolute = resolve(originalParent, target, pkg, installedLinkPath, target);
        String installedTarget = absolute.isEmpty() ? "" : mergedUsr(absolute);
        if (parent(installedLinkPath).equals(originalParent) && installedTarget.equals(absolute)) {
            return target;
        }
        return relativize(parent(installedLinkPath), installedTarget);
    }

    /** The rules as text (drop patterns, then keep patterns): a cache key's input. */
    public String describe() {
        return "drop " + String.join(" ", drop.stream().map(Glob::pattern).toList())
                + " keep " + String.join(" ", keep.stream().map(Glob::pattern).toList());
    }

    /** Whether a path (relative, as installed) is removed from the image. */
    public boolean drops(String installedPath) {
        String absolute = "/" + installedPath;
        for (Glob k : keep) {
            if (k.matches(absolute)) {
                return false;
            }
        }
        for (Glob d : drop) {
            if (d.matches(absolute)) {
                return true;
            }
        }
        return false;
    }

    private static String resolve(String base, String target, String pkg, String at, String original) {
        List<String> parts = new ArrayList<>();
        if (!base.isEmpty()) {
            parts.addAll(List.of(base.split("/")));
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new DistillException("package " + pkg + " has a link " + at + " -> " + original
                            + " that escapes the root: refused");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static String relativize(String fromDir, String to) {
        List<String> from = fromDir.isEmpty() ? List.of() : List.of(fromDir.split("/"));
        List<String> target = to.isEmpty() ? List.of() : List.of(to.split("/"));
        int common = 0;
        while (common < from.size() && common < target.size() && from.get(common).equals(target.get(common))) {
            common++;
        }
        StringBuilder out = new StringBuilder();
        for (int i = common; i < from.size(); i++) {
            out.append("../");
        }
        for (int i = common; i < target.size(); i++) {
            out.append(target.get(i)).append(i + 1 < target.size() ? "/" : "");
        }
        String result = out.toString();
        if (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result.isEmpty() ? "." : result;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
