package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;
import dev.distill.oci.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class BuildPlannerTest {
    private static final Platform AMD64 = new Platform("amd64", "linux", null);
    private static final Platform ARM64 = new Platform("arm64", "linux", "v8");

    private static final String MULTI_STAGE = """
            ARG GO=1.24
            FROM golang:${GO} AS build
            RUN go build -o /out/app .

            FROM debian:13 AS unused
            COPY --from=nowhere /x /x

            FROM build AS test
            RUN go test ./... > /report

            FROM gcr.io/distroless/static AS final
            COPY --from=build /out/app /app
            COPY --from=2 /report /report
            COPY README.md /
            """;

    private final DockerfileParser parser = new DockerfileParser();
    private final BuildPlanner planner = new BuildPlanner();

    private static BuildRequest request(String target, Map<String, String> buildArgs) {
        return new BuildRequest(target, buildArgs, ARM64, AMD64);
    }

    private BuildPlan plan(String dockerfile, String target, Map<String, String> buildArgs) {
        return planner.plan(parser.parse("Dockerfile", dockerfile), request(target, buildArgs));
    }

    @Test
    void layoutDirectoriesAndArchivesAreImagesForFromAndCopy() {
        BuildPlan plan = plan("""
                FROM oci:/srv/images:python:3.13-dev AS build
                FROM oci:out
                COPY --from=oci-archive:images/app.tar:app:1 /app /app
                COPY --from=build /venv /venv
                """, null, Map.of());

        assertThat(plan.images()).containsExactly(new ImageSource("oci:/srv/images:python:3.13-dev", ARM64),
                new ImageSource("oci:out", ARM64), new ImageSource("oci-archive:images/app.tar:app:1", ARM64));
    }

    @Test
    void parsesPlatformsWithTheirAliases() {
        assertThat(BuildPlanner.parsePlatform("linux/x86_64")).isEqualTo(AMD64);
        assertThat(BuildPlanner.parsePlatform("aarch64")).isEqualTo(new Platform("arm64", "linux", null));
        assertThat(BuildPlanner.parsePlatform("linux/arm64/v8")).isEqualTo(ARM64);
        assertThat(BuildPlanner.parsePlatform("linux//arm64")).isNull();
    }

    @Test
    void plansTheStagesTheTargetNeedsInBuildOrder() {
        Dockerfile dockerfile = parser.parse("Dockerfile", MULTI_STAGE);
        BuildPlan plan = planner.plan(dockerfile, request(null, Map.of()));

        List<Stage> stages = dockerfile.stages();
        assertThat(plan.stages()).containsExactly(
                new PlannedStage(stages.get(0), new ImageSource("golang:1.24", ARM64), ARM64, Map.of()),
                new PlannedStage(stages.get(2), new StageRef(0), ARM64, Map.of()),
                new PlannedStage(stages.get(3), new ImageSource("gcr.io/distroless/static", ARM64), ARM64,
                        Map.of(12, new StageRef(0), 13, new StageRef(2), 14, new CopyOrigin.Context())));
        assertThat(plan.target().name()).isEqualTo("final");
        assertThat(plan.stage(2).base()).isEqualTo(new StageRef(0));
        assertThat(plan.images()).containsExactly(new ImageSource("golang:1.24", ARM64),
                new ImageSource("gcr.io/distroless/static", ARM64));
        assertThat(plan.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "--target {0}")
    @CsvSource(textBlock = """
            build, 0
            BUILD, 0
            test, 0 2
            2, 0 2
            final, 0 2 3
            3, 0 2 3
            """)
    void selectsTheTargetByNameOrIndex(String target, String expectedIndices) {
        BuildPlan plan = plan(MULTI_STAGE, target, Map.of());

        assertThat(plan.stages().stream().map(s -> String.valueOf(s.index())).toList())
                .containsExactly(expectedIndices.split(" "));
    }

    @Test
    void aStageTheTargetDoesNotNeedIsNeitherResolvedNorChecked() {
        assertThat(plan(MULTI_STAGE, "final", Map.of()).stages()).extracting(PlannedStage::index)
                .doesNotContain(1);
        assertThatThrownBy(() -> plan(MULTI_STAGE, "unused", Map.of()))
                .isInstanceOf(DistillException.class)
                .hasMessage("Dockerfile line 6: COPY --from=nowhere names no stage of Dockerfile and is not an image "
                        + "reference with a tag, digest or registry (give a stage index from 0 to 3 or a name: build, "
                        + "unused, test, final; for an image write e.g. nowhere:latest)");
    }

    @Test
    void refusesAnUnknownTarget() {
        assertThatThrownBy(() -> plan(MULTI_STAGE, "release", Map.of()))
                .isInstanceOf(DistillException.class)
                .hasMessage("target stage release not found in Dockerfile; give a stage index from 0 to 3 or a name: "
                        + "build, unused, test, final");
        assertThatThrownBy(() -> plan("FROM scratch\n", "1", Map.of()))
                .isInstanceOf(DistillException.class)
                .hasMessage("target stage 1 not found in Dockerfile; give a stage index from 0 to 0");
    }

    @Test
    void copiesFromAnImageNamedWithATagOrRegistry() {
        BuildPlan plan = plan("""
                FROM scratch
                COPY --from=busybox:1.36 /bin/busybox /busybox
                COPY --from=registry.example.org:5000/tools/jq /jq /jq
                COPY --from=busybox:1.36 /bin/sh /sh
                """, null, Map.of());

        assertThat(plan.target().base()).isEqualTo(new StageBase.Scratch());
        assertThat(plan.target().platform()).isEqualTo(ARM64);
        assertThat(plan.target().copyOrigins()).isEqualTo(Map.of(
                2, new ImageSource("busybox:1.36", ARM64),
                3, new ImageSource("registry.example.org:5000/tools/jq", ARM64),
                4, new ImageSource("busybox:1.36", ARM64)));
        assertThat(plan.images()).containsExactly(new ImageSource("busybox:1.36", ARM64),
                new ImageSource("registry.example.org:5000/tools/jq", ARM64));
    }

    static Stream<Arguments> badStageReferences() {
        return Stream.of(
                arguments("FROM scratch AS a\nCOPY --from=b /x /x\nFROM scratch AS b\n", "a",
                        "Dockerfile line 2: COPY --from=b refers to stage 1 (b), which is defined later (line 3); a "
                                + "stage can only copy from an earlier stage"),
                arguments("FROM scratch AS a\nCOPY --from=1 /x /x\nFROM scratch AS b\n", "a",
                        "Dockerfile line 2: COPY --from=1 refers to stage 1 (b), which is defined later (line 3); a "
                                + "stage can only copy from an earlier stage"),
                arguments("FROM scratch AS a\nCOPY --from=a /x /x\n", null,
                        "Dockerfile line 2: COPY --from=a copies from its own stage; copy from an earlier stage"),
                arguments("FROM scratch AS a\nCOPY --from=5 /x /x\n", null,
                        "Dockerfile line 2: COPY --from=5: there is no stage 5; give a stage index from 0 to 0 or a "
                                + "name: a"),
                arguments("FROM scratch AS a\nCOPY --from=-1 /x /x\n", null,
                        "Dockerfile line 2: COPY --from=-1: there is no stage -1; give a stage index from 0 to 0 or a "
                                + "name: a"),
                arguments("FROM scratch\nCOPY --from=$STAGE /x /x\n", null,
                        "Dockerfile line 2: COPY --from=$STAGE: Docker does not substitute variables in --from; name "
                                + "the image in a stage (FROM $STAGE AS name) and copy from that stage"),
                arguments("FROM scratch\nCOPY --from=Builder /x /x\n", null,
                        "Dockerfile line 2: COPY --from=Builder names no stage of Dockerfile and is not an image "
                                + "reference with a tag, digest or registry (give a stage index from 0 to 0; for an "
                                + "image write e.g. Builder:latest)"),
                arguments("FROM later\nFROM scratch AS later\n", "0",
                        "Dockerfile line 1: FROM later refers to stage 1 (later), which is defined later (line 2); a "
                                + "stage can only build on an earlier stage"),
                arguments("ARG BASE\nFROM ${BASE}\n", null,
                        "Dockerfile line 2: FROM ${BASE} names no image: its variables are empty; declare them with "
                                + "ARG before the first FROM or pass --build-arg"),
                arguments("FROM Debian:13\n", null,
                        "Dockerfile line 1: FROM Debian:13 is not a valid image reference (expected "
                                + "[registry/]name[:tag][@digest], lower case)"),
                arguments("FROM --platform=linux/ debian\n", null,
                        "Dockerfile line 1: invalid platform \"linux/\" in FROM --platform=linux/; write "
                                + "os/arch[/variant], e.g. linux/arm64"),
                arguments("FROM --platform=\"${P:?set P}\" debian\n", null,
                        "Dockerfile line 1: failed to process \"${P:?set P}\": P: set P"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badStageReferences")
    void refusesBadStageReferencesWithTheLine(String dockerfile, String target, String message) {
        assertThatThrownBy(() -> plan(dockerfile, target, Map.of()))
                .isInstanceOf(DistillException.class)
                .hasMessage(message);
    }

    @Test
    void fromLinesSeeGlobalArgsWithBuildArgOverrides() {
        String dockerfile = """
                ARG REGISTRY=registry.example.org
                ARG IMAGE=${REGISTRY}/base
                ARG TAG=13
                ARG UNSET
                FROM ${IMAGE}:${TAG}${UNSET} AS one
                FROM $IMAGE:${TAG:-latest}-$TARGETARCH
                """;

        assertThat(plan(dockerfile, "one", Map.of()).target().base())
                .isEqualTo(new ImageSource("registry.example.org/base:13", ARM64));
        assertThat(plan(dockerfile, "one", Map.of("TAG", "12", "UNSET", "-slim")).target().base())
                .isEqualTo(new ImageSource("registry.example.org/base:12-slim", ARM64));
        assertThat(plan(dockerfile, null, Map.of("REGISTRY", "other.example.org")).target().base())
                .isEqualTo(new ImageSource("other.example.org/base:13-arm64", ARM64));
    }

    @Test
    void definesDockersAutomaticPlatformArgs() {
        BuildPlan plan = plan("FROM scratch AS out\n", null, Map.of());

        assertThat(plan.globalArgs()).isEqualTo(Map.of("BUILDPLATFORM", "linux/amd64", "BUILDOS", "linux",
                "BUILDARCH", "amd64", "BUILDVARIANT", "", "TARGETPLATFORM", "linux/arm64/v8", "TARGETOS", "linux",
                "TARGETARCH", "arm64", "TARGETVARIANT", "v8", "TARGETSTAGE", "out"));
    }

    @Test
    void honoursFromPlatformAndPassesItToStagesBuiltOnTheStage() {
        BuildPlan plan = plan("""
                FROM --platform=$BUILDPLATFORM golang:1.24 AS build
                FROM build AS tools
                FROM --platform=linux/x86_64 debian:13 AS cross
                FROM --platform=riscv64 scratch AS bare
                FROM scratch
                COPY --from=tools /a /a
                COPY --from=cross /b /b
                COPY --from=bare /c /c
                """, null, Map.of());

        assertThat(plan.stages()).extracting(PlannedStage::platform).containsExactly(AMD64, AMD64, AMD64,
                new Platform("riscv64", "linux", null), ARM64);
        assertThat(plan.stage(0).base()).isEqualTo(new ImageSource("golang:1.24", AMD64));
        assertThat(plan.stage(2).base()).isEqualTo(new ImageSource("debian:13", AMD64));
    }

    @Test
    void aStageNamedLikeItsBaseImageUsesTheImage() {
        BuildPlan plan = plan("FROM node AS node\nFROM node\n", null, Map.of());

        assertThat(plan.stage(0).base()).isEqualTo(new ImageSource("node", ARM64));
        assertThat(plan.stage(1).base()).isEqualTo(new StageRef(0));
    }

    @Test
    void warnsAboutBuildArgsNoArgDeclares() {
        Dockerfile dockerfile = parser.parse("Dockerfile", """
                ARG TAG=13
                FROM debian:${TAG}
                ARG VERSION
                RUN echo a \\

                  b
                """);
        BuildPlan plan = planner.plan(dockerfile, request(null, Map.of("TAG", "12", "VERSION", "1", "NOPE", "x",
                "http_proxy", "http://127.0.0.1:3128", "NO_PROXY", "localhost", "TARGETARCH", "arm64", "ALSO", "")));

        assertThat(plan.warnings()).containsExactly(
                "Dockerfile line 4: empty continuation line in \"RUN echo a   b\"; Docker will refuse these in a "
                        + "future release",
                "build-arg ALSO is not declared by any ARG in Dockerfile, so it has no effect",
                "build-arg NOPE is not declared by any ARG in Dockerfile, so it has no effect");
        assertThat(plan.proxyEnv()).isEqualTo(Map.of("HTTP_PROXY", "http://127.0.0.1:3128",
                "http_proxy", "http://127.0.0.1:3128", "NO_PROXY", "localhost", "no_proxy", "localhost"));
    }
}
