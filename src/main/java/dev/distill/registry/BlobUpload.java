package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.BlobSource;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Uploads one blob: a mount from another repository when one has it, otherwise a monolithic upload (POST, then PUT
 * with the whole body) or, above the chunking threshold, a chunked one (PATCH per chunk, then PUT). A failure
 * part-way never replays the partly sent request: the next attempt first checks whether the blob landed, then
 * starts a new upload session and sends the blob from its start.
 */
final class BlobUpload {
    private static final String OCTET_STREAM = "application/octet-stream";

    private final RegistryRepository repository;
    private final RegistryTransport transport;
    private final BlobSource source;
    private final TransferListener listener;

    BlobUpload(RegistryRepository repository, BlobSource source, TransferListener listener) {
        this.repository = repository;
        this.transport = repository.transport();
        this.source = source;
        this.listener = listener;
    }

    void push(Descriptor blob, List<String> mountFrom) {
        Digest digest = blob.digest();
        if (repository.hasBlob(digest)) {
            listener.skipped(blob);
            return;
        }
        URI mountSession = null;
        for (String from : mountFrom) {
            if (from.equals(repository.name()) || !repository.sibling(from).hasBlob(digest)) {
                continue;
            }
            HttpResponse<InputStream> response = mount(digest, from);
            if (response.statusCode() == 201) {
                RegistryTransport.discard(response);
                listener.mounted(blob, from);
                return;
            }
            if (response.statusCode() != 202) {
                throw transport.error("mounting blob " + digest + " from " + from + " into " + repository.name(),
                        response);
            }
            // The registry could not mount and opened an upload session instead: use it.
            RegistryTransport.discard(response);
            mountSession = transport.location(response, "a mount request");
            break;
        }
        URI firstSession = mountSession;
        String what = "upload of blob " + digest + " (" + blob.size() + " bytes) to " + repository;
        transport.retrier().run(what, attempt -> {
            if (attempt > 1 && repository.hasBlobOnce(digest)) {
                listener.done(blob);
                return null;
            }
            URI session = attempt == 1 && firstSession != null ? firstSession : startSession();
            listener.started(blob);
            try (InputStream in = new ProgressInputStream(source.open(digest), blob)) {
                if (blob.size() > transport.options().chunkedUploadThreshold()) {
                    chunked(session, blob, in);
                } else {
                    complete(session, digest, in, blob.size());
                }
            }
            listener.done(blob);
            return null;
        });
    }

    private HttpResponse<InputStream> mount(Digest digest, String from) {
        Set<String> scopes = new TreeSet<>(repository.scopes());
        scopes.add(RegistryRepository.scope(from, "pull"));
        URI uri = repository.uri("/blobs/uploads/?mount=" + encode(digest.toString()) + "&from=" + encode(from));
        return transport.send(RegistryTransport.Request.of("POST", uri, scopes),
                "mounting blob " + digest + " from " + from + " into " + repository.name());
    }

    private URI startSession() throws TransientFailure {
        HttpResponse<InputStream> response = transport.exchange(
                RegistryTransport.Request.of("POST", repository.uri("/blobs/uploads/"), repository.scopes()));
        if (response.statusCode() != 202) {
            throw transport.error("starting an upload to " + repository.name(), response);
        }
        RegistryTransport.discard(response);
        return transport.location(response, "an upload request");
    }

    private void chunked(URI session, Descriptor blob, InputStream in) throws TransientFailure {
        int chunkSize = transport.options().chunkSize();
        URI location = session;
        for (long offset = 0; offset < blob.size(); ) {
            int length = (int) Math.min(chunkSize, blob.size() - offset);
            InputStream chunk = new ChunkInputStream(in, length);
            HttpResponse<InputStream> response = transport.exchange(
                    oneShot("PATCH", location, chunk, length, Map.of(
                            "Content-Type", OCTET_STREAM,
                            "Content-Range", offset + "-" + (offset + length - 1))));
            if (response.statusCode() == 416) {
                RegistryTransport.discard(response);
                throw new TransientFailure("the registry lost track of the upload at byte " + offset, null);
            }
            if (response.statusCode() != 202) {
                throw transport.error("uploading a chunk of blob " + blob.digest() + " to " + repository.name(),
                        response);
            }
            RegistryTransport.discard(response);
            location = transport.location(response, "an upload chunk");
            offset += length;
        }
        complete(location, blob.digest(), InputStream.nullInputStream(), 0);
    }

    /** The closing PUT of an upload, with the rest of the body ({@code length} bytes, possibly none). */
    private void complete(URI location, Digest digest, InputStream body, long length) throws TransientFailure {
        String separator = location.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(location + separator + "digest=" + encode(digest.toString()));
        HttpResponse<InputStream> response = transport.exchange(
                oneShot("PUT", put, body, length, Map.of("Content-Type", OCTET_STREAM)));
        if (response.statusCode() != 201) {
            throw transport.error("completing the upload of blob " + digest + " to " + repository.name(), response);
        }
        RegistryTransport.discard(response);
    }

    private RegistryTransport.Request oneShot(String method, URI uri, InputStream body, long length,
                                              Map<String, String> headers) {
        return RegistryTransport.Request.of(method, uri, repository.scopes())
                .withHeaders(headers)
                .withBody(() -> publisher(body, length), false)
                .asBulk();
    }

    /** A body of exactly {@code length} bytes, so the request carries a {@code Content-Length}. */
    private static BodyPublisher publisher(InputStream body, long length) {
        return length == 0 ? BodyPublishers.noBody()
                : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> body), length);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Reports bytes read from the source as progress. */
    private final class ProgressInputStream extends FilterInputStream {
        private final Descriptor blob;
        private long count;

        ProgressInputStream(InputStream in, Descriptor blob) {
            super(in);
            this.blob = blob;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                listener.progress(blob, ++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                listener.progress(blob, count);
            }
            return n;
        }
    }

    /** The next {@code length} bytes of a stream; closing it leaves the stream open for the next chunk. */
    private static final class ChunkInputStream extends FilterInputStream {
        private long remaining;

        ChunkInputStream(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the underlying stream carries the next chunk
        }
    }
}
