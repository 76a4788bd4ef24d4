package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Basic (htpasswd) and bearer-token authentication against Debian's docker-registry. */
class RegistryAuthTest {
    private static final Platform AMD64 = Platform.ofDebianArch("amd64");

    @TempDir
    Path dir;

    private Registries registries(CredentialResolver credentials) {
        return new Registries(credentials, RegistryPushPullTest.testOptions());
    }

    private CredentialResolver explicit(String user, String password) {
        return new CredentialResolver(new Credentials(user, password), Map.of(), dir.resolve("home"));
    }

    private CredentialResolver anonymous() {
        return new CredentialResolver(null, Map.of(), dir.resolve("home"));
    }

    private Descriptor image(String name, long seed) {
        TestImages images = new TestImages(OciLayout.openOrCreate(dir.resolve(name)), seed);
        return images.image(AMD64, List.of(images.layer(2000), images.layer(1000)));
    }

    private OciLayout layout(String name) {
        return OciLayout.openOrCreate(dir.resolve(name));
    }

    @Test
    void basicAuthWithCredentialsFromTheEnvironmentOrDockerConfigAndClearErrorsWithoutThem() throws IOException {
        HostTools.require("docker-registry", "htpasswd", "skopeo");
        try (RegistryProcess registry = RegistryProcess.withBasicAuth(dir.resolve("registry"), "alice", "s3cret")) {
            ImageReference target = ImageReference.parse(registry.address() + "/distill/private:1");
            Descriptor manifest = image("basic", 21);
            CredentialResolver fromEnvironment = new CredentialResolver(null, Map.of(
                    CredentialResolver.USER_VARIABLE, "alice", CredentialResolver.PASSWORD_VARIABLE, "s3cret"),
                    dir.resolve("home"));

            new ImagePush(registries(fromEnvironment)).push(
                    PushRequest.of(layout("basic"), manifest, target, List.of()), TransferListener.NONE);

            assertThat(Digest.sha256(Skopeo.rawManifest(target.toString(), "--creds", "alice:s3cret")))
                    .isEqualTo(manifest.digest());
            Path home = dir.resolve("docker-home");
            Files.createDirectories(home.resolve(".docker"));
            Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{\"http://" + registry.address()
                    + "\":{\"auth\":\"" + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8))
                    + "\"}}}");
            Descriptor pulled = new ImagePull(registries(new CredentialResolver(null, Map.of(), home)))
                    .pull(target, layout("basic-pulled"), "private", TransferListener.NONE);
            assertThat(pulled.digest()).isEqualTo(manifest.digest());

            assertThatThrownBy(() -> new ImagePull(registries(explicit("alice", "wrong")))
                    .pull(target, layout("wrong"), "private", TransferListener.NONE))
                    .isInstanceOf(DistillException.class)
                    .hasMessageContaining("registry " + registry.address())
                    .hasMessageContaining("rejected the credentials of user 'alice'");
            assertThatThrownBy(() -> new ImagePull(registries(anonymous()))
                    .pull(target, layout("anonymous"), "private", TransferListener.NONE))
                    .isInstanceOf(DistillException.class)
                    .hasMessageContaining("registry " + registry.address() + " requires credentials")
                    .hasMessageContaining(CredentialResolver.USER_VARIABLE);
            assertThat(layout("wrong").refNames()).isEmpty();
        }
    }

    @Test
    void bearerTokensFromTheChallengeRealmAreScopedCachedAndRenewedAndMountsAskForTheSourceRepository()
            throws InterruptedException {
        HostTools.require("docker-registry", "skopeo");
        try (TokenServer tokens = new TokenServer(dir.resolve("tokens"), "alice", "s3cret");
             RegistryProcess registry = new RegistryProcess(dir.resolve("registry"), tokens.registryAuthYaml(), null)) {
            ImageReference first = ImageReference.parse(registry.address() + "/distill/first:1");
            ImageReference second = ImageReference.parse(registry.address() + "/distill/second:1");
            Descriptor manifest = image("token", 31);
            Registries registries = registries(explicit("alice", "s3cret"));
            ImagePush push = new ImagePush(registries);

            push.push(PushRequest.of(layout("token"), manifest, first, List.of()), TransferListener.NONE);
            RecordingListener events = new RecordingListener();
            push.push(PushRequest.of(layout("token"), manifest, second, List.of()).withMountFrom(List.of("distill/first")),
                    events);

            assertThat(events.digests("mounted")).hasSize(3);
            assertThat(tokens.grants()).extracting(TokenServer.Grant::scopes).containsExactly(
                    List.of("repository:distill/first:pull,push"),
                    List.of("repository:distill/second:pull,push"),
                    List.of("repository:distill/first:pull", "repository:distill/second:pull,push"));

            Descriptor pulled = new ImagePull(registries).pull(second, layout("token-pulled"), "second",
                    TransferListener.NONE);
            assertThat(pulled.digest()).isEqualTo(manifest.digest());
            assertThat(tokens.grants()).as("a pull,push token serves the pull").hasSize(3);

            tokens.expireTokensAfterSeconds(1);
            Registries shortLived = registries(explicit("alice", "s3cret"));
            new ImagePull(shortLived).pull(first, layout("short-1"), "first", TransferListener.NONE);
            Thread.sleep(1100);
            new ImagePull(shortLived).pull(first, layout("short-2"), "first", TransferListener.NONE);
            assertThat(tokens.grants()).hasSize(5).last().extracting(TokenServer.Grant::scopes)
                    .isEqualTo(List.of("repository:distill/first:pull"));

            assertThatThrownBy(() -> new ImagePull(registries(explicit("alice", "wrong")))
                    .pull(first, layout("token-wrong"), "first", TransferListener.NONE))
                    .isInstanceOf(DistillException.class)
                    .hasMessageContaining("token server " + tokens.realm())
                    .hasMessageContaining("registry " + registry.address())
                    .hasMessageContaining("rejected the credentials of user 'alice'");
            assertThatThrownBy(() -> new ImagePull(registries(anonymous()))
                    .pull(first, layout("token-anonymous"), "first", TransferListener.NONE))
                    .isInstanceOf(DistillException.class)
                    .hasMessageContaining("requires credentials for repository:distill/first:pull");
            assertThat(Digest.sha256(Skopeo.rawManifest(second.toString(), "--creds", "alice:s3cret")))
                    .isEqualTo(manifest.digest());
        }
    }
}
