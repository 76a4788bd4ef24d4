package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory COPY reads from: the build context (filtered by its {@code .dockerignore}; a symbolic link that
 * leads out of it is refused) or the file system of a stage or image (symbolic links resolved inside it, as in a
 * chroot). Entries are listed in walk order: a directory before its contents, names sorted.
 */
public final class SourceTree {
    private static final int MAX_SYMLINKS = 40;

    private final Path root;
    private final DockerIgnore ignore;
    private final boolean confineSymlinks;
    private final String description;

    private SourceTree(Path root, DockerIgnore ignore, boolean confineSymlinks, String description) {
        this.root = root;
        this.ignore = ignore;
        this.confineSymlinks = confineSymlinks;
        this.description = description;
    }

    /**
     * The build context {@code contextDir} for {@code dockerfile}: filtered by {@code <Dockerfile>.dockerignore}
     * beside the Dockerfile if there is one, else by {@code .dockerignore} in the context; the Dockerfile and the
     * ignore file are kept even if a pattern excludes them, as the Docker CLI does.
     */
    public static SourceTree buildContext(Path contextDir, Path dockerfile) {
        Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        Path general = contextDir.resolve(".dockerignore");
        Path ignoreFile = Files.isRegularFile(specific) ? specific : general;
        DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.read(ignoreFile) : DockerIgnore.none();
        List<String> kept = new ArrayList<>();
        for (Path file : List.of(ignoreFile, dockerfile)) {
            Path relative = contextDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
            if (!relative.startsWith("..")) {
                kept.add(slashes(relative));
            }
        }
        return buildContext(contextDir, ignore.keeping(kept));
    }

    /** The build context {@code contextDir} filtered by {@code ignore}. */
    public static SourceTree buildContext(Path contextDir, DockerIgnore ignore) {
        return new SourceTree(contextDir, ignore, false, "the build context " + contextDir);
    }

    /** The root file system of a stage or image, unpacked at {@code root}; {@code description} names it in messages. */
    public static SourceTree fileSystem(Path root, String description) {
        return new SourceTree(root, DockerIgnore.none(), true, description);
    }

    /** Everything in the tree that is not excluded, with the directories that hold it. */
    public List<TreeEntry> entries() {
        List<TreeEntry> entries = new ArrayList<>();
        walk("", root, "", entries);
        return entries;
    }

    /**
     * What a COPY or ADD source names: one entry, or every match of a pattern with {@code *}, {@code ?} or
     * {@code [...]} (none is not an error, as in Docker). {@code origin} starts messages, e.g.
     * {@code "Dockerfile line 7: COPY"}.
     */
    public List<CopySource> resolve(String source, String origin) {
        String at = origin + " " + source;
        String cleaned = insideRoot(source, at);
        List<String> parts = cleaned.isEmpty() ? List.of() : List.of(cleaned.split("/"));
        int firstWildcard = 0;
        while (firstWildcard < parts.size() && !GoGlob.hasWildcards(parts.get(firstWildcard))) {
            firstWildcard++;
        }
        if (firstWildcard == parts.size()) {
            Located located = locate(cleaned, at);
            if (located == null) {
                throw notFound(at, cleaned);
            }
            return List.of(copySource(cleaned, located, at));
        }
        String prefix = String.join("/", parts.subList(0, firstWildcard));
        Located base = locate(prefix, at);
        if (base == null || !base.attributes().isDirectory()) {
            throw notFound(at, prefix);
        }
        List<String> matches = new ArrayList<>();
        match(base.path(), base.location(), patterns(parts.subList(firstWildcard, parts.size()), at), matches);
        List<CopySource> sources = new ArrayList<>();
        for (String match : matches) {
            Located located = locate(match, at);
            if (located == null) {
                throw notFound(at, match);
            }
            sources.add(copySource(match, located, at));
        }
        return sources;
    }

    /** The source as a path relative to the root ("" for the root); a ".." that would leave the root is refused. */
    private String insideRoot(String source, String at) {
        int depth = 0;
        for (String part : source.split("/")) {
            if (part.equals("..")) {
                if (depth == 0) {
                    throw new DistillException(at + ": the path leaves " + description
                            + " (\"..\" goes above its root); COPY can only read inside it");
                }
                depth--;
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        String cleaned = GoPaths.clean("/" + source);
        return cleaned.substring(1);
    }

    private List<Pattern> patterns(List<String> parts, String at) {
        List<Pattern> patterns = new ArrayList<>();
        for (String part : parts) {
            try {
                patterns.add(GoGlob.compile(part));
            } catch (DistillException e) {
                throw new DistillException(at + ": " + e.getMessage(), e);
            }
        }
        return patterns;
    }

    private DistillException notFound(String at, String path) {
        String shown = path.isEmpty() ? "." : path;
        if (Files.exists(root.resolve(shown), LinkOption.NOFOLLOW_LINKS)) {
            return new DistillException(at + ": " + shown + " is excluded by " + ignore.name());
        }
        return new DistillException(at + ": " + shown + " not found in " + description);
    }

    /** A path inside the tree after following symbolic links, with its attributes (not following a last link). */
    private record Located(String path, Path location, BasicFileAttributes attributes) {
    }

    /** Finds {@code path} in the tree, following every symbolic link on the way, or null if it is not there. */
    private Located locate(String path, String at) {
        Deque<String> pending = new ArrayDeque<>(path.isEmpty() ? List.of() : List.of(path.split("/")));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(part);
            String current = String.join("/", done);
            Path location = root.resolve(current);
            BasicFileAttributes attributes = attributes(location);
            if (attributes == null || !visible(current, location, attributes)) {
                return null;
            }
            if (attributes.isSymbolicLink()) {
                if (++links > MAX_SYMLINKS) {
                    throw new DistillException(at + ": too many levels of symbolic links at " + current);
                }
                done.remove(done.size() - 1);
                String target = readLink(location);
                List<String> targetParts = new ArrayList<>(List.of(target.split("/")));
                if (target.startsWith("/")) {
                    if (!confineSymlinks) {
                        throw escape(at, current, target);
                    }
                    done.clear();
                } else if (!confineSymlinks && leavesRoot(done.size(), targetParts)) {
                    throw escape(at, current, target);
                }
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    pending.addFirst(targetParts.get(i));
                }
            } else if (!pending.isEmpty() && !attributes.isDirectory()) {
                return null;
            }
        }
        String resolved = String.join("/", done);
        Path location = resolved.isEmpty() ? root : root.resolve(resolved);
        BasicFileAttributes attributes = attributes(location);
        return attributes == null ? null : new Located(resolved, location, attributes);
    }

