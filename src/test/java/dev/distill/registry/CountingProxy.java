package dev.distill.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A reverse proxy on 127.0.0.1 in front of a registry that records every request and its answer, and can answer
 * chosen requests with an error instead of forwarding them. When the registry is unreachable it drops the client's
 * connection, as a crashed registry would. For chosen repositories it adds the OCI referrers API that Debian's
 * registry (distribution 2.8) lacks: it answers {@code OCI-Subject} to manifests with a subject and serves
 * {@code GET /v2/<name>/referrers/<digest>} from what it saw pushed.
 */
final class CountingProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /**
     * One forwarded request: its method, path, decoded query parameters, Content-Range and Content-Length (-1 when
     * absent), and the status answered (-1 when the connection was dropped).
     */
    record Seen(String method, String path, Map<String, String> query, String contentRange, long contentLength,
                int status) {
        boolean completesUpload() {
            return method.equals("PUT") && path.contains("/blobs/uploads/") && query.containsKey("digest")
                    && status == 201;
        }
    }

    /** An error to answer, once, instead of forwarding the first request with this method and path fragment. */
    record Fault(String method, String pathFragment, int status, String retryAfter) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final Set<String> referrersApiRepositories = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Descriptor>> referrers = new ConcurrentHashMap<>();
    private volatile int upstreamPort;

    CountingProxy() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void forwardTo(int port) {
        upstreamPort = port;
    }

    void inject(Fault fault) {
        faults.add(fault);
    }

    /** Offers the referrers API for one repository from now on. */
    void offerReferrersApi(String repository) {
        referrersApiRepositories.add(repository);
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    void clear() {
        seen.clear();
    }

    /** The digests whose upload was completed (a PUT with {@code digest=} answered 201), one entry per upload. */
    List<String> completedUploads() {
        return seen.stream().filter(Seen::completesUpload).map(s -> s.query().get("digest")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        Map<String, String> query = query(uri.getRawQuery());
        String contentRange = exchange.getRequestHeaders().getFirst("Content-Range");
        String lengthHeader = exchange.getRequestHeaders().getFirst("Content-Length");
        long contentLength = lengthHeader == null ? -1 : Long.parseLong(lengthHeader);
        Fault fault = takeFault(method, uri.getPath());
        if (fault != null) {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            if (fault.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", fault.retryAfter());
            }
            byte[] error = "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(fault.status(), -1);
            } else {
                exchange.sendResponseHeaders(fault.status(), error.length);
                exchange.getResponseBody().write(error);
            }
            exchange.close();
            seen.add(new Seen(method, uri.getPath(), query, contentRange, contentLength, fault.status()));
            return;
        }
        String repository = repositoryOf(uri.getPath());
        boolean referrersApi = referrersApiRepositories.contains(repository);
        if (referrersApi && method.equals("GET") && uri.getPath().contains("/referrers/")) {
            String subject = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
            byte[] index = OciJson.write(ImageIndex.of(referrers.getOrDefault(repository + "@" + subject, List.of())));
            exchange.getResponseHeaders().set("Content-Type", MediaTypes.OCI_INDEX);
            exchange.sendResponseHeaders(200, index.length);
            exchange.getResponseBody().write(index);
            exchange.close();
            seen.add(new Seen(method, uri.getPath(), query, contentRange, contentLength, 200));
            return;
        }
        byte[] manifest = null;
        if (referrersApi && method.equals("PUT") && uri.getPath().contains("/manifests/")) {
            try (InputStream body = exchange.getRequestBody()) {
                manifest = body.readAllBytes();
            }
        }
        try {
            HttpResponse<InputStream> response = client.send(upstream(exchange, manifest),
                    HttpResponse.BodyHandlers.ofInputStream());
            seen.add(new Seen(method, uri.getPath(), query, contentRange, contentLength, response.statusCode()));
            if (manifest != null && response.statusCode() == 201) {
                recordReferrer(repository, exchange.getRequestHeaders().getFirst("Content-Type"), manifest)
                        .ifPresent(subject -> exchange.getResponseHeaders().set("OCI-Subject", subject));
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            boolean noBody = method.equals("HEAD") || response.statusCode() == 204 || length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : Math.max(length, 0));
            try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
            exchange.close();
        } catch (IOException | InterruptedException e) {
            seen.add(new Seen(method, uri.getPath(), query, contentRange, contentLength, -1));
            // Closing before any answer drops the connection, as the registry's crash would.
            exchange.close();
        }
    }

    /** Remembers an artifact manifest under its subject; returns the subject's digest. */
    private Optional<String> recordReferrer(String repository, String mediaType, byte[] content) {
        Manifest artifact = OciJson.read(content, Manifest.class, "pushed manifest");
        if (artifact.subject() == null) {
            return Optional.empty();
        }
        String subject = artifact.subject().digest().toString();
        referrers.computeIfAbsent(repository + "@" + subject, s -> new CopyOnWriteArrayList<>())
                .add(new Descriptor(mediaType, Digest.sha256(content), content.length, null, artifact.annotations(),
                        null, artifact.artifactType()));
        return Optional.of(subject);
    }

    /** {@code /v2/a/b/manifests/x} → {@code a/b}. */
    private static String repositoryOf(String path) {
        for (String endpoint : List.of("/manifests/", "/blobs/", "/referrers/", "/tags/")) {
            int at = path.indexOf(endpoint);
            if (path.startsWith("/v2/") && at > 4) {
                return path.substring(4, at);
            }
        }
        return "";
    }

    private HttpRequest upstream(HttpExchange exchange, byte[] bufferedBody) {
        URI uri = exchange.getRequestURI();
        URI target = URI.create("http://127.0.0.1:" + upstreamPort + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        String lengthHeader = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = lengthHeader == null ? -1 : Long.parseLong(lengthHeader);
        HttpRequest.BodyPublisher body = bufferedBody != null ? HttpRequest.BodyPublishers.ofByteArray(bufferedBody)
                : length == 0 ? HttpRequest.BodyPublishers.noBody()
                : length > 0 ? HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody), length)
                : exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).method(exchange.getRequestMethod(), body);
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    private Fault takeFault(String method, String path) {
        for (Fault fault : faults) {
            if (fault.method().equals(method) && path.contains(fault.pathFragment()) && faults.remove(fault)) {
                return fault;
            }
        }
        return null;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The requests whose path contains {@code fragment}, with this method. */
    List<Seen> requests(String method, String fragment) {
        List<Seen> matching = new ArrayList<>();
        for (Seen s : seen) {
            if (s.method().equals(method) && s.path().contains(fragment)) {
                matching.add(s);
            }
        }
        return matching;
    }
}
