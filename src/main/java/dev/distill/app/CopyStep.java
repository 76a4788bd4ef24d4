package dev.distill.app;

import dev.distill.app.dockerfile.CopySource;
import dev.distill.app.dockerfile.SourceTree;
import dev.distill.app.dockerfile.Step;
import dev.distill.app.dockerfile.TreeEntry;
import dev.distill.common.DistillException;
import dev.distill.container.ProcessUser;
import dev.distill.container.RootfsPaths;
import dev.distill.container.UserDatabase;
import dev.distill.oci.TarEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Places the matches of a COPY or ADD in a stage's root file system the way BuildKit does: the destination is
 * resolved through the stage's symbolic links; a file goes into the destination when it is a directory (it ends
 * with '/', there are several matches, or a directory is there already), else becomes it; a directory's contents go
 * into the destination; ADD unpacks local tar archives into it. Copied entries belong to 0:0 (from the context) or
 * keep their owner (from a stage or image) unless {@code --chown} says otherwise; {@code --chmod} sets the mode of
 * files and directories.
 */
final class CopyStep {
    private final Step.Copy step;
    private final Path rootfs;
    private final long mtime;
    private final LocalArchives archives;
    private final Path scratch;
    private final Owner owner;

    /** {@code scratch} is an empty directory the step may unpack archives into. */
    CopyStep(Step.Copy step, Path rootfs, long mtime, LocalArchives archives, Path scratch) {
        this.step = step;
        this.rootfs = rootfs;
        this.mtime = mtime;
        this.archives = archives;
        this.scratch = scratch;
        this.owner = step.chown() == null ? null : owner(step.chown());
    }

    /** The layer of the step for these matches; {@code keepOwners} for matches read from a stage or image. */
    NewLayer layer(List<CopySource> matches, boolean keepOwners) throws IOException {
        NewLayer layer = new NewLayer(rootfs, mtime, owner == null ? Owner.ROOT : owner);
        String destination = step.destination();
        String target = relativeInRoot(destination);
        boolean intoDirectory = destination.endsWith("/") || matches.size() > 1 || isDirectory(target);
        if (intoDirectory && !target.isEmpty() && !exists(target)) {
            layer.addDirectory(target, 0755, owner == null ? Owner.ROOT : owner);
        }
        int archiveCount = 0;
        for (CopySource match : matches) {
            if (match.kind() == TreeEntry.Kind.DIRECTORY) {
                addDirectory(layer, match.location(), match.contents(), target, keepOwners);
                continue;
            }
            Path unpacked = scratch.resolve("archive-" + archiveCount);
            if (step.unpackArchives() && archives.unpack(match.location(), unpacked)) {
                archiveCount++;
                List<TreeEntry> contents = SourceTree.fileSystem(unpacked, match.path()).entries();
                addDirectory(layer, unpacked, contents, target, true);
            } else {
                String name = match.path().substring(match.path().lastIndexOf('/') + 1);
                String path = intoDirectory ? join(target, name) : target;
                if (path.isEmpty()) {
                    throw new DistillException(step.keyword() + " cannot replace the root directory with the file "
                            + match.path());
                }
                layer.add(entry(path, TreeEntry.Kind.FILE, match.location(), keepOwners), match.location());
            }
        }
        return layer;
    }

    private void addDirectory(NewLayer layer, Path location, List<TreeEntry> contents, String target,
            boolean keepOwners) throws IOException {
        if (!target.isEmpty() && !exists(target)) {
            layer.add(entry(target, TreeEntry.Kind.DIRECTORY, location, keepOwners), null);
        }
        for (TreeEntry entry : contents) {
            layer.add(entry(join(target, entry.path()), entry.kind(), entry.location(), keepOwners),
                    entry.location());
        }
    }

    private TarEntry entry(String path, TreeEntry.Kind kind, Path location, boolean keepOwners) throws IOException {
        Map<String, Object> source = Files.readAttributes(location, "unix:mode,uid,gid,size",
                LinkOption.NOFOLLOW_LINKS);
        Owner entryOwner = owner != null ? owner
                : keepOwners ? new Owner((Integer) source.get("uid"), (Integer) source.get("gid")) : Owner.ROOT;
        int mode = step.chmod() != null ? step.chmod() : (Integer) source.get("mode") & 07777;
        return switch (kind) {
            case DIRECTORY -> TarEntry.directory(path, mode, entryOwner.uid(), entryOwner.gid(), mtime);
            case FILE -> TarEntry.file(path, mode, entryOwner.uid(), entryOwner.gid(), mtime,
                    (Long) source.get("size"));
            case SYMLINK -> new TarEntry(path, TarEntry.Type.SYMLINK, 0777, entryOwner.uid(), entryOwner.gid(), mtime,
                    0, Files.readSymbolicLink(location).toString());
        };
    }

    /** {@code --chown=user[:group]}: names from the stage's files; a missing group is the user's name or id. */
    private Owner owner(String chown) {
        String user = chown.contains(":") ? chown.substring(0, chown.indexOf(':')) : chown;
        String group = chown.contains(":") ? chown.substring(chown.indexOf(':') + 1) : user;
        ProcessUser resolved = UserDatabase.read(rootfs).resolve(user + ":" + group);
        return new Owner(resolved.uid(), resolved.gid());
    }

    /** The destination as a path relative to the root, after following the stage's symbolic links inside it. */
    private String relativeInRoot(String destination) throws IOException {
        return rootfs.relativize(RootfsPaths.resolveInRoot(rootfs, destination)).toString();
    }

    private boolean exists(String path) {
        return path.isEmpty() || Files.exists(rootfs.resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    private boolean isDirectory(String path) {
        return Files.isDirectory(rootfs.resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "/" + child;
    }
}
