package dev.distill.app.dockerfile;

import dev.distill.app.dockerfile.TreeEntry.Kind;
import dev.distill.common.DistillException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceTreeTest {
    private static final String ORIGIN = "Dockerfile line 7: COPY";

    @TempDir
    Path dir;
    private Path context;

    @BeforeEach
    void createContext() throws IOException {
        context = dir.resolve("ctx");
        write("Dockerfile", "FROM scratch\n");
        write(".dockerignore", "# build inputs only\n*.log\nnode_modules\n!node_modules/keep\nDockerfile\n"
                + ".dockerignore\nsecret/\n");
        write("app.js", "app");
        write("debug.log", "log");
        write("src/a.js", "a");
        write("src/b.txt", "b");
        write("src/.hidden.js", "h");
        write("src/sub/c.js", "c");
        write("node_modules/x/index.js", "x");
        write("node_modules/keep/k.js", "k");
        write("secret/key", "key");
        Files.createDirectories(context.resolve("empty"));
        Files.createSymbolicLink(context.resolve("link-inside"), Path.of("src/a.js"));
        Files.createSymbolicLink(context.resolve("link-dir"), Path.of("src"));
        Files.createSymbolicLink(context.resolve("link-out"), Path.of("../outside.txt"));
        Files.createSymbolicLink(context.resolve("link-abs"), context.resolve("app.js"));
        Files.writeString(dir.resolve("outside.txt"), "outside");
    }

    private void write(String path, String content) throws IOException {
        Path file = context.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private SourceTree tree() {
        return SourceTree.buildContext(context, context.resolve("Dockerfile"));
    }

    private static List<String> describe(List<TreeEntry> entries) {
        return entries.stream().map(e -> e.path() + " " + e.kind()).toList();
    }

    @Test
    void walksTheContextMinusItsDockerignoreKeepingTheBuildFiles() {
        List<TreeEntry> entries = tree().entries();

        assertThat(describe(entries)).containsExactly(
                ".dockerignore FILE", "Dockerfile FILE", "app.js FILE", "empty DIRECTORY", "link-abs SYMLINK",
                "link-dir SYMLINK", "link-inside SYMLINK", "link-out SYMLINK", "node_modules DIRECTORY",
                "node_modules/keep DIRECTORY", "node_modules/keep/k.js FILE", "src DIRECTORY",
                "src/.hidden.js FILE", "src/a.js FILE", "src/b.txt FILE", "src/sub DIRECTORY", "src/sub/c.js FILE");
        assertThat(entries.get(10)).isEqualTo(new TreeEntry("node_modules/keep/k.js", Kind.FILE,
                context.resolve("node_modules/keep/k.js")));
    }

    @Test
    void prefersTheDockerfileSpecificIgnoreFile() throws IOException {
        write("docker/app.Dockerfile", "FROM scratch\n");
        write("docker/app.Dockerfile.dockerignore", "*\n!src/a.js\n");

        SourceTree tree = SourceTree.buildContext(context, context.resolve("docker/app.Dockerfile"));

        assertThat(describe(tree.entries())).containsExactly("docker DIRECTORY", "docker/app.Dockerfile FILE",
                "docker/app.Dockerfile.dockerignore FILE", "src DIRECTORY", "src/a.js FILE");
    }

    @Test
    void resolvesWildcardsOneComponentAtATimeInNameOrder() {
        List<CopySource> sources = tree().resolve("src/*.js", ORIGIN);

        assertThat(sources).containsExactly(
                new CopySource("src/.hidden.js", context.resolve("src/.hidden.js"), Kind.FILE, List.of()),
                new CopySource("src/a.js", context.resolve("src/a.js"), Kind.FILE, List.of()));
        assertThat(tree().resolve("*/*/c.[jt]s", ORIGIN)).extracting(CopySource::path)
                .containsExactly("src/sub/c.js");
        assertThat(tree().resolve("/src/?.*", ORIGIN)).extracting(CopySource::path)
                .containsExactly("src/a.js", "src/b.txt");
        assertThat(tree().resolve("*.log", ORIGIN)).isEmpty();
        assertThat(tree().resolve("node_modules/*", ORIGIN)).extracting(CopySource::path)
                .containsExactly("node_modules/keep");
    }

    @Test
    void aDirectorySourceCarriesItsIncludedContents() {
        CopySource modules = tree().resolve("node_modules/", ORIGIN).get(0);

        assertThat(modules.path()).isEqualTo("node_modules");
        assertThat(modules.kind()).isEqualTo(Kind.DIRECTORY);
        assertThat(describe(modules.contents())).containsExactly("keep DIRECTORY", "keep/k.js FILE");
        assertThat(describe(tree().resolve(".", ORIGIN).get(0).contents())).isEqualTo(describe(tree().entries()));
    }

    @Test
    void followsSymbolicLinksThatStayInsideTheContext() {
        assertThat(tree().resolve("link-inside", ORIGIN)).containsExactly(
                new CopySource("link-inside", context.resolve("src/a.js"), Kind.FILE, List.of()));
        CopySource sub = tree().resolve("link-dir/sub", ORIGIN).get(0);
        assertThat(sub.location()).isEqualTo(context.resolve("src/sub"));
        assertThat(sub.contents()).containsExactly(new TreeEntry("c.js", Kind.FILE, context.resolve("src/sub/c.js")));
        assertThat(tree().resolve("src/../app.js", ORIGIN)).extracting(CopySource::path).containsExactly("app.js");
    }

    @Test
    void refusesPathsAndLinksThatLeaveTheContext() {
        String contextName = "the build context " + context;
        assertThatThrownBy(() -> tree().resolve("../outside.txt", ORIGIN))
                .isInstanceOf(DistillException.class)
                .hasMessage(ORIGIN + " ../outside.txt: the path leaves " + contextName
                        + " (\"..\" goes above its root); COPY can only read inside it");
        assertThatThrownBy(() -> tree().resolve("src/../../outside.txt", ORIGIN))
                .hasMessage(ORIGIN + " src/../../outside.txt: the path leaves " + contextName
                        + " (\"..\" goes above its root); COPY can only read inside it");
        assertThatThrownBy(() -> tree().resolve("link-out", ORIGIN))
                .hasMessage(ORIGIN + " link-out: the symbolic link link-out -> ../outside.txt leads out of "
                        + contextName + "; COPY can only read inside it");
        assertThatThrownBy(() -> tree().resolve("link-abs", ORIGIN))
                .hasMessage(ORIGIN + " link-abs: the symbolic link link-abs -> " + context.resolve("app.js")
                        + " leads out of " + contextName + "; COPY can only read inside it");
        assertThatThrownBy(() -> tree().resolve("link-*", ORIGIN))
                .hasMessageContaining("the symbolic link link-abs -> ");
    }

    @Test
    void explainsMissingAndIgnoredSources() {
        String ignoreFile = context.resolve(".dockerignore").toString();
        assertThatThrownBy(() -> tree().resolve("missing.txt", ORIGIN))
                .isInstanceOf(DistillException.class)
                .hasMessage(ORIGIN + " missing.txt: missing.txt not found in the build context " + context);
        assertThatThrownBy(() -> tree().resolve("debug.log", ORIGIN))
                .hasMessage(ORIGIN + " debug.log: debug.log is excluded by " + ignoreFile);
        assertThatThrownBy(() -> tree().resolve("node_modules/x/index.js", ORIGIN))
                .hasMessage(ORIGIN + " node_modules/x/index.js: node_modules/x/index.js is excluded by " + ignoreFile);
        assertThatThrownBy(() -> tree().resolve("nodir/*.js", ORIGIN))
                .hasMessage(ORIGIN + " nodir/*.js: nodir not found in the build context " + context);
        assertThatThrownBy(() -> tree().resolve("src/[", ORIGIN))
                .hasMessage(ORIGIN + " src/[: syntax error in pattern \"[\"");
        assertThatThrownBy(() -> tree().resolve("app.js/x", ORIGIN))
                .hasMessage(ORIGIN + " app.js/x: app.js/x not found in the build context " + context);
    }

    @Test
    void refusesSocketsAndPipesUnlessIgnored() throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", context.resolve("src/pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThatThrownBy(() -> tree().entries())
                .isInstanceOf(DistillException.class)
                .hasMessage("src/pipe in the build context " + context + " is a socket, pipe or device; only files, "
                        + "directories and symbolic links can be copied (add it to .dockerignore to leave it out)");
        Files.writeString(context.resolve(".dockerignore"), "src/pipe\n");
        assertThat(describe(tree().entries())).contains("src/a.js FILE").doesNotContain("src/pipe FILE");
    }

    @Test
    void resolvesLinksInsideAStageFileSystemAsInAChroot() throws IOException {
        Path root = dir.resolve("rootfs");
        Files.createDirectories(root.resolve("usr/lib/jvm/bin"));
        Files.createDirectories(root.resolve("etc/alternatives"));
        Files.writeString(root.resolve("usr/lib/libx.so.1"), "lib");
        Files.writeString(root.resolve("usr/lib/jvm/bin/java"), "java");
        Files.createSymbolicLink(root.resolve("usr/lib/libx.so"), Path.of("libx.so.1"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("etc/alternatives/java"), Path.of("/usr/lib/jvm/bin/java"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
        SourceTree tree = SourceTree.fileSystem(root, "stage 0 (build)");

        assertThat(tree.resolve("/lib/libx.so", ORIGIN)).containsExactly(
                new CopySource("lib/libx.so", root.resolve("usr/lib/libx.so.1"), Kind.FILE, List.of()));
        assertThat(tree.resolve("/etc/alternatives/java", ORIGIN)).extracting(CopySource::location)
                .containsExactly(root.resolve("usr/lib/jvm/bin/java"));
        assertThat(tree.resolve("/up/usr/lib/libx.so.1", ORIGIN)).extracting(CopySource::location)
                .containsExactly(root.resolve("usr/lib/libx.so.1"));
        assertThat(tree.resolve("/usr/lib/*.so*", ORIGIN)).extracting(CopySource::path, CopySource::location)
                .containsExactly(tuple("usr/lib/libx.so", root.resolve("usr/lib/libx.so.1")),
                        tuple("usr/lib/libx.so.1", root.resolve("usr/lib/libx.so.1")));
        assertThat(describe(tree.resolve("/usr/lib", ORIGIN).get(0).contents())).containsExactly("jvm DIRECTORY",
                "jvm/bin DIRECTORY", "jvm/bin/java FILE", "libx.so SYMLINK", "libx.so.1 FILE");
        assertThatThrownBy(() -> tree.resolve("/opt/app", ORIGIN))
                .hasMessage(ORIGIN + " /opt/app: opt/app not found in stage 0 (build)");
    }
}