    private static boolean leavesRoot(int depth, List<String> targetParts) {
        int level = depth;
        for (String part : targetParts) {
            if (part.equals("..")) {
                if (--level < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                level++;
            }
        }
        return false;
    }

    private DistillException escape(String at, String link, String target) {
        return new DistillException(at + ": the symbolic link " + link + " -> " + target + " leads out of "
                + description + "; COPY can only read inside it");
    }

    private String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new DistillException("cannot read the symbolic link " + link + ": " + e.getMessage(), e);
        }
    }

    private CopySource copySource(String matched, Located located, String at) {
        BasicFileAttributes attributes = located.attributes();
        if (attributes.isDirectory()) {
            List<TreeEntry> contents = new ArrayList<>();
            walk(located.path(), located.location(), "", contents);
            return new CopySource(matched, located.location(), TreeEntry.Kind.DIRECTORY, contents);
        }
        if (!attributes.isRegularFile()) {
            throw new DistillException(at + ": " + matched + " is not a regular file, directory or symbolic link");
        }
        return new CopySource(matched, located.location(), TreeEntry.Kind.FILE, List.of());
    }

    /** Collects the paths under {@code dir} (relative to the root) that match the remaining components. */
    private void match(String dir, Path location, List<Pattern> patterns, List<String> matches) {
        for (String name : children(location)) {
            String path = dir.isEmpty() ? name : dir + "/" + name;
            Path child = location.resolve(name);
            BasicFileAttributes attributes = attributes(child);
            if (attributes == null || !visible(path, child, attributes)
                    || !patterns.get(0).matcher(name).matches()) {
                continue;
            }
            if (patterns.size() == 1) {
                matches.add(path);
            } else if (attributes.isDirectory()) {
                match(path, child, patterns.subList(1, patterns.size()), matches);
            }
        }
    }

    /** Whether a path is in the tree: not excluded, or an excluded directory that holds something included. */
    private boolean visible(String path, Path location, BasicFileAttributes attributes) {
        if (!ignore.excluded(path)) {
            return true;
        }
        if (!attributes.isDirectory() || !ignore.mayIncludeUnder(path)) {
            return false;
        }
        List<TreeEntry> inside = new ArrayList<>();
        walk(path, location, "", inside);
        return !inside.isEmpty();
    }

    /**
     * Adds the entries under {@code location} (the tree path {@code dir}) to {@code entries}, their paths prefixed
     * with {@code prefix}; an excluded directory is walked only when an exception may bring back something in it.
     */
    private void walk(String dir, Path location, String prefix, List<TreeEntry> entries) {
        for (String name : children(location)) {
            String path = dir.isEmpty() ? name : dir + "/" + name;
            String shown = prefix.isEmpty() ? name : prefix + "/" + name;
            Path child = location.resolve(name);
            BasicFileAttributes attributes = attributes(child);
            if (attributes == null) {
                continue;
            }
            boolean excluded = ignore.excluded(path);
            if (attributes.isDirectory()) {
                if (excluded && !ignore.mayIncludeUnder(path)) {
                    continue;
                }
                List<TreeEntry> inside = new ArrayList<>();
                walk(path, child, shown, inside);
                if (!excluded || !inside.isEmpty()) {
                    entries.add(new TreeEntry(shown, TreeEntry.Kind.DIRECTORY, child));
                    entries.addAll(inside);
                }
            } else if (!excluded) {
                entries.add(new TreeEntry(shown, kind(path, attributes), child));
            }
        }
    }

    private TreeEntry.Kind kind(String path, BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return TreeEntry.Kind.SYMLINK;
        }
        if (attributes.isRegularFile()) {
            return TreeEntry.Kind.FILE;
        }
        throw new DistillException(path + " in " + description + " is a socket, pipe or device; only files, "
                + "directories and symbolic links can be copied" + (confineSymlinks ? ""
                : " (add it to .dockerignore to leave it out)"));
    }

    private static List<String> children(Path directory) {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new DistillException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new DistillException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static String slashes(Path relative) {
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}
