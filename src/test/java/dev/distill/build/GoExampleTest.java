package dev.distill.build;

import dev.distill.oci.Image;
import dev.distill.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/go: a static binary built on golang:1.24, run on static as uid 65532. */
@Disabled("waits for the golang pair (golang:1.24 with static as its runtime side) in the catalog, issue 7")
class GoExampleTest {
    @TempDir
    static Path work;
    private static ExamplePairs pairs;

    @BeforeAll
    static void buildTheGoPair() {
        pairs = new ExamplePairs(work);
        pairs.buildPair("golang");
    }

    @Test
    void theStaticBinaryRunsOnStaticAsNonRoot() {
        Cli.Result first = pairs.buildApp("go", "hello-go:1");

        Image app = pairs.image("hello-go:1");
        ExamplePairs.assertBuiltOn(app, pairs.image("static"), 1);
        assertThat(pairs.run(app).stdout()).matches("hello, world, from go1\\.24\\S* on linux/\\w+ as uid 65532\n");
        pairs.assertRebuildIsCached("go", first);
    }
}
