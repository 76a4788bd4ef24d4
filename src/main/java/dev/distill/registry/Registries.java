package dev.distill.registry;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point to registries: one HTTP client, and per registry host the credentials and tokens learned so
 * far. Keep one instance for a whole command, so tokens are reused across pushes and pulls.
 */
public final class Registries {
    private final CredentialResolver credentials;
    private final RegistryOptions options;
    private final HttpClient http;
    private final Map<String, RegistryTransport> transports = new ConcurrentHashMap<>();

    public Registries(CredentialResolver credentials, RegistryOptions options) {
        this.credentials = credentials;
        this.options = options;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout())
                .build();
    }

    /** The repository an image reference names, opened for pushing (pull and push access) or pulling. */
    public RegistryRepository repository(ImageReference reference, boolean forPush) {
        return repository(reference.registry(), reference.repository(), forPush);
    }

    public RegistryRepository repository(String registry, String name, boolean forPush) {
        return new RegistryRepository(transports.computeIfAbsent(registry, this::transport), name, forPush);
    }

    private RegistryTransport transport(String registry) {
        RegistryAuth auth = new RegistryAuth(registry, credentials.forRegistry(registry).orElse(null),
                options.insecure(), http, Clock.systemUTC(), options.requestTimeout());
        return new RegistryTransport(registry, http, auth, options);
    }
}
