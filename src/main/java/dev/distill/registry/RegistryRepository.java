package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.oci.BlobSource;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One repository of a registry, opened for pulling or for pushing (which decides the token scope asked for).
 * Every operation of the distribution API that Distill uses: blob checks, uploads and mounts, downloads verified
 * while streaming, manifests by tag or digest, and referrers (the API, or the {@code sha256-<hex>} tag schema).
 */
public final class RegistryRepository {
    static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    private static final int MAX_MANIFEST_BYTES = 4 << 20;

    private final RegistryTransport transport;
    private final String name;
    private final Set<String> scopes;

    RegistryRepository(RegistryTransport transport, String name, boolean forPush) {
        this.transport = transport;
        this.name = name;
        this.scopes = Set.of(scope(name, forPush ? "pull,push" : "pull"));
    }

    static String scope(String repository, String actions) {
        return "repository:" + repository + ":" + actions;
    }

    public String registry() {
        return transport.registry();
    }

    public String name() {
        return name;
    }

    /** Another repository of the same registry, opened for pulling (a mount source). */
    RegistryRepository sibling(String otherName) {
        return new RegistryRepository(transport, otherName, false);
    }

    RegistryTransport transport() {
        return transport;
    }

    Set<String> scopes() {
        return scopes;
    }

    URI uri(String path) {
        return transport.uri("/v2/" + name + path);
    }

    public boolean hasBlob(Digest digest) {
        return blobPresence(transport.send(head(digest), "checking blob " + digest + " in " + name), digest);
    }

    /** One check without retries, for use inside an attempt that is retried as a whole. */
    boolean hasBlobOnce(Digest digest) throws TransientFailure {
        return blobPresence(transport.exchange(head(digest)), digest);
    }

    private RegistryTransport.Request head(Digest digest) {
        return RegistryTransport.Request.of("HEAD", uri("/blobs/" + digest), scopes);
    }

    private boolean blobPresence(HttpResponse<InputStream> response, Digest digest) {
        int status = response.statusCode();
        RegistryTransport.discard(response);
        if (status == 200) {
            return true;
        }
        if (status == 404) {
            return false;
        }
        throw new DistillException("checking blob " + digest + " in " + this + " failed: HTTP " + status);
    }

    /**
     * Uploads a blob unless the repository has it, mounting it from one of {@code mountFrom} (other repositories of
     * this registry the caller pushed to) when one has it.
     */
    public void pushBlob(Descriptor blob, BlobSource source, List<String> mountFrom, TransferListener listener) {
        new BlobUpload(this, source, listener).push(blob, mountFrom);
    }

