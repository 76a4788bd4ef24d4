package dev.distill.app.dockerfile;

import dev.distill.app.dockerfile.Instruction.Network;
import dev.distill.common.DistillException;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StageEvaluatorTest {
    private static final Platform AMD64 = new Platform("amd64", "linux", null);
    private static final String PATH = "PATH=" + StageEvaluator.DEFAULT_PATH;
    private static final ImageConfig.Container BASE_CONFIG = new ImageConfig.Container("65532",
            Map.of("8080/tcp", Map.of()), List.of("PATH=/usr/bin:/bin", "LANG=C.UTF-8"), null, List.of("/app"),
            null, "/srv", Map.of("a", "b"), null, null);

    private final DockerfileParser parser = new DockerfileParser();
    private final BuildPlanner planner = new BuildPlanner();
    private final StageEvaluator evaluator = new StageEvaluator();

    private List<ResolvedStage> evaluate(String dockerfile, Map<String, String> buildArgs) {
        BuildPlan plan = planner.plan(parser.parse("Dockerfile", dockerfile),
                new BuildRequest(null, buildArgs, AMD64, AMD64));
        return evaluator.evaluate(plan, image -> {
            assertThat(image).isEqualTo(new ImageSource("example.org/base:1", AMD64));
            return BASE_CONFIG;
        });
    }

    private ResolvedStage target(String dockerfile, Map<String, String> buildArgs) {
        List<ResolvedStage> stages = evaluate(dockerfile, buildArgs);
        return stages.get(stages.size() - 1);
    }

    private static Map<String, String> env(ResolvedStage stage) {
        Map<String, String> env = new TreeMap<>();
        stage.config().env().forEach(entry -> env.put(entry.substring(0, entry.indexOf('=')),
                entry.substring(entry.indexOf('=') + 1)));
        return env;
    }

    private static final String ARG_SCOPES = """
            ARG VERSION=1.0
            ARG ONLY_GLOBAL=g
            FROM scratch
            ENV BEFORE=[$VERSION]
            ARG VERSION
            ENV AFTER=[$VERSION]
            ARG LOCAL=x-${VERSION} NODEFAULT
            ENV LOCAL_VALUE=$LOCAL GLOBAL=[$ONLY_GLOBAL] NODEFAULT=[${NODEFAULT-unset}]
            """;

    @Test
    void aGlobalArgIsVisibleInAStageOnlyOnceTheStageDeclaresIt() {
        ResolvedStage stage = target(ARG_SCOPES, Map.of());

        assertThat(stage.config().env()).containsExactly(PATH, "BEFORE=[]", "AFTER=[1.0]", "LOCAL_VALUE=x-1.0",
                "GLOBAL=[]", "NODEFAULT=[unset]");
        assertThat(stage.buildEnv()).containsExactly(PATH, "BEFORE=[]", "VERSION=1.0", "AFTER=[1.0]",
                "LOCAL=x-1.0", "LOCAL_VALUE=x-1.0", "GLOBAL=[]", "NODEFAULT=[unset]");
    }

    @Test
    void aStageSeesThePlatformArgsItDeclares() {
        ResolvedStage stage = target("FROM scratch\nENV BEFORE=[$TARGETARCH]\nARG TARGETARCH TARGETPLATFORM\n"
                + "ENV AFTER=$TARGETPLATFORM-$TARGETARCH\n", Map.of());

        assertThat(env(stage)).containsEntry("BEFORE", "[]").containsEntry("AFTER", "linux/amd64-amd64");
    }

    @Test
    void buildArgsOverrideDefaultsAsWritten() {
        ResolvedStage stage = target(ARG_SCOPES, Map.of("VERSION", "2.0", "LOCAL", "$VERSION", "NODEFAULT", ""));

        assertThat(env(stage)).containsEntry("AFTER", "[2.0]").containsEntry("LOCAL_VALUE", "$VERSION")
                .containsEntry("NODEFAULT", "[]");
    }

    @Test
    void envSubstitutesThePreviousValuesForTheWholeInstruction() {
        ResolvedStage stage = target("""
                FROM scratch
                ENV abc=hello
                ENV abc=bye def=$abc
                ENV ghi=$abc
                ENV ${ghi}_key="quoted value" legacy=${def:+set}
                ENV LEGACY  two  words
                """, Map.of());

        assertThat(stage.config().env()).containsExactly(PATH, "abc=bye", "def=hello", "ghi=bye",
                "bye_key=quoted value", "legacy=set", "LEGACY=two  words");
    }

    @Test
    void runCmdAndEntrypointAreLeftToTheShell() {
        ResolvedStage stage = target("""
                FROM scratch
                ARG NAME=world
                ENV GREETING=hello
                RUN echo "$GREETING $NAME"
                RUN --network=none ["printf", "%s", "$NAME"]
                CMD echo $GREETING
                """, Map.of("HTTPS_PROXY", "http://127.0.0.1:3128"));

        List<String> env = List.of(PATH, "NAME=world", "GREETING=hello", "HTTPS_PROXY=http://127.0.0.1:3128",
                "https_proxy=http://127.0.0.1:3128");
        assertThat(stage.steps()).containsExactly(
                new Step.Run(4, "RUN echo \"$GREETING $NAME\"", List.of("/bin/sh", "-c", "echo \"$GREETING $NAME\""),
                        env, "/", null, Network.DEFAULT),
                new Step.Run(5, "RUN --network=none [\"printf\", \"%s\", \"$NAME\"]",
                        List.of("printf", "%s", "$NAME"), env, "/", null, Network.NONE));
        assertThat(stage.config().cmd()).containsExactly("/bin/sh", "-c", "echo $GREETING");
        assertThat(stage.config().env()).containsExactly(PATH, "GREETING=hello");
    }

    @Test
    void aStageBuiltFromAnotherInheritsItsEnvArgsShellAndConfig() {
        List<ResolvedStage> stages = evaluate("""
                FROM scratch AS base
                ARG V=1
                ENV E=from-base
                SHELL ["/bin/bash", "-o", "pipefail", "-c"]
                WORKDIR /app
                USER app
                MAINTAINER Jane
                FROM base
                ENV F=$E-$V
                RUN echo hi
                """, Map.of());

        ResolvedStage child = stages.get(1);
        assertThat(child.steps()).containsExactly(new Step.Run(10, "RUN echo hi",
                List.of("/bin/bash", "-o", "pipefail", "-c", "echo hi"),
                List.of(PATH, "V=1", "E=from-base", "F=from-base-1"), "/app", "app", Network.DEFAULT));
        assertThat(child.config()).isEqualTo(new ImageConfig.Container("app", null,
                List.of(PATH, "E=from-base", "F=from-base-1"), null, null, null, "/app", null, null, null));
        assertThat(child.author()).isEqualTo("Jane");
        assertThat(stages.get(0).steps()).containsExactly(new Step.Workdir(5, "WORKDIR /app", "/app", null));
    }

    @Test
    void appliesEveryConfigInstructionToTheBaseImageConfig() {
        ResolvedStage stage = target("""
                FROM example.org/base:1
                ENV PATH=/opt/bin:$PATH PORTS="9000 9001/udp" LOGS=/var/log/app SIG=SIGQUIT
                ENTRYPOINT ["/entry"]
                LABEL "c d"="e f" a=z version=$LANG
                EXPOSE 80 53/udp 7000-7002 $PORTS
                VOLUME ["/data", "$LOGS"]
                STOPSIGNAL $SIG
                HEALTHCHECK --interval=10s CMD ["/check"]
                WORKDIR sub
                USER ${PORTS%% *}
                """, Map.of());

        assertThat(stage.config()).isEqualTo(new ImageConfig.Container("9000",
                Map.of("53/udp", Map.of(), "7000/tcp", Map.of(), "7001/tcp", Map.of(), "7002/tcp", Map.of(),
                        "80/tcp", Map.of(), "8080/tcp", Map.of(), "9000/tcp", Map.of(), "9001/udp", Map.of()),
                List.of("PATH=/opt/bin:/usr/bin:/bin", "LANG=C.UTF-8", "PORTS=9000 9001/udp", "LOGS=/var/log/app",
                        "SIG=SIGQUIT"),
                List.of("/entry"), null, Map.of("/data", Map.of(), "/var/log/app", Map.of()), "/srv/sub",
                Map.of("a", "z", "c d", "e f", "version", "C.UTF-8"), "SIGQUIT",
                new ImageConfig.Healthcheck(List.of("CMD", "/check"), 10_000_000_000L, null, null, null, null)));
        assertThat(stage.steps()).containsExactly(new Step.Workdir(9, "WORKDIR sub", "/srv/sub", "65532"));
    }

    @Test
    void keepsCmdWhenTheStageSetsItBeforeEntrypointAndDropsAnEmptyEntrypoint() {
        ResolvedStage stage = target("FROM example.org/base:1\nCMD [\"serve\"]\nENTRYPOINT []\n", Map.of());

        assertThat(stage.config().cmd()).containsExactly("serve");
        assertThat(stage.config().entrypoint()).isNull();
    }

    @Test
    void resolvesCopyAndAddArgumentsAgainstTheWorkingDirectory() {
        List<ResolvedStage> stages = evaluate("""
                FROM scratch AS build
                FROM scratch
                ARG OWNER=app
                ENV SRC=dist DEST=/opt/app
                WORKDIR /srv
                COPY $SRC/*.js ./
                COPY --from=build --chown=${OWNER}:${OWNER} --chmod=0755 /out/bin bin
                COPY ["$SRC/a b.txt", "${DEST}/"]
                COPY --chown=${NOBODY} a /
                ADD --chmod=600 ${SRC}.tar.gz .
                COPY x ../up/
                """, Map.of());

        assertThat(stages.get(1).steps()).containsExactly(
                new Step.Workdir(5, "WORKDIR /srv", "/srv", null),
                new Step.Copy(6, "COPY $SRC/*.js ./", new CopyOrigin.Context(), List.of("dist/*.js"), "/srv/",
                        null, null, false),
                new Step.Copy(7, "COPY --from=build --chown=${OWNER}:${OWNER} --chmod=0755 /out/bin bin",
                        new StageRef(0), List.of("/out/bin"), "/srv/bin", "app:app", 0755, false),
                new Step.Copy(8, "COPY [\"$SRC/a b.txt\", \"${DEST}/\"]", new CopyOrigin.Context(),
                        List.of("dist/a b.txt"), "/opt/app/", null, null, false),
                new Step.Copy(9, "COPY --chown=${NOBODY} a /", new CopyOrigin.Context(), List.of("a"), "/", null,
                        null, false),
                new Step.Copy(10, "ADD --chmod=600 ${SRC}.tar.gz .", new CopyOrigin.Context(),
                        List.of("dist.tar.gz"), "/srv/", null, 0600, true),
                new Step.Copy(11, "COPY x ../up/", new CopyOrigin.Context(), List.of("x"), "/up/", null, null,
                        false));
    }

    @Test
    void addsTheDefaultPathWhenTheBaseHasNone() {
        assertThat(target("FROM scratch\n", Map.of()).config().env()).containsExactly(PATH);
        assertThat(target("FROM example.org/base:1\n", Map.of()).config().env())
                .containsExactly("PATH=/usr/bin:/bin", "LANG=C.UTF-8");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments("ENV SIG=SIGNOPE\nSTOPSIGNAL $SIG",
                        "Dockerfile line 3: invalid signal SIGNOPE; use a name such as SIGTERM or a number"),
                arguments("EXPOSE 8080:80",
                        "Dockerfile line 2: EXPOSE 8080:80: EXPOSE takes container ports (80, 80/tcp, 53/udp, "
                                + "8000-8010); host addresses and mappings belong to docker run -p"),
                arguments("EXPOSE 70000", "Dockerfile line 2: EXPOSE 70000: \"70000\" is not a port number from 0 to "
                        + "65535"),
                arguments("EXPOSE 80/icmp", "Dockerfile line 2: EXPOSE 80/icmp: unknown protocol icmp; use tcp, udp or "
                        + "sctp"),
                arguments("EXPOSE 90-80", "Dockerfile line 2: EXPOSE 90-80: the range ends before it starts"),
                arguments("ENV X=\"${Y:?set Y with --build-arg}\"",
                        "Dockerfile line 2: failed to process \"\"${Y:?set Y with --build-arg}\"\": Y: set Y with "
                                + "--build-arg"),
                arguments("ARG URL=https://example.org/tool.tgz\nADD $URL /opt/",
                        "Dockerfile line 3: ADD https://example.org/tool.tgz: downloading URLs and git repositories "
                                + "is not supported; put the file in the build context, or fetch it in a RUN step of a "
                                + "build stage"),
                arguments("VOLUME $NOTHING", "Dockerfile line 2: VOLUME $NOTHING is empty after substitution"),
                arguments("USER \"unterminated", "Dockerfile line 2: failed to process \"\"unterminated\": unexpected "
                        + "end of statement while looking for matching double-quote"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void reportsEvaluationErrorsWithTheLine(String body, String message) {
        assertThatThrownBy(() -> evaluate("FROM scratch\n" + body + "\n", Map.of()))
                .isInstanceOf(DistillException.class)
                .hasMessage(message);
    }

    @Test
    void acceptsDockersSignalSpellings() {
        for (String signal : List.of("SIGTERM", "term", "9", "SIGRTMIN+3", "RTMAX-14", "SIGWINCH")) {
            assertThat(target("FROM scratch\nSTOPSIGNAL " + signal + "\n", Map.of()).config().stopSignal())
                    .isEqualTo(signal);
        }
        for (String signal : List.of("0", "SIGRTMIN+16", "RTMAX-15", "SIGFOO")) {
            assertThatThrownBy(() -> target("FROM scratch\nSTOPSIGNAL " + signal + "\n", Map.of()))
                    .hasMessage("Dockerfile line 2: invalid signal " + signal
                            + "; use a name such as SIGTERM or a number");
        }
    }
}
