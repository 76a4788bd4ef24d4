package dev.distill.app.dockerfile;

import dev.distill.app.dockerfile.Instruction.CommandLine;
import dev.distill.app.dockerfile.Instruction.KeyValue;
import dev.distill.app.dockerfile.Instruction.Network;
import dev.distill.common.DistillException;
import dev.distill.oci.ImageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DockerfileParserTest {
    private static final String SUPPORTED = "ADD, ARG, CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, HEALTHCHECK, LABEL, "
            + "MAINTAINER, RUN, SHELL, STOPSIGNAL, USER, VOLUME, WORKDIR";

    private final DockerfileParser parser = new DockerfileParser();

    /** The one instruction of {@code body}, written as line 2 after {@code FROM scratch}. */
    private Instruction secondLine(String body) {
        Dockerfile dockerfile = parser.parse("Dockerfile", "FROM scratch\n" + body);
        assertThat(dockerfile.stages()).hasSize(1);
        assertThat(dockerfile.stages().get(0).instructions()).hasSize(1);
        return dockerfile.stages().get(0).instructions().get(0);
    }

    static Stream<Arguments> instructionForms() {
        return Stream.of(
                arguments("RUN apt-get update && apt-get install -y curl",
                        new Instruction.Run(2, "RUN apt-get update && apt-get install -y curl",
                                CommandLine.shell("apt-get update && apt-get install -y curl"), Network.DEFAULT)),
                arguments("RUN [\"/bin/echo\", \"hello world\"]",
                        new Instruction.Run(2, "RUN [\"/bin/echo\", \"hello world\"]",
                                CommandLine.exec(List.of("/bin/echo", "hello world")), Network.DEFAULT)),
                arguments("RUN --network=none make test",
                        new Instruction.Run(2, "RUN --network=none make test", CommandLine.shell("make test"),
                                Network.NONE)),
                arguments("RUN --network=host curl -fsSO x",
                        new Instruction.Run(2, "RUN --network=host curl -fsSO x", CommandLine.shell("curl -fsSO x"),
                                Network.HOST)),
                arguments("RUN --network=default [\"make\"]",
                        new Instruction.Run(2, "RUN --network=default [\"make\"]", CommandLine.exec(List.of("make")),
                                Network.DEFAULT)),
                arguments("RUN [ -f /etc/os-release ] && echo found",
                        new Instruction.Run(2, "RUN [ -f /etc/os-release ] && echo found",
                                CommandLine.shell("[ -f /etc/os-release ] && echo found"), Network.DEFAULT)),
                arguments("RUN [\"echo\", \"a\"] ignored by Docker",
                        new Instruction.Run(2, "RUN [\"echo\", \"a\"] ignored by Docker",
                                CommandLine.exec(List.of("echo", "a")), Network.DEFAULT)),
                arguments("run echo lower-case keyword",
                        new Instruction.Run(2, "run echo lower-case keyword",
                                CommandLine.shell("echo lower-case keyword"), Network.DEFAULT)),
                arguments("   RUN   echo indented   ",
                        new Instruction.Run(2, "RUN   echo indented", CommandLine.shell("echo indented"),
                                Network.DEFAULT)),
                arguments("RUN echo not # a comment",
                        new Instruction.Run(2, "RUN echo not # a comment", CommandLine.shell("echo not # a comment"),
                                Network.DEFAULT)),
                arguments("CMD [\"python3\", \"-m\", \"http.server\"]",
                        new Instruction.Cmd(2, "CMD [\"python3\", \"-m\", \"http.server\"]",
                                CommandLine.exec(List.of("python3", "-m", "http.server")))),
                arguments("CMD python3 -m http.server",
                        new Instruction.Cmd(2, "CMD python3 -m http.server",
                                CommandLine.shell("python3 -m http.server"))),
                arguments("ENTRYPOINT [\"/usr/bin/tini\", \"--\"]",
                        new Instruction.Entrypoint(2, "ENTRYPOINT [\"/usr/bin/tini\", \"--\"]",
                                CommandLine.exec(List.of("/usr/bin/tini", "--")))),
                arguments("ENTRYPOINT exec /app/server",
                        new Instruction.Entrypoint(2, "ENTRYPOINT exec /app/server",
                                CommandLine.shell("exec /app/server"))),
                arguments("ENTRYPOINT []",
                        new Instruction.Entrypoint(2, "ENTRYPOINT []", CommandLine.exec(List.of()))),
                arguments("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
                        new Instruction.Shell(2, "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
                                List.of("/bin/bash", "-o", "pipefail", "-c"))),
                arguments("COPY src/ /app/",
                        new Instruction.Copy(2, "COPY src/ /app/", List.of("src/"), "/app/", null, null, null)),
                arguments("COPY a b c /dest/",
                        new Instruction.Copy(2, "COPY a b c /dest/", List.of("a", "b", "c"), "/dest/", null, null,
                                null)),
                arguments("COPY --from=build --chown=app:app --chmod=0755 /out/bin /usr/local/bin/",
                        new Instruction.Copy(2, "COPY --from=build --chown=app:app --chmod=0755 /out/bin /usr/local/bin/",
                                List.of("/out/bin"), "/usr/local/bin/", "build", "app:app", 0755)),
                arguments("COPY --from=0 --chmod=644 /etc/passwd /etc/",
                        new Instruction.Copy(2, "COPY --from=0 --chmod=644 /etc/passwd /etc/", List.of("/etc/passwd"),
                                "/etc/", "0", null, 0644)),
                arguments("COPY --chown=\"1000:1000\" $SRC ${DEST}",
                        new Instruction.Copy(2, "COPY --chown=\"1000:1000\" $SRC ${DEST}", List.of("$SRC"), "${DEST}",
                                null, "1000:1000", null)),
                arguments("COPY [\"file with space.txt\", \"/dest dir/\"]",
                        new Instruction.Copy(2, "COPY [\"file with space.txt\", \"/dest dir/\"]",
                                List.of("file with space.txt"), "/dest dir/", null, null, null)),
                arguments("COPY --from=golang:1.24 -- /usr/local/go /usr/local/go",
                        new Instruction.Copy(2, "COPY --from=golang:1.24 -- /usr/local/go /usr/local/go",
                                List.of("/usr/local/go"), "/usr/local/go", "golang:1.24", null, null)),
                arguments("ADD app.tar.gz /opt/",
                        new Instruction.Add(2, "ADD app.tar.gz /opt/", List.of("app.tar.gz"), "/opt/", null, null)),
                arguments("ADD --chown=1000:1000 --chmod=600 secrets.tar /etc/app/",
                        new Instruction.Add(2, "ADD --chown=1000:1000 --chmod=600 secrets.tar /etc/app/",
                                List.of("secrets.tar"), "/etc/app/", "1000:1000", 0600)),
                arguments("ADD [\"a b.tar\", \"/x\"]",
                        new Instruction.Add(2, "ADD [\"a b.tar\", \"/x\"]", List.of("a b.tar"), "/x", null, null)),
                arguments("WORKDIR /app",
                        new Instruction.Workdir(2, "WORKDIR /app", "/app")),
                arguments("WORKDIR $HOME/my src",
                        new Instruction.Workdir(2, "WORKDIR $HOME/my src", "$HOME/my src")),
                arguments("ENV A=1 B=\"two words\" C=three\\ words D=",
                        new Instruction.Env(2, "ENV A=1 B=\"two words\" C=three\\ words D=", List.of(
                                new KeyValue("A", "1"), new KeyValue("B", "\"two words\""),
                                new KeyValue("C", "three\\ words"), new KeyValue("D", "")))),
                arguments("ENV PATH /usr/local/bin:$PATH",
                        new Instruction.Env(2, "ENV PATH /usr/local/bin:$PATH",
                                List.of(new KeyValue("PATH", "/usr/local/bin:$PATH")))),
                arguments("ENV GREETING hello   \"big\" world",
                        new Instruction.Env(2, "ENV GREETING hello   \"big\" world",
                                List.of(new KeyValue("GREETING", "hello   \"big\" world")))),
                arguments("ENV X='a b'c=d",
                        new Instruction.Env(2, "ENV X='a b'c=d", List.of(new KeyValue("X", "'a b'c=d")))),
                arguments("ARG VERSION",
                        new Instruction.Arg(2, "ARG VERSION", List.of(new Instruction.Arg.Declaration("VERSION", null)))),
                arguments("ARG VERSION=1.0 EMPTY= PLAIN QUOTED=\"x y\"",
                        new Instruction.Arg(2, "ARG VERSION=1.0 EMPTY= PLAIN QUOTED=\"x y\"", List.of(
                                new Instruction.Arg.Declaration("VERSION", "1.0"),
                                new Instruction.Arg.Declaration("EMPTY", ""),
                                new Instruction.Arg.Declaration("PLAIN", null),
                                new Instruction.Arg.Declaration("QUOTED", "\"x y\"")))),
                arguments("USER 65532:65532",
                        new Instruction.User(2, "USER 65532:65532", "65532:65532")),
                arguments("EXPOSE 8080 8080/tcp 53/udp 8000-8010",
                        new Instruction.Expose(2, "EXPOSE 8080 8080/tcp 53/udp 8000-8010",
                                List.of("8080", "8080/tcp", "53/udp", "8000-8010"))),
                arguments("LABEL a=b \"c d\"=\"e f\" version=1.0",
                        new Instruction.Label(2, "LABEL a=b \"c d\"=\"e f\" version=1.0", List.of(
                                new KeyValue("a", "b"), new KeyValue("\"c d\"", "\"e f\""),
                                new KeyValue("version", "1.0")))),
                arguments("LABEL description This image serves files",
                        new Instruction.Label(2, "LABEL description This image serves files",
                                List.of(new KeyValue("description", "This image serves files")))),
                arguments("VOLUME /data /cache",
                        new Instruction.Volume(2, "VOLUME /data /cache", List.of("/data", "/cache"))),
                arguments("VOLUME [\"/data\", \" /var/log \"]",
                        new Instruction.Volume(2, "VOLUME [\"/data\", \" /var/log \"]", List.of("/data", "/var/log"))),
                arguments("STOPSIGNAL SIGQUIT",
                        new Instruction.StopSignal(2, "STOPSIGNAL SIGQUIT", "SIGQUIT")),
                arguments("HEALTHCHECK NONE",
                        new Instruction.Healthcheck(2, "HEALTHCHECK NONE",
                                new ImageConfig.Healthcheck(List.of("NONE"), null, null, null, null, null))),
                arguments("HEALTHCHECK CMD curl -f http://localhost/ || exit 1",
                        new Instruction.Healthcheck(2, "HEALTHCHECK CMD curl -f http://localhost/ || exit 1",
                                new ImageConfig.Healthcheck(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"),
                                        null, null, null, null, null))),
                arguments("HEALTHCHECK --interval=1m30s --timeout=1.5s --start-period=500ms --start-interval=2500000µs "
                                + "--retries=3 cmd [\"/bin/check\", \"--quick\"]",
                        new Instruction.Healthcheck(2, "HEALTHCHECK --interval=1m30s --timeout=1.5s "
                                + "--start-period=500ms --start-interval=2500000µs --retries=3 cmd [\"/bin/check\", \"--quick\"]",
                                new ImageConfig.Healthcheck(List.of("CMD", "/bin/check", "--quick"), 90_000_000_000L,
                                        1_500_000_000L, 500_000_000L, 2_500_000_000L, 3))),
                arguments("MAINTAINER Jane Doe <jane@example.org>",
                        new Instruction.Maintainer(2, "MAINTAINER Jane Doe <jane@example.org>",
                                "Jane Doe <jane@example.org>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instructionForms")
    void parsesEveryInstructionForm(String line, Instruction expected) {
        assertThat(secondLine(line)).isEqualTo(expected);
    }

    static Stream<Arguments> fromForms() {
        return Stream.of(
                arguments("FROM debian:13", new Instruction.From(1, "FROM debian:13", "debian:13", null, null)),
                arguments("FROM --platform=linux/arm64 golang:1.24 AS Build",
                        new Instruction.From(1, "FROM --platform=linux/arm64 golang:1.24 AS Build", "golang:1.24",
                                "linux/arm64", "build")),
                arguments("from debian as base", new Instruction.From(1, "from debian as base", "debian", null, "base")),
                arguments("FROM --platform=$BUILDPLATFORM ${BASE}:${TAG} AS my_stage.1",
                        new Instruction.From(1, "FROM --platform=$BUILDPLATFORM ${BASE}:${TAG} AS my_stage.1",
                                "${BASE}:${TAG}", "$BUILDPLATFORM", "my_stage.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fromForms")
    void parsesFromLines(String line, Instruction.From expected) {
        assertThat(parser.parse("Dockerfile", line).stages().get(0).from()).isEqualTo(expected);
    }

    @Test
    void buildsStagesWithGlobalArgsAndLineNumbers() {
        String content = """
                # syntax=docker/dockerfile:1
                ARG BASE=debian:13
                ARG TAG

                FROM ${BASE} AS build
                WORKDIR /src
                COPY . .
                RUN make

                # the runtime stage
                FROM gcr.io/distroless/static
                COPY --from=build /src/app /app
                ENTRYPOINT ["/app"]
                """;
        Dockerfile dockerfile = parser.parse("Dockerfile", content);

        assertThat(dockerfile).isEqualTo(new Dockerfile("Dockerfile", '\\',
                List.of(new Instruction.Arg(2, "ARG BASE=debian:13",
                                List.of(new Instruction.Arg.Declaration("BASE", "debian:13"))),
                        new Instruction.Arg(3, "ARG TAG", List.of(new Instruction.Arg.Declaration("TAG", null)))),
                List.of(new Stage(0, new Instruction.From(5, "FROM ${BASE} AS build", "${BASE}", null, "build"), List.of(
                                new Instruction.Workdir(6, "WORKDIR /src", "/src"),
                                new Instruction.Copy(7, "COPY . .", List.of("."), ".", null, null, null),
                                new Instruction.Run(8, "RUN make", CommandLine.shell("make"), Network.DEFAULT))),
                        new Stage(1, new Instruction.From(11, "FROM gcr.io/distroless/static",
                                "gcr.io/distroless/static", null, null), List.of(
                                new Instruction.Copy(12, "COPY --from=build /src/app /app", List.of("/src/app"), "/app",
                                        "build", null, null),
                                new Instruction.Entrypoint(13, "ENTRYPOINT [\"/app\"]",
                                        CommandLine.exec(List.of("/app")))))),
                List.of()));
        assertThat(dockerfile.stages().get(0).name()).isEqualTo("build");
        assertThat(dockerfile.stages().get(1).describe()).isEqualTo("stage 1");
    }

    @Test
    void joinsContinuationLinesLikeDocker() {
        String content = "FROM scratch\n"
                + "RUN apt-get update \\\n"
                + "    && apt-get install -y \\\n"
                + "# a comment inside the continuation is dropped\n"
                + "      curl \\  \n"
                + "      ca-certificates\n"
                + "ENV A=1\n";
        List<Instruction> instructions = parser.parse("Dockerfile", content).stages().get(0).instructions();

        String text = "RUN apt-get update     && apt-get install -y       curl       ca-certificates";
        assertThat(instructions).containsExactly(
                new Instruction.Run(2, text, CommandLine.shell(text.substring(4)), Network.DEFAULT),
                new Instruction.Env(7, "ENV A=1", List.of(new KeyValue("A", "1"))));
    }

    @Test
    void skipsEmptyContinuationLinesWithAWarning() {
        Dockerfile dockerfile = parser.parse("Dockerfile", "FROM scratch\nRUN echo a \\\n\n   b\nUSER x\n");

        assertThat(dockerfile.stages().get(0).instructions()).containsExactly(
                new Instruction.Run(2, "RUN echo a    b", CommandLine.shell("echo a    b"), Network.DEFAULT),
                new Instruction.User(5, "USER x", "x"));
        assertThat(dockerfile.warnings()).containsExactly("Dockerfile line 2: empty continuation line in "
                + "\"RUN echo a    b\"; Docker will refuse these in a future release");
    }

    @Test
    void anEscapedEscapeAtTheEndDoesNotContinueTheLine() {
        Dockerfile dockerfile = parser.parse("Dockerfile", "FROM scratch\nRUN echo \\\\\nUSER x\n");

        assertThat(dockerfile.stages().get(0).instructions()).containsExactly(
                new Instruction.Run(2, "RUN echo \\\\", CommandLine.shell("echo \\\\"), Network.DEFAULT),
                new Instruction.User(3, "USER x", "x"));
    }

    @Test
    void theEscapeDirectiveSwitchesToBacktick() {
        String content = "# syntax=docker/dockerfile:1\n# escape=`\nFROM scratch\nRUN dir c:\\ `\n  /w\n"
                + "ENV P=c:\\tools K=`\"q`\"\n";
        Dockerfile dockerfile = parser.parse("Dockerfile", content);

        assertThat(dockerfile.escape()).isEqualTo('`');
        assertThat(dockerfile.stages().get(0).instructions()).containsExactly(
                new Instruction.Run(4, "RUN dir c:\\   /w", CommandLine.shell("dir c:\\   /w"), Network.DEFAULT),
                new Instruction.Env(6, "ENV P=c:\\tools K=`\"q`\"",
                        List.of(new KeyValue("P", "c:\\tools"), new KeyValue("K", "`\"q`\""))));
    }

    @Test
    void aDirectiveAfterACommentIsAComment() {
        Dockerfile dockerfile = parser.parse("Dockerfile", "# hello\n# escape=`\nFROM scratch\nRUN a \\\n  b\n");

        assertThat(dockerfile.escape()).isEqualTo('\\');
        assertThat(dockerfile.stages().get(0).instructions()).containsExactly(
                new Instruction.Run(4, "RUN a   b", CommandLine.shell("a   b"), Network.DEFAULT));
    }

    @Test
    void acceptsByteOrderMarkAndWindowsLineEndings() {
        Dockerfile dockerfile = parser.parse("Dockerfile", "\uFEFFFROM scratch\r\nRUN a \\\r\n  b\r\nUSER u\r\n");

        assertThat(dockerfile.stages().get(0).from()).isEqualTo(
                new Instruction.From(1, "FROM scratch", "scratch", null, null));
        assertThat(dockerfile.stages().get(0).instructions()).containsExactly(
                new Instruction.Run(2, "RUN a   b", CommandLine.shell("a   b"), Network.DEFAULT),
                new Instruction.User(4, "USER u", "u"));
    }

    static Stream<Arguments> refusedInstructions() {
        return Stream.of(
                arguments("ONBUILD RUN make",
                        "Dockerfile line 2: ONBUILD is not supported; supported instructions are " + SUPPORTED),
                arguments("FETCH http://x /y",
                        "Dockerfile line 2: FETCH is not supported; supported instructions are " + SUPPORTED),
                arguments("COPY --link a /b",
                        "Dockerfile line 2: COPY --link is not supported; COPY supports --from, --chown, --chmod"),
                arguments("COPY --parents a/b /c/",
                        "Dockerfile line 2: COPY --parents is not supported; COPY supports --from, --chown, --chmod"),
                arguments("RUN --mount=type=cache,target=/root/.cache make",
                        "Dockerfile line 2: RUN --mount is not supported; RUN supports --network"),
                arguments("RUN --security=insecure make",
                        "Dockerfile line 2: RUN --security is not supported; RUN supports --network"),
                arguments("ADD --checksum=sha256:abc a /b",
                        "Dockerfile line 2: ADD --checksum is not supported; ADD supports --chown, --chmod"),
                arguments("ADD --link a /b",
                        "Dockerfile line 2: ADD --link is not supported; ADD supports --chown, --chmod"),
                arguments("RUN --network=bridge make",
                        "Dockerfile line 2: RUN --network=bridge is not supported; use none, host or default"),
                arguments("RUN <<EOF\necho hello\nEOF",
                        "Dockerfile line 2: heredocs (<<EOF) are not supported; put the script in a file in the build "
                                + "context and COPY it, or join its lines with && and \\ continuations"),
                arguments("RUN cat <<-'END' > /etc/motd",
                        "Dockerfile line 2: heredocs (<<-'END') are not supported; put the script in a file in the "
                                + "build context and COPY it, or join its lines with && and \\ continuations"),
                arguments("COPY <<EOF /etc/motd",
                        "Dockerfile line 2: heredocs (<<EOF) are not supported; put the script in a file in the build "
                                + "context and COPY it, or join its lines with && and \\ continuations"),
                arguments("ADD https://example.org/tool.tar.gz /opt/",
                        "Dockerfile line 2: ADD https://example.org/tool.tar.gz: downloading URLs and git repositories "
                                + "is not supported; put the file in the build context, or fetch it in a RUN step of a "
                                + "build stage"),
                arguments("ADD git@git.example.org:team/tool.git /src",
                        "Dockerfile line 2: ADD git@git.example.org:team/tool.git: downloading URLs and git "
                                + "repositories is not supported; put the file in the build context, or fetch it in a "
                                + "RUN step of a build stage"),
                arguments("COPY http://example.org/a /a",
                        "Dockerfile line 2: COPY cannot download http://example.org/a; ADD is the instruction for "
                                + "URLs, and Distill refuses those too: put the file in the build context"),
                arguments("FROM a AS",
                        "Dockerfile line 2: FROM requires either one or three arguments: FROM image [AS name]"),
                arguments("FROM a b c",
                        "Dockerfile line 2: FROM requires either one or three arguments: FROM image [AS name]"),
                arguments("FROM a AS 1st",
                        "Dockerfile line 2: invalid stage name \"1st\": a name starts with a letter and holds only "
                                + "letters, digits, '-', '_' and '.'"),
                arguments("FROM a AS my/stage",
                        "Dockerfile line 2: invalid stage name \"my/stage\": a name starts with a letter and holds "
                                + "only letters, digits, '-', '_' and '.'"),
                arguments("RUN", "Dockerfile line 2: RUN requires a command"),
                arguments("RUN --network=none", "Dockerfile line 2: RUN requires a command"),
                arguments("CMD", "Dockerfile line 2: CMD requires a command"),
                arguments("CMD [1, 2]",
                        "Dockerfile line 2: when using JSON array syntax, arrays must be comprised of strings only"),
                arguments("SHELL /bin/bash -c",
                        "Dockerfile line 2: SHELL requires the arguments to be in JSON form, e.g. "
                                + "SHELL [\"/bin/bash\", \"-c\"]"),
                arguments("SHELL []", "Dockerfile line 2: SHELL requires at least one argument"),
                arguments("COPY onlyone", "Dockerfile line 2: COPY requires at least two arguments: COPY source… destination"),
                arguments("ADD [\"a\"]", "Dockerfile line 2: ADD requires at least two arguments: ADD source… destination"),
                arguments("COPY --chmod=999 a /b",
                        "Dockerfile line 2: invalid --chmod=999: use an octal mode from 0 to 7777, e.g. 0755"),
                arguments("COPY --chmod=u+x a /b",
                        "Dockerfile line 2: invalid --chmod=u+x: use an octal mode from 0 to 7777, e.g. 0755"),
                arguments("COPY --chmod=17777 a /b",
                        "Dockerfile line 2: invalid --chmod=17777: use an octal mode from 0 to 7777, e.g. 0755"),
                arguments("COPY --foo=1 a /b",
                        "Dockerfile line 2: unknown option --foo for COPY; COPY supports --from, --chown, --chmod"),
                arguments("COPY --from=a --from=b x /y", "Dockerfile line 2: duplicate option --from"),
                arguments("COPY --from builder /a /b",
                        "Dockerfile line 2: missing a value on option --from; write --from=value"),
                arguments("ENV --x=1 A=b", "Dockerfile line 2: unknown option --x for ENV; ENV takes no options"),
                arguments("WORKDIR", "Dockerfile line 2: WORKDIR requires exactly one argument"),
                arguments("USER", "Dockerfile line 2: USER requires exactly one argument"),
                arguments("STOPSIGNAL", "Dockerfile line 2: STOPSIGNAL requires exactly one argument"),
                arguments("MAINTAINER", "Dockerfile line 2: MAINTAINER requires exactly one argument"),
                arguments("ENV", "Dockerfile line 2: ENV requires at least one argument"),
                arguments("ENV ONLYKEY",
                        "Dockerfile line 2: ENV must have two arguments: ENV key=value (or the legacy ENV key value)"),
                arguments("ENV A=1 B", "Dockerfile line 2: can't find = in \"B\"; write ENV key=value …"),
                arguments("ENV =x", "Dockerfile line 2: ENV names can not be blank"),
                arguments("LABEL =x", "Dockerfile line 2: LABEL names can not be blank"),
                arguments("ARG", "Dockerfile line 2: ARG requires at least one argument"),
                arguments("ARG =x", "Dockerfile line 2: ARG names can not be blank"),
                arguments("EXPOSE", "Dockerfile line 2: EXPOSE requires at least one argument"),
                arguments("VOLUME", "Dockerfile line 2: VOLUME requires at least one argument"),
                arguments("VOLUME [\"/a\", \" \"]", "Dockerfile line 2: VOLUME paths can not be empty"),
                arguments("HEALTHCHECK", "Dockerfile line 2: HEALTHCHECK requires NONE or CMD command"),
                arguments("HEALTHCHECK NONE now", "Dockerfile line 2: HEALTHCHECK NONE takes no arguments"),
                arguments("HEALTHCHECK --retries=2 NONE",
                        "Dockerfile line 2: unknown option --retries for HEALTHCHECK; HEALTHCHECK takes no options"),
                arguments("HEALTHCHECK RUN check", "Dockerfile line 2: unknown type \"RUN\" in HEALTHCHECK; use CMD or NONE"),
                arguments("HEALTHCHECK CMD", "Dockerfile line 2: missing command after HEALTHCHECK CMD"),
                arguments("HEALTHCHECK --interval=5s CMD []", "Dockerfile line 2: missing command after HEALTHCHECK CMD"),
                arguments("HEALTHCHECK --interval=5 CMD check",
                        "Dockerfile line 2: invalid duration --interval=5; write e.g. 30s, 1m30s or 500ms"),
                arguments("HEALTHCHECK --timeout=1x CMD check",
                        "Dockerfile line 2: invalid duration --timeout=1x; write e.g. 30s, 1m30s or 500ms"),
                arguments("HEALTHCHECK --interval=0s CMD check",
                        "Dockerfile line 2: HEALTHCHECK --interval cannot be less than 1ms"),
                arguments("HEALTHCHECK --retries=0 CMD check", "Dockerfile line 2: --retries must be at least 1 (not 0)"),
                arguments("HEALTHCHECK --retries=many CMD check",
                        "Dockerfile line 2: invalid --retries=many; use a whole number"),
                arguments("HEALTHCHECK --cpus=1 CMD check", "Dockerfile line 2: unknown option --cpus for HEALTHCHECK; "
                        + "HEALTHCHECK supports --interval, --timeout, --start-period, --start-interval, --retries"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedInstructions")
    void refusesWithTheFileAndLine(String line, String message) {
        assertThatThrownBy(() -> parser.parse("Dockerfile", "FROM scratch\n" + line + "\n"))
                .isInstanceOf(DistillException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> refusedFiles() {
        return Stream.of(
                arguments("", "Dockerfile has no instructions"),
                arguments("# only a comment\n\n", "Dockerfile has no instructions"),
                arguments("ARG A=1\n", "Dockerfile has no FROM instruction, so no stage to build"),
                arguments("ARG A=1\nRUN make\nFROM scratch\n",
                        "Dockerfile line 2: RUN comes before the first FROM; only ARG may"),
                arguments("# escape=`\n# escape=\\\nFROM scratch\n",
                        "Dockerfile: only one escape parser directive can be used"),
                arguments("# escape=x\nFROM scratch\n", "Dockerfile: invalid escape directive 'x'; use ` or \\"),
                arguments("FROM a AS build\nFROM b AS test\nFROM c AS Build\n", "Dockerfile line 3: stage name build "
                        + "is already used by stage 0 (line 1); give each stage its own name"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusedFiles")
    void refusesFilesWithoutStages(String content, String message) {
        assertThatThrownBy(() -> parser.parse("Dockerfile", content))
                .isInstanceOf(DistillException.class)
                .hasMessage(message);
    }

    @Test
    void namesTheFileReadFromDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.Dockerfile");
        Files.writeString(file, "FROM scratch\n\nONBUILD RUN x\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(DistillException.class)
                .hasMessage(file + " line 3: ONBUILD is not supported; supported instructions are " + SUPPORTED);
        assertThatThrownBy(() -> parser.parse(dir.resolve("missing")))
                .isInstanceOf(DistillException.class)
                .hasMessageStartingWith("cannot read " + dir.resolve("missing"));
    }
}
