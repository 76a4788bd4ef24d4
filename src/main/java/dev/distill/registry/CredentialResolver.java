package dev.distill.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill.common.DistillException;
import dev.distill.oci.OciJson;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the credentials for a registry, first match wins: explicit credentials (command-line flags), the
 * {@code DISTILL_REGISTRY_USER}/{@code DISTILL_REGISTRY_PASSWORD} environment variables, then Docker's
 * {@code config.json}: a {@code credHelpers} entry for the host, an {@code auths} entry, the {@code credsStore}.
 * No credentials means anonymous access.
 */
public final class CredentialResolver {
    public static final String USER_VARIABLE = "DISTILL_REGISTRY_USER";
    public static final String PASSWORD_VARIABLE = "DISTILL_REGISTRY_PASSWORD";

    private final Credentials explicit;
    private final Map<String, String> environment;
    private final Path dockerConfig;

    /**
     * @param explicit     credentials given on the command line, or null
     * @param environment  the process environment (read for the variables above, {@code PATH} and
     *                     {@code DOCKER_CONFIG})
     * @param home         the user's home directory, where {@code .docker/config.json} is looked for
     */
    public CredentialResolver(Credentials explicit, Map<String, String> environment, Path home) {
        this.explicit = explicit;
        this.environment = Map.copyOf(environment);
        String dockerConfigDir = environment.get("DOCKER_CONFIG");
        this.dockerConfig = (dockerConfigDir != null ? Path.of(dockerConfigDir) : home.resolve(".docker"))
                .resolve("config.json");
    }

    /** Credentials for the registry {@code host[:port]}, or empty for anonymous access. */
    public Optional<Credentials> forRegistry(String registry) {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        String user = environment.get(USER_VARIABLE);
        String password = environment.get(PASSWORD_VARIABLE);
        if (user != null || password != null) {
            if (user == null || password == null) {
                throw new DistillException("set both " + USER_VARIABLE + " and " + PASSWORD_VARIABLE
                        + ", or neither");
            }
            return Optional.of(new Credentials(user, password));
        }
        return fromDockerConfig(registry);
    }

    private Optional<Credentials> fromDockerConfig(String registry) {
        if (!Files.isRegularFile(dockerConfig)) {
            return Optional.empty();
        }
        JsonNode config;
        try {
            config = OciJson.mapper().readTree(Files.readAllBytes(dockerConfig));
        } catch (IOException e) {
            throw new DistillException("cannot read Docker credentials " + dockerConfig + ": " + e.getMessage(), e);
        }
        String helper = config.path("credHelpers").path(registry).asText(null);
        if (helper != null) {
            return fromHelper(helper, registry);
        }
        JsonNode auth = authEntry(config.path("auths"), registry);
        if (auth != null) {
            return Optional.of(fromAuthEntry(auth, registry));
        }
        String store = config.path("credsStore").asText(null);
        return store == null || store.isEmpty() ? Optional.empty() : fromHelper(store, registry);
    }

    /** Docker writes keys as {@code host}, {@code https://host} or {@code https://host/v1/}. */
    private static JsonNode authEntry(JsonNode auths, String registry) {
        for (Map.Entry<String, JsonNode> entry : auths.properties()) {
            String key = entry.getKey().replaceFirst("^[a-z]+://", "");
            int slash = key.indexOf('/');
            if ((slash < 0 ? key : key.substring(0, slash)).equals(registry)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private Credentials fromAuthEntry(JsonNode auth, String registry) {
        String encoded = auth.path("auth").asText("");
        if (!encoded.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new DistillException("the auths entry for " + registry + " in " + dockerConfig
                        + " is not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new DistillException("the auths entry for " + registry + " in " + dockerConfig
                        + " does not decode to user:password");
            }
            return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        String user = auth.path("username").asText(null);
        String password = auth.path("password").asText(null);
        if (user == null || password == null) {
            throw new DistillException("the auths entry for " + registry + " in " + dockerConfig
                    + " has neither 'auth' nor 'username' and 'password'");
        }
        return new Credentials(user, password);
    }

    /** Runs {@code docker-credential-<helper> get} with the registry host on its standard input. */
    private Optional<Credentials> fromHelper(String helper, String registry) {
        String command = "docker-credential-" + helper;
        Path executable = findOnPath(command);
        try {
            Process process = new ProcessBuilder(executable.toString(), "get").redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(registry.getBytes(StandardCharsets.UTF_8));
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DistillException(command + " get did not answer within 60 s for " + registry);
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                if (text.toLowerCase(Locale.ROOT).contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new DistillException(command + " get failed for " + registry + " (exit code "
                        + process.exitValue() + "): " + text);
            }
            JsonNode answer = OciJson.mapper().readTree(text);
            String user = answer.path("Username").asText(null);
            String secret = answer.path("Secret").asText(null);
            if (user == null || secret == null) {
                throw new DistillException(command + " get gave no Username and Secret for " + registry);
            }
            return Optional.of(new Credentials(user, secret));
        } catch (IOException e) {
            throw new DistillException("cannot run credential helper " + executable + " for " + registry + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while running " + command, e);
        }
    }

    private Path findOnPath(String command) {
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new DistillException("credential helper " + command + " (named in " + dockerConfig
                + ") is not on the PATH");
    }
}