    /** Stores a manifest or index under a tag or its digest; true when the registry indexed its subject. */
    public boolean putManifest(String reference, String mediaType, byte[] content) {
        String what = "storing manifest " + Digest.sha256(content) + " as " + name + ":" + reference;
        RegistryTransport.Request request = RegistryTransport.Request.of("PUT", uri("/manifests/" + reference), scopes)
                .withHeaders(Map.of("Content-Type", mediaType))
                .withBody(() -> BodyPublishers.ofByteArray(content), true);
        HttpResponse<InputStream> response = transport.send(request, what);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw transport.error(what, response);
        }
        RegistryTransport.discard(response);
        return response.headers().firstValue("OCI-Subject").isPresent();
    }

    /** The manifest or index that a tag or digest names, or empty when the registry has none. */
    public Optional<FetchedManifest> findManifest(String reference) {
        String what = "fetching manifest " + name + ":" + reference;
        HttpResponse<InputStream> response = transport.send(
                RegistryTransport.Request.of("GET", uri("/manifests/" + reference), scopes)
                        .withHeaders(Map.of("Accept", MANIFEST_ACCEPT)), what);
        if (response.statusCode() == 404) {
            RegistryTransport.discard(response);
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw transport.error(what, response);
        }
        byte[] content;
        try (InputStream in = response.body()) {
            content = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new DistillException(what + " at registry " + registry() + " failed: " + e.getMessage(), e);
        }
        if (content.length > MAX_MANIFEST_BYTES) {
            throw new DistillException(what + " at registry " + registry() + ": the manifest is larger than 4 MiB");
        }
        Digest actual = Digest.sha256(content);
        String expected = reference.contains(":") ? reference
                : response.headers().firstValue("Docker-Content-Digest").orElse(actual.toString());
        if (!expected.equals(actual.toString())) {
            throw new DistillException(ExitCode.CHECK_FAILED, "manifest " + name + ":" + reference + " from registry "
                    + registry() + " has digest " + actual + " instead of " + expected + "; nothing was stored");
        }
        String mediaType = response.headers().firstValue("Content-Type")
                .map(type -> type.split(";")[0].strip())
                .filter(type -> MediaTypes.isIndex(type) || MediaTypes.isManifest(type))
                .orElseGet(() -> OciJson.mediaTypeOf(content, what));
        return Optional.of(new FetchedManifest(Descriptor.of(mediaType, actual, content.length), content));
    }

    /** The manifest a tag or digest names; an error naming the image when it does not exist. */
    public FetchedManifest fetchManifest(String reference) {
        return findManifest(reference).orElseThrow(() -> new DistillException("image " + this
                + (reference.contains(":") ? "@" : ":") + reference + " not found: the registry has no such "
                + "repository, tag or digest"));
    }

    /** A stream of a blob, verified against its digest as it is read; empty when the registry has no such blob. */
    public Optional<InputStream> findBlob(Digest digest) {
        String what = "fetching blob " + digest + " from " + name;
        HttpResponse<InputStream> response = transport.send(
                RegistryTransport.Request.of("GET", uri("/blobs/" + digest), scopes).asBulk(), what);
        if (response.statusCode() == 404) {
            RegistryTransport.discard(response);
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw transport.error(what, response);
        }
        return Optional.of(new VerifyingInputStream(response.body(), digest, -1, "registry " + this, n -> { }));
    }

    /** Downloads a blob into a layout, verified; retried from the start after a broken transfer. */
    public void pullBlob(Descriptor blob, OciLayout into, TransferListener listener) {
        if (into.has(blob.digest())) {
            listener.skipped(blob);
            return;
        }
        String what = "download of blob " + blob.digest() + " from " + this;
        transport.retrier().run(what, attempt -> {
            HttpResponse<InputStream> response = transport.exchange(
                    RegistryTransport.Request.of("GET", uri("/blobs/" + blob.digest()), scopes).asBulk());
            if (response.statusCode() == 404) {
                RegistryTransport.discard(response);
                throw new DistillException("blob " + blob.digest() + " is missing from " + this);
            }
            if (response.statusCode() != 200) {
                throw transport.error("fetching blob " + blob.digest() + " from " + name, response);
            }
            listener.started(blob);
            OciLayout.BlobWriter writer = into.newBlob();
            try (InputStream in = new VerifyingInputStream(response.body(), blob.digest(), blob.size(),
                    "registry " + this, n -> listener.progress(blob, n))) {
                in.transferTo(writer);
                writer.commit(blob.mediaType());
            } finally {
                writer.abort();
            }
            listener.done(blob);
            return null;
        });
    }

    /**
     * The artifacts that refer to {@code subject}: from the referrers API when the registry has it, else from the
     * {@code sha256-<hex>} fallback tag.
     */
    public List<Descriptor> referrers(Digest subject) {
        String what = "listing referrers of " + subject + " in " + name;
        HttpResponse<InputStream> response = transport.send(
                RegistryTransport.Request.of("GET", uri("/referrers/" + subject), scopes)
                        .withHeaders(Map.of("Accept", MediaTypes.OCI_INDEX)), what);
        int status = response.statusCode();
        if (status == 200) {
            try (InputStream in = response.body()) {
                return OciJson.read(in.readNBytes(MAX_MANIFEST_BYTES), ImageIndex.class, what).manifests();
            } catch (IOException e) {
                throw new DistillException(what + " at registry " + registry() + " failed: " + e.getMessage(), e);
            }
        }
        if (status != 404 && status != 400 && status != 405) {
            throw transport.error(what, response);
        }
        RegistryTransport.discard(response);
        return findManifest(fallbackTag(subject))
                .map(index -> OciJson.read(index.content(), ImageIndex.class, "referrers index " + fallbackTag(subject))
                        .manifests())
                .orElse(List.of());
    }

    /** Adds artifacts to the {@code sha256-<hex>} tag index of their subject, for registries without the API. */
    public void addFallbackReferrers(Digest subject, List<Descriptor> artifacts) {
        String tag = fallbackTag(subject);
        List<Descriptor> listed = new ArrayList<>(findManifest(tag)
                .map(index -> OciJson.read(index.content(), ImageIndex.class, "referrers index " + tag).manifests())
                .orElse(List.of()));
        int before = listed.size();
        for (Descriptor artifact : artifacts) {
            if (listed.stream().noneMatch(d -> d.digest().equals(artifact.digest()))) {
                listed.add(artifact);
            }
        }
        if (listed.size() != before) {
            putManifest(tag, MediaTypes.OCI_INDEX, OciJson.write(ImageIndex.of(listed)));
        }
    }

    /** The tag of the referrers tag schema: {@code sha256-<hex>}. */
    static String fallbackTag(Digest subject) {
        String tag = subject.algorithm() + "-" + subject.hex();
        return tag.length() > 128 ? tag.substring(0, 128) : tag;
    }

    @Override
    public String toString() {
        return registry() + "/" + name;
    }
}
