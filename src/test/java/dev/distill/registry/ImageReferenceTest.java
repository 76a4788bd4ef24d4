package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.Digest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {
    private static final String HEX = "4f2a".repeat(16);

    @Test
    void parsesHostPortRepositoryTagAndDigest() {
        assertThat(ImageReference.parse("127.0.0.1:5000/distill/python:3.13"))
                .isEqualTo(new ImageReference("127.0.0.1:5000", "distill/python", "3.13", null));
        assertThat(ImageReference.parse("images.internal.test/a/b/c@sha256:" + HEX))
                .isEqualTo(new ImageReference("images.internal.test", "a/b/c", null, Digest.sha256Hex(HEX)));
        ImageReference both = ImageReference.parse("localhost:5000/jdk:21-dev@sha256:" + HEX);
        assertThat(both.tag()).isEqualTo("21-dev");
        assertThat(both.reference()).isEqualTo("sha256:" + HEX);
        assertThat(both).hasToString("localhost:5000/jdk:21-dev@sha256:" + HEX);
        assertThat(ImageReference.parse("[::1]:5000/static").registry()).isEqualTo("[::1]:5000");
    }

    @Test
    void withoutTagOrDigestTheTagIsLatest() {
        ImageReference reference = ImageReference.parse("localhost/runtime");
        assertThat(reference.tag()).isEqualTo("latest");
        assertThat(reference.reference()).isEqualTo("latest");
    }

    @Test
    void aReferenceWithoutHostIsAnErrorThatShowsTheExpectedForm() {
        for (String text : new String[]{"python:3.13", "distill/python:3.13", "python"}) {
            assertThatThrownBy(() -> ImageReference.parse(text))
                    .isInstanceOf(DistillException.class)
                    .hasMessageContaining("'" + text + "' names no registry host")
                    .hasMessageContaining("HOST[:PORT]/REPOSITORY[:TAG]");
        }
    }

    @Test
    void rejectsInvalidRepositoryNamesAndTags() {
        assertThatThrownBy(() -> ImageReference.parse("localhost:5000/Distill/python"))
                .isInstanceOf(DistillException.class).hasMessageContaining("invalid repository name 'Distill/python'");
        assertThatThrownBy(() -> ImageReference.parse("localhost:5000/python:-bad"))
                .isInstanceOf(DistillException.class).hasMessageContaining("invalid tag '-bad'");
        assertThatThrownBy(() -> ImageReference.parse("localhost:5000/python@sha256:abc"))
                .isInstanceOf(DistillException.class).hasMessageContaining("not a valid digest");
    }

    @Test
    void plainHttpOnlyForLoopbackHostsUnlessInsecure() {
        assertThat(Loopback.isLoopback("127.0.0.1:5000")).isTrue();
        assertThat(Loopback.isLoopback("127.8.9.10")).isTrue();
        assertThat(Loopback.isLoopback("localhost:5000")).isTrue();
        assertThat(Loopback.isLoopback("[::1]:5000")).isTrue();
        assertThat(Loopback.isLoopback("10.0.0.1:5000")).isFalse();
        assertThat(Loopback.isLoopback("images.internal.test")).isFalse();
        assertThat(Loopback.isLoopback("127.0.0.1.example.test")).isFalse();

        CredentialResolver none = new CredentialResolver(null, Map.of(), Path.of("/nonexistent"));
        Registries secure = new Registries(none, RegistryOptions.defaults());
        assertThat(secure.repository("images.internal.test:5000", "a", false).uri("/x").getScheme()).isEqualTo("https");
        assertThat(secure.repository("127.0.0.1:5000", "a", false).uri("/x").getScheme()).isEqualTo("http");
        Registries insecure = new Registries(none, RegistryOptions.defaults().withInsecure(true));
        assertThat(insecure.repository("images.internal.test:5000", "a", false).uri("/x"))
                .hasToString("http://images.internal.test:5000/v2/a/x");
    }
}
