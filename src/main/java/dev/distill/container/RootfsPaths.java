package dev.distill.container;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Paths inside a container's root file system, which is untrusted: its symlinks may point anywhere on the host.
 * Nothing here follows a symlink out of the root.
 */
public final class RootfsPaths {
    private static final int MAX_SYMLINKS = 40;

    private RootfsPaths() {
    }

    /** The attributes of {@code path} itself (a symlink is not followed), or empty when nothing is there. */
    static Optional<BasicFileAttributes> lstat(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Resolves an absolute path as the container would see it, following symlinks as if {@code root} were '/'
     * ({@code ..} stops at the root, absolute link targets start again at the root). The result may not exist.
     */
    public static Path resolveInRoot(Path root, String containerPath) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pushComponents(pending, containerPath);
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String component = pending.pop();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                resolved.pollLast();
                continue;
            }
            Path candidate = hostPath(root, resolved).resolve(component);
            Optional<BasicFileAttributes> attributes = lstat(candidate);
            if (attributes.isPresent() && attributes.get().isSymbolicLink()) {
                if (++links > MAX_SYMLINKS) {
                    throw new IOException("too many symbolic links resolving " + containerPath + " in " + root);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                pushComponents(pending, target);
            } else {
                resolved.addLast(component);
            }
        }
        return hostPath(root, resolved);
    }

    /** Deletes a file, symlink or directory tree; symlinks are removed, never followed. */
    public static void deleteTree(Path path) throws IOException {
        Optional<BasicFileAttributes> attributes = lstat(path);
        if (attributes.isEmpty()) {
            return;
        }
        if (attributes.get().isDirectory()) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteTree(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    private static void pushComponents(Deque<String> pending, String path) {
        String[] components = path.split("/");
        for (int i = components.length - 1; i >= 0; i--) {
            pending.push(components[i]);
        }
    }

    private static Path hostPath(Path root, Deque<String> components) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }
}
