package dev.distill.container;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mount points and working directory a run needs but the root file system lacks. They are created before the
 * run and removed after it when still empty, so they never show up in a RUN step's layer (Docker keeps them in an
 * init layer that is never committed). A path that passes through a symlink is left to runc, which resolves it
 * inside the root.
 */
final class RootfsScaffold {
    private final Path rootfs;
    private final List<Path> created = new ArrayList<>();

    private RootfsScaffold(Path rootfs) {
        this.rootfs = rootfs;
    }

    static RootfsScaffold prepare(Path rootfs, List<RuntimeConfig.Mount> mounts, String workingDir) {
        RootfsScaffold scaffold = new RootfsScaffold(rootfs);
        List<String> mounted = new ArrayList<>();
        try {
            for (RuntimeConfig.Mount mount : mounts) {
                if (!isUnder(mount.destination(), mounted)) {
                    boolean file = mount.isBind() && !Files.isDirectory(Path.of(mount.source()));
                    scaffold.create(mount.destination(), file);
                }
                mounted.add(mount.destination());
            }
            if (!isUnder(workingDir, mounted)) {
                scaffold.create(workingDir, false);
            }
        } catch (IOException e) {
            scaffold.remove();
            throw new DistillException("cannot prepare mount points in " + rootfs + ": " + e.getMessage(), e);
        }
        return scaffold;
    }

    /** Removes what {@link #prepare} created, newest first, unless the run put something in it. */
    void remove() {
        for (int i = created.size() - 1; i >= 0; i--) {
            Path path = created.get(i);
            try {
                Optional<BasicFileAttributes> attributes = RootfsPaths.lstat(path);
                if (attributes.isPresent() && (attributes.get().isDirectory()
                        || attributes.get().isRegularFile() && attributes.get().size() == 0)) {
                    Files.delete(path);
                }
            } catch (DirectoryNotEmptyException e) {
                // the run wrote into it: it is part of the result now
            } catch (IOException e) {
                throw new DistillException("cannot remove mount point " + path + " from " + rootfs + ": "
                        + e.getMessage(), e);
            }
        }
        created.clear();
    }

    private void create(String containerPath, boolean file) throws IOException {
        String[] components = containerPath.substring(1).split("/");
        Path current = rootfs;
        for (int i = 0; i < components.length; i++) {
            if (components[i].isEmpty() || components[i].equals(".")) {
                continue;
            }
            if (components[i].equals("..")) {
                throw new DistillException("mount point or working directory '" + containerPath + "' contains '..'");
            }
            current = current.resolve(components[i]);
            boolean last = i == components.length - 1;
            Optional<BasicFileAttributes> attributes = RootfsPaths.lstat(current);
            if (attributes.isEmpty()) {
                if (last && file) {
                    Files.createFile(current);
                    Files.setAttribute(current, "unix:mode", 0644, LinkOption.NOFOLLOW_LINKS);
                } else {
                    Files.createDirectory(current);
                    Files.setAttribute(current, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
                }
                created.add(current);
            } else if (!attributes.get().isDirectory()) {
                return;
            }
        }
    }

    private static boolean isUnder(String path, List<String> mounted) {
        return mounted.stream().anyMatch(m -> path.equals(m) || path.startsWith(m.endsWith("/") ? m : m + "/"));
    }
}
