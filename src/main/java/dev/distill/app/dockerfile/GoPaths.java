package dev.distill.app.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** Slash-separated path helpers with the semantics of Go's {@code path} package, which Docker relies on. */
final class GoPaths {
    private GoPaths() {
    }

    /** Go's {@code path.Clean}: the shortest equivalent path, {@code "."} for an empty one. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!rooted) {
                    parts.add(part);
                }
            } else {
                parts.add(part);
            }
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** An absolute path: {@code path} itself if absolute, else {@code path} relative to {@code dir}; cleaned. */
    static String absolute(String dir, String path) {
        return clean(path.startsWith("/") ? path : dir + "/" + path);
    }
}
