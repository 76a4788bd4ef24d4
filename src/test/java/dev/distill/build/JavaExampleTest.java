package dev.distill.build;

import dev.distill.oci.Image;
import dev.distill.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/java: a jar built with javac and jar on jdk:21, run on jre:21 as nonroot. */
@Disabled("waits for the jre pair (jre:21 with jdk:21 as its dev side) in the catalog, issue 7")
class JavaExampleTest {
    @TempDir
    static Path work;
    private static ExamplePairs pairs;

    @BeforeAll
    static void buildTheJavaPair() {
        pairs = new ExamplePairs(work);
        pairs.buildPair("jre");
    }

    @Test
    void theJarRunsOnTheJreAsNonRoot() {
        Cli.Result first = pairs.buildApp("java", "hello-java:1");

        Image app = pairs.image("hello-java:1");
        ExamplePairs.assertBuiltOn(app, pairs.image("jre:21"), 1);
        assertThat(pairs.run(app).stdout()).matches("hello, world, from Java 21\\S* as nonroot\n");
        pairs.assertRebuildIsCached("java", first);
    }
}
