package dev.distill.app.dockerfile;

import dev.distill.app.dockerfile.Instruction.Network;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The path an executor takes: parse, plan, evaluate, then resolve each COPY against the build context. */
class DockerfileFlowTest {
    private static final Platform AMD64 = new Platform("amd64", "linux", null);

    @TempDir
    Path context;

    private void write(String path, String content) throws IOException {
        Path file = context.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void aTypicalMultiStageBuildFromDockerfileToCopySources() throws IOException {
        write("Dockerfile", """
                # syntax=docker/dockerfile:1
                ARG PYTHON=3.13

                FROM python:${PYTHON}-dev AS build
                WORKDIR /src
                COPY requirements*.txt ./
                RUN --network=host pip install --prefix=/install -r requirements.txt
                COPY app/ app/

                FROM python:${PYTHON} AS docs
                RUN echo never built

                FROM python:${PYTHON}
                ARG PYTHON
                LABEL org.opencontainers.image.version=$PYTHON
                COPY --from=build /install /usr/local
                COPY --from=build --chown=65532:65532 /src/app /app
                USER 65532
                ENTRYPOINT ["python3", "/app/main.py"]
                """);
        write(".dockerignore", "**/__pycache__\n*.md\n");
        write("requirements.txt", "flask\n");
        write("requirements-dev.txt", "pytest\n");
        write("README.md", "readme");
        write("app/main.py", "print('hi')\n");
        write("app/__pycache__/main.cpython-313.pyc", "cache");

        Dockerfile dockerfile = new DockerfileParser().parse(context.resolve("Dockerfile"));
        BuildPlan plan = new BuildPlanner().plan(dockerfile, new BuildRequest(null, Map.of(), AMD64, AMD64));
        assertThat(plan.stages()).extracting(PlannedStage::index).containsExactly(0, 2);
        assertThat(plan.images()).containsExactly(new ImageSource("python:3.13-dev", AMD64),
                new ImageSource("python:3.13", AMD64));

        ImageConfig.Container pythonConfig = new ImageConfig.Container(null, null,
                List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"), null, List.of("python3"), null, null,
                null, null, null);
        List<ResolvedStage> stages = new StageEvaluator().evaluate(plan, image -> pythonConfig);

        ResolvedStage build = stages.get(0);
        assertThat(build.steps()).hasSize(4);
        Step.Run install = (Step.Run) build.steps().get(2);
        assertThat(install.argv()).containsExactly("/bin/sh", "-c",
                "pip install --prefix=/install -r requirements.txt");
        assertThat(install.workdir()).isEqualTo("/src");
        assertThat(install.network()).isEqualTo(Network.HOST);

        SourceTree sources = SourceTree.buildContext(context, context.resolve("Dockerfile"));
        List<String> copied = new ArrayList<>();
        for (Step step : build.steps()) {
            if (step instanceof Step.Copy copy) {
                assertThat(copy.origin()).isEqualTo(new CopyOrigin.Context());
                for (String source : copy.sources()) {
                    for (CopySource match : sources.resolve(source, dockerfile.at(copy.line()) + ": " + copy.keyword())) {
                        copied.add(match.path() + " -> " + copy.destination());
                        match.contents().forEach(entry -> copied.add("  " + entry.path()));
                    }
                }
            }
        }
        assertThat(copied).containsExactly("requirements-dev.txt -> /src/", "requirements.txt -> /src/",
                "app -> /src/app/", "  main.py");

        ResolvedStage runtime = stages.get(1);
        assertThat(runtime.steps()).containsExactly(
                new Step.Copy(16, "COPY --from=build /install /usr/local", new StageRef(0), List.of("/install"),
                        "/usr/local", null, null, false),
                new Step.Copy(17, "COPY --from=build --chown=65532:65532 /src/app /app", new StageRef(0),
                        List.of("/src/app"), "/app", "65532:65532", null, false));
        assertThat(runtime.config()).isEqualTo(new ImageConfig.Container("65532", null,
                List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"), List.of("python3", "/app/main.py"),
                null, null, null, Map.of("org.opencontainers.image.version", "3.13"), null, null));
    }
}
