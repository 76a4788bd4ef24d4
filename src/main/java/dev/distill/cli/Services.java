package dev.distill.cli;

import dev.distill.app.AppBuilder;
import dev.distill.app.BaseImages;
import dev.distill.app.BuildCache;
import dev.distill.app.AppBuildListener;
import dev.distill.compare.FactsCache;
import dev.distill.compare.ImageComparer;
import dev.distill.container.ContainerRunner;
import dev.distill.container.RootfsUnpacker;
import dev.distill.debian.DebianArchive;
import dev.distill.debian.Mirrors;
import dev.distill.debian.trust.InReleaseVerifier;
import dev.distill.debian.trust.Keyring;
import dev.distill.fetch.Cache;
import dev.distill.fetch.Fetcher;
import dev.distill.registry.CredentialResolver;
import dev.distill.registry.Registries;
import dev.distill.spec.ImageSpec;
import dev.distill.vuln.VulnerabilityDb;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Builds the objects a command needs from its options. The only place where they are wired together. */
final class Services implements AutoCloseable {
    private final Console console;
    private final Cache cache;
    private final Fetcher fetcher;
    private Registries registries;

    Services(Console console, boolean quiet) {
        this.console = console;
        this.cache = Cache.fromEnvironment(console.env());
        this.fetcher = new Fetcher(cache, console.progress(quiet));
    }

    Cache cache() {
        return cache;
    }

    /** Compares images, keeping what their file systems gave in the cache ({@code facts}). */
    static ImageComparer comparer(Console console, VulnerabilityDb db) {
        return new ImageComparer(db, new FactsCache(Cache.fromEnvironment(console.env()).dir("facts")));
    }

    Fetcher fetcher() {
        return fetcher;
    }

    Mirrors mirrors(ArchiveOptions options, ImageSpec spec) {
        List<Mirrors.Choice> choices = new ArrayList<>();
        choices.add(new Mirrors.Choice(options.mirror, options.securityMirror, "--mirror"));
        if (spec != null) {
            choices.add(new Mirrors.Choice(spec.mirror(), spec.securityMirror(), spec.source()));
        }
        return Mirrors.resolve(choices, options.aptDir);
    }

    DebianArchive archive(ArchiveOptions options, ImageSpec spec) {
        Keyring keyring = Keyring.bundled();
        for (Path extra : options.keyrings) {
            keyring = keyring.with(Keyring.load(extra));
        }
        Mirrors mirrors = mirrors(options, spec);
        return new DebianArchive(fetcher, mirrors, new InReleaseVerifier(keyring), Instant.now(), options.allowExpired);
    }

    Console console() {
        return console;
    }

    /** The registries, reached as {@code access} says; one instance per command, so tokens are reused. */
    synchronized Registries registries(RegistryAccess access) {
        if (registries == null) {
            registries = new Registries(new CredentialResolver(access.credentials(console), console.env(),
                    Path.of(System.getProperty("user.home"))), access.options());
        }
        return registries;
    }

    /**
     * The multi-stage builder writing to {@code layoutDir}, with its cache in the {@code build} area; it pulls
     * registry base images as {@code access} says.
     */
    AppBuilder appBuilder(Path layoutDir, AppBuildListener listener, RegistryAccess access) {
        RootfsUnpacker unpacker = new RootfsUnpacker();
        BuildCache buildCache = new BuildCache(cache.dir("build"));
        Supplier<Registries> registries = () -> registries(access);
        BaseImages images = new BaseImages(console.workingDir(), layoutDir, buildCache.store(), registries);
        ContainerRunner runner = new ContainerRunner(unpacker, cache.tmpDir());
        return new AppBuilder(layoutDir, images, buildCache, runner::run, unpacker, cache.tmpDir(), listener);
    }

    @Override
    public void close() {
        fetcher.close();
    }
}
