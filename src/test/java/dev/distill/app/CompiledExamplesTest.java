package dev.distill.app;

import dev.distill.oci.Image;
import dev.distill.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/go and examples/java: compiled on the dev side of a pair, run on its runtime side as non-root. */
class CompiledExamplesTest {
    @TempDir
    Path work;

    @Test
    void theStaticGoBinaryRunsOnStatic() {
        assertExample("golang", "go", "static:13", "hello, world, from go1\\.24\\S* on linux/\\w+ as uid 65532\n");
    }

    @Test
    void theJarRunsOnTheJre() {
        assertExample("jre", "java", "jre:21", "hello, world, from Java 21\\S* as nonroot\n");
    }

    /** Builds the pair {@code spec}, then {@code examples/NAME} on it; its output must match {@code output}. */
    private void assertExample(String spec, String name, String runtime, String output) {
        ExamplePairs pairs = new ExamplePairs(work);
        pairs.buildPair(spec);
        Cli.Result first = pairs.buildApp(name, "hello-" + name + ":1");

        Image app = pairs.image("hello-" + name + ":1");
        ExamplePairs.assertBuiltOn(app, pairs.image(runtime), 1);
        assertThat(pairs.run(app).stdout()).matches(output);
        pairs.assertRebuildIsCached(name, first);
    }
}
