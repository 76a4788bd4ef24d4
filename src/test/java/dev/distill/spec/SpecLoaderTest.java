package dev.distill.spec;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a spec: every value where it was written, and every mistake named by file, line and key. */
class SpecLoaderTest {
    private final SpecLoader loader = new SpecLoader();

    @Test
    void readsEveryKindOfValue() {
        ImageSpec spec = loader.load("""
                name: app
                version: "1.0"
                archs: [amd64]
                mirror: http://127.0.0.1:1/debian
                labels:
                  team: tools
                runtime:
                  packages:
                    - libc6
                    - zlib1g
                  entrypoint: [/usr/bin/app, --serve]
                  env:
                    PORT: 8080
                    DEBUG: false
                  user: "65532:65532"
                  ports: [8080/tcp]
                  files:
                    - path: /etc/app.conf
                      content: "x = 1\\n"
                      mode: 0644
                dev:
                  packages: [bash]
                """, "app.yaml");

        assertThat(spec.runtimeRef()).isEqualTo("app:1.0");
        assertThat(spec.archs()).containsExactly("amd64");
        assertThat(spec.mirror()).isEqualTo("http://127.0.0.1:1/debian");
        assertThat(spec.labels()).isEqualTo(Map.of("team", "tools"));
        assertThat(spec.runtime().packages()).containsExactly("libc6", "zlib1g");
        assertThat(spec.runtime().entrypoint()).isEqualTo(List.of("/usr/bin/app", "--serve"));
        assertThat(spec.runtime().env()).containsEntry("PORT", "8080").containsEntry("DEBUG", "false");
        assertThat(spec.runtime().user()).isEqualTo("65532:65532");
        assertThat(spec.runtime().files()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("/etc/app.conf");
            assertThat(f.content()).isEqualTo("x = 1\n");
        });
        assertThat(spec.dev().packages()).containsExactly("bash");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() {
        assertThatThrownBy(() -> loader.load("""
                name: app
                runtime:
                  packages: [libc6]
                  pakages: [zlib1g]
                """, "app.yaml"))
                .isInstanceOf(DistillException.class)
                .hasMessageStartingWith("app.yaml:4: runtime.pakages: unknown key");
    }

    @Test
    void aBadListItemIsNamedByItsIndexAndLine() {
        assertThatThrownBy(() -> loader.load("""
                name: app
                runtime:
                  packages:
                    - libc6
                    - zlib1g
                    - Not_A_Package
                """, "app.yaml"))
                .isInstanceOf(DistillException.class)
                .hasMessageStartingWith("app.yaml:6: runtime.packages[2]: 'Not_A_Package' is not a package name");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> loader.load("""
                name: app
                runtime:
                  packages: [libc6
                dev: {
                """, "app.yaml"))
                .isInstanceOf(DistillException.class)
                .hasMessageMatching("(?s)app\\.yaml:\\d+: not valid YAML: .*");
    }

    @Test
    void aSpecThatIsNotAMappingIsRefused() {
        assertThatThrownBy(() -> loader.load("- just\n- a list\n", "list.yaml"))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("list.yaml").hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> loader.load("", "empty.yaml"))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("empty.yaml").hasMessageContaining("must be a mapping");
    }
}
