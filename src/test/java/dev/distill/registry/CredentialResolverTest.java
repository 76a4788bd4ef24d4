package dev.distill.registry;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialResolverTest {
    private static final String HOST = "images.internal.test:5000";

    @TempDir
    Path home;

    private void dockerConfig(String json) throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), json);
    }

    /** A credential helper script that answers for HOST only, as Docker's helpers do. */
    private Path helper(String name) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, """
                #!/bin/sh
                [ "$1" = get ] || exit 2
                read server
                if [ "$server" = "%s" ]; then
                  printf '{"ServerURL":"%%s","Username":"%s-user","Secret":"%s-secret"}' "$server"
                else
                  echo "credentials not found in native keychain"; exit 1
                fi
                """.formatted(HOST, name, name));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void explicitCredentialsWinOverTheEnvironmentWhichWinsOverDockerConfig() throws IOException {
        dockerConfig("{\"auths\":{\"" + HOST + "\":{\"auth\":\"" + base64("docker:config") + "\"}}}");
        Map<String, String> env = Map.of(CredentialResolver.USER_VARIABLE, "env-user",
                CredentialResolver.PASSWORD_VARIABLE, "env-password");

        assertThat(new CredentialResolver(new Credentials("flag", "pw"), env, home).forRegistry(HOST))
                .contains(new Credentials("flag", "pw"));
        assertThat(new CredentialResolver(null, env, home).forRegistry(HOST))
                .contains(new Credentials("env-user", "env-password"));
        assertThat(new CredentialResolver(null, Map.of(), home).forRegistry(HOST))
                .contains(new Credentials("docker", "config"));
        assertThatThrownBy(() -> new CredentialResolver(null, Map.of(CredentialResolver.USER_VARIABLE, "u"), home)
                .forRegistry(HOST))
                .isInstanceOf(DistillException.class).hasMessageContaining(CredentialResolver.PASSWORD_VARIABLE);
    }

    @Test
    void readsDockerAuthsInEveryKeyFormAndBothEntryForms() throws IOException {
        dockerConfig("""
                {"auths": {
                  "https://%s/v1/": {"auth": "%s"},
                  "other.internal.test": {"username": "plain", "password": "text"},
                  "broken.internal.test": {"auth": "bm9jb2xvbg=="}
                }}""".formatted(HOST, base64("alice:pa:ss")));
        CredentialResolver resolver = new CredentialResolver(null, Map.of(), home);

        assertThat(resolver.forRegistry(HOST)).contains(new Credentials("alice", "pa:ss"));
        assertThat(resolver.forRegistry("other.internal.test")).contains(new Credentials("plain", "text"));
        assertThat(resolver.forRegistry("unknown.internal.test")).isEmpty();
        assertThatThrownBy(() -> resolver.forRegistry("broken.internal.test"))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("broken.internal.test")
                .hasMessageContaining("user:password");
    }

    @Test
    void asksCredentialHelpersPerRegistryThenTheStore() throws IOException {
        Path bin = helper("perhost");
        helper("store");
        dockerConfig("{\"credHelpers\":{\"" + HOST + "\":\"perhost\",\"elsewhere.internal.test\":\"perhost\"},"
                + "\"credsStore\":\"store\",\"auths\":{\"" + HOST + "\":{}}}");
        CredentialResolver resolver = new CredentialResolver(null, Map.of("PATH", bin.toString()), home);

        assertThat(resolver.forRegistry(HOST)).contains(new Credentials("perhost-user", "perhost-secret"));
        assertThat(resolver.forRegistry("elsewhere.internal.test")).isEqualTo(Optional.empty());
        assertThat(resolver.forRegistry("store-only.internal.test")).isEmpty();

        dockerConfig("{\"credsStore\":\"store\"}");
        assertThat(resolver.forRegistry(HOST)).contains(new Credentials("store-user", "store-secret"));
    }

    @Test
    void aMissingHelperIsAnErrorNamingIt() throws IOException {
        dockerConfig("{\"credsStore\":\"absent\"}");
        assertThatThrownBy(() -> new CredentialResolver(null, Map.of("PATH", home.toString()), home).forRegistry(HOST))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("docker-credential-absent")
                .hasMessageContaining("not on the PATH");
    }

    @Test
    void dockerConfigVariableMovesTheConfigDirectory() throws IOException {
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("config.json"),
                "{\"auths\":{\"" + HOST + "\":{\"auth\":\"" + base64("moved:yes") + "\"}}}");
        assertThat(new CredentialResolver(null, Map.of("DOCKER_CONFIG", elsewhere.toString()), home).forRegistry(HOST))
                .contains(new Credentials("moved", "yes"));
    }
}
