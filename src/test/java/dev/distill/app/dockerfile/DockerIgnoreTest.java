package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DockerIgnoreTest {

    private static DockerIgnore ignore(String... lines) {
        return DockerIgnore.parse(".dockerignore", String.join("\n", lines));
    }

    /** Docker's documented examples, each with paths it excludes and paths it keeps. */
    static Stream<Arguments> documentedExamples() {
        return Stream.of(
                arguments(List.of("*/temp*"), List.of("somedir/temporary.txt", "somedir/temp", "somedir/temp/x"),
                        List.of("temp", "temporary.txt", "somedir/subdir/temporary.txt", "somedir/other")),
                arguments(List.of("*/*/temp*"), List.of("somedir/subdir/temporary.txt", "a/b/temp/c"),
                        List.of("somedir/temporary.txt", "temp", "a/b/c/temp")),
                arguments(List.of("temp?"), List.of("tempa", "tempb", "tempa/inside"),
                        List.of("temp", "tempab", "dir/tempa")),
                arguments(List.of("**/*.go"), List.of("main.go", "cmd/app/main.go", "a/b/c/d.go"),
                        List.of("main.go.txt", "go", "cmd/app/main")),
                arguments(List.of("*.md", "!README.md"), List.of("CHANGELOG.md"),
                        List.of("README.md", "docs/guide.md", "main.go")),
                arguments(List.of("*.md", "!README*.md", "README-secret.md"), List.of("other.md", "README-secret.md"),
                        List.of("README.md", "README-main.md")),
                arguments(List.of("*.md", "README-secret.md", "!README*.md"), List.of("other.md"),
                        List.of("README-secret.md", "README.md")),
                arguments(List.of("/build", "!/build/keep"), List.of("build", "build/x", "build/keep2"),
                        List.of("build/keep", "build/keep/x", "src/build")),
                arguments(List.of("# comment", "", "  node_modules  ", "#!not-an-exception"),
                        List.of("node_modules", "node_modules/a/b.js"), List.of("#!not-an-exception", "src")),
                arguments(List.of("docs", "!docs/README.md"), List.of("docs/other.md", "docs"),
                        List.of("docs/README.md")),
                arguments(List.of("docs/", "!docs/README.md"), List.of("docs/other.md"), List.of("docs/README.md")),
                arguments(List.of("docs/*", "!docs/README.md"), List.of("docs/other.md"), List.of("docs/README.md")),
                arguments(List.of("**", "!util/docker/web"), List.of("util/docker/other", "x"),
                        List.of("util/docker/web/foo", "util/docker/web")),
                arguments(List.of("**", "!util/docker/web", "util/docker/web/foo"), List.of("util/docker/web/foo"),
                        List.of("util/docker/web/bar")),
                arguments(List.of("**", "!dist/*.whl"), List.of("dist/a.tar.gz"),
                        List.of("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl")),
                arguments(List.of("!fileutils.go", "*.go"), List.of("fileutils.go"), List.of()),
                arguments(List.of("*.go", "!fileutils.go"), List.of("other.go"), List.of("fileutils.go")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedExamples")
    void followsDockersDocumentedExamples(List<String> lines, List<String> excluded, List<String> kept) {
        DockerIgnore ignore = DockerIgnore.parse(".dockerignore", String.join("\n", lines));

        assertThat(excluded).allSatisfy(path -> assertThat(ignore.excluded(path)).as(path).isTrue());
        assertThat(kept).allSatisfy(path -> assertThat(ignore.excluded(path)).as(path).isFalse());
    }

    /** BuildKit's patternmatcher table: pattern, path, and whether the path (or a parent) matches. */
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = ' ', quoteCharacter = '"', textBlock = """
            ** file true
            ** file/ true
            **/ file true
            **/ file/ true
            ** dir/file true
            **/ dir/file true
            **/** dir/file true
            dir/** dir/file true
            dir/** dir/dir2/file true
            **/dir dir true
            **/dir dir/file true
            **/dir2/* dir/dir2/file true
            **/dir2/* dir/dir2/file/ true
            **/dir2/** dir/dir2/dir3/file true
            **file file true
            **file dir/file true
            **/file dir/file true
            **file dir/dir/file true
            **/file dir/dir/file true
            **/file* dir/dir/file true
            **/file* dir/dir/file.txt true
            **/file*txt dir/dir/file.txt true
            **/file*.txt dir/dir/file.txt true
            **/file*.txt* dir/dir/file.txt true
            **/**/*.txt dir/dir/file.txt true
            **/**/*.txt2 dir/dir/file.txt false
            **/*.txt file.txt true
            **/**/*.txt file.txt true
            a**/*.txt a/file.txt true
            a**/*.txt a/dir/file.txt true
            a**/*.txt a/dir/dir/file.txt true
            a/*.txt a/dir/file.txt false
            a/*.txt a/file.txt true
            a/*.txt** a/file.txt true
            a[b-d]e ae false
            a[b-d]e ace true
            a[b-d]e aae false
            a[^b-d]e aze true
            .* .foo true
            .* foo false
            abc.def abcdef false
            abc.def abc.def true
            abc.def abcZdef false
            abc?def abcZdef true
            abc?def abcdef false
            **/foo/bar foo/bar true
            **/foo/bar dir/foo/bar true
            **/foo/bar dir/dir2/foo/bar true
            abc/** abc false
            abc/** abc/def true
            abc/** abc/def/ghi true
            **/.foo .foo true
            **/.foo bar.foo false
            a(b)c/def a(b)c/def true
            a(b)c/def a(b)c/xyz false
            a.|)$(}+{bc a.|)$(}+{bc true
            dist/*.whl dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl true
            "a\\\\" "a\\" true
            "a\\*b" "a*b" true
            "a\\*b" ab false
            abc abc true
            * abc true
            *c abc true
            a* a true
            a* abc true
            a* ab/c true
            a*/b abc/b true
            a*/b a/c/b false
            a*b*c*d*e*/f axbxcxdxe/f true
            a*b*c*d*e*/f axbxcxdxexxx/f true
            a*b*c*d*e*/f axbxcxdxe/xxx/f false
            a*b*c*d*e*/f axbxcxdxexxx/fff false
            a*b?c*x abxbbxdbxebxczzx true
            a*b?c*x abxbbxdbxebxczzy false
            ab[c] abc true
            ab[b-d] abc true
            ab[e-g] abc false
            ab[^c] abc false
            ab[^b-d] abc false
            ab[^e-g] abc true
            a?b a☺b true
            a[^a]b a☺b true
            a???b a☺b false
            a[^a][^a][^a]b a☺b false
            [a-ζ]* α true
            *[a-ζ] A false
            a?b a/b false
            a*b a/b false
            "[\\]a]" ] true
            "[\\-]" - true
            "[x\\-]" x true
            "[x\\-]" - true
            "[x\\-]" z false
            "[\\-x]" x true
            "[\\-x]" - true
            "[\\-x]" a false
            *x xxx true
            """)
    void matchesLikeBuildKitsPatternMatcher(String pattern, String path, boolean excluded) {
        assertThat(ignore(pattern).excluded(path)).isEqualTo(excluded);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a["})
    void refusesMalformedPatternsWithTheLine(String pattern) {
        assertThatThrownBy(() -> ignore("# patterns", "ok", pattern))
                .isInstanceOf(DistillException.class)
                .hasMessage(".dockerignore line 3: syntax error in pattern \"" + pattern + "\"");
    }

    @Test
    void refusesALoneExclamationMark() {
        assertThatThrownBy(() -> ignore("a", " ! "))
                .isInstanceOf(DistillException.class)
                .hasMessage(".dockerignore line 2: illegal exclusion pattern \"!\"");
    }

    @Test
    void normalisesPatternsLikeDocker() {
        assertThat(ignore("\uFEFFtest1", "/test2", "/a/file/here", "", "lastfile", "# this is a comment",
                "! /inverted/abs/path", "./b//c/../d/", "  spaced  ").patterns())
                .containsExactly("test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "b/d", "spaced");
    }

    @Test
    void neverExcludesTheContextRoot() {
        assertThat(ignore("**", "*").excluded(".")).isFalse();
        assertThat(ignore("**").excluded("")).isFalse();
    }

    @Test
    void keepingAddsExceptionsOnlyForExcludedPaths() {
        DockerIgnore ignore = ignore("*", "!src").keeping(List.of(".dockerignore", "docker/Dockerfile", "src/x"));

        assertThat(ignore.patterns()).containsExactly("*", "!src", "!.dockerignore", "!docker/Dockerfile");
        assertThat(ignore.excluded("docker/Dockerfile")).isFalse();
        assertThat(ignore.excluded("docker/other")).isTrue();
        assertThat(ignore.excluded(".dockerignore")).isFalse();
    }

    @Test
    void knowsWhenAnExcludedDirectoryMustStillBeWalked() {
        assertThat(ignore("vendor", "!vendor/keep/**").mayIncludeUnder("vendor")).isTrue();
        assertThat(ignore("vendor", "!vendor/keep").mayIncludeUnder("vendor/other")).isFalse();
        assertThat(ignore("vendor", "!*/keep").mayIncludeUnder("vendor")).isTrue();
        assertThat(ignore("vendor", "!README.md").mayIncludeUnder("vendor")).isFalse();
        assertThat(ignore("vendor", "!**/README.md").mayIncludeUnder("vendor")).isTrue();
        assertThat(ignore("vendor/a/b").mayIncludeUnder("vendor")).isFalse();
    }
}
