package dev.distill.registry;

import java.nio.file.Path;

/** Debian's docker-registry (no authentication) on 127.0.0.1, reached through a counting proxy. */
final class ProxiedRegistry implements AutoCloseable {
    private final CountingProxy proxy;
    private final RegistryProcess registry;

    ProxiedRegistry(Path dir) {
        proxy = new CountingProxy();
        try {
            registry = new RegistryProcess(dir, "", proxy.address());
        } catch (RuntimeException | Error e) {
            proxy.close();
            throw e;
        }
        proxy.forwardTo(registry.port());
    }

    CountingProxy proxy() {
        return proxy;
    }

    RegistryProcess registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
        proxy.close();
    }
}
