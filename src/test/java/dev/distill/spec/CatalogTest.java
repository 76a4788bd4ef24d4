package dev.distill.spec;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding specs by name: the bundled catalog, a working directory's own ./catalog, and a dev side's own name. */
class CatalogTest {
    @TempDir
    Path dir;

    @Test
    void aPairIsFoundByItsDevSidesNameToo() {
        Catalog catalog = new Catalog(dir);

        assertThat(catalog.find("golang").spec().name()).isEqualTo("static");
        assertThat(catalog.find("golang").spec().devRef()).isEqualTo("golang:1.24");
        assertThat(catalog.find("jdk").spec().runtimeRef()).isEqualTo("jre:21");
        assertThat(catalog.find("jre").spec().devRef()).isEqualTo("jdk:21");
        assertThatThrownBy(() -> catalog.find("ruby")).isInstanceOf(DistillException.class)
                .hasMessageContaining("no spec named 'ruby'").hasMessageContaining("cc, jre, nginx, node, python, static");
    }

    @Test
    void everyBundledSpecLoadsAndNamesItsImages() {
        assertThat(new Catalog(dir).pairs()).extracting(f -> f.spec().runtimeRef() + " " + f.spec().devRef())
                .containsExactly("base:13 base:13-dev", "cc:13 cc:13-dev", "jre:21 jdk:21", "nginx:1.26 nginx:1.26-dev",
                        "node:20 node:20-dev", "python:3.13 python:3.13-dev", "static:13 golang:1.24");
    }

    @Test
    void aLocalCatalogIsTheCatalogAndItsDevNamesComeFirst() throws IOException {
        Path local = Files.createDirectories(dir.resolve("catalog"));
        Files.writeString(local.resolve("tools.yaml"), """
                name: tools
                version: "1"
                runtime:
                  packages: [libc6]
                dev:
                  name: jdk
                  version: "99"
                  packages: [apt]
                """);
        Catalog catalog = new Catalog(dir);

        assertThat(catalog.pairs()).extracting(f -> f.spec().name()).containsExactly("tools");
        Catalog.Found jdk = catalog.find("jdk");
        assertThat(jdk.spec().devRef()).isEqualTo("jdk:99");
        assertThat(jdk.lockFile(dir)).isEqualTo(local.resolve("tools.lock.json").toAbsolutePath());
        assertThat(catalog.find("golang").spec().name()).as("bundled dev names still resolve").isEqualTo("static");
    }
}
