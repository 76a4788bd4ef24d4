package dev.distill.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill.common.DistillException;
import dev.distill.oci.OciJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * HTTP to one registry: authorization (with one more try after a challenge), redirects (without credentials to
 * another host), and the classification of answers into success, transient failure and error.
 */
final class RegistryTransport {
    static final String USER_AGENT = "distill";

    private final String registry;
    private final URI base;
    private final HttpClient http;
    private final RegistryAuth auth;
    private final RegistryOptions options;
    private final Retrier retrier;

    /**
     * One request. {@code body} makes the body afresh for each send; a request that is not {@code replayable} (its
     * body streams from a source that cannot be rewound) is sent at most once. {@code bulk} requests carry or fetch
     * a blob and have no overall timeout.
     */
    record Request(String method, URI uri, Map<String, String> headers, Supplier<BodyPublisher> body,
                   boolean replayable, Set<String> scopes, boolean bulk) {

        static Request of(String method, URI uri, Set<String> scopes) {
            return new Request(method, uri, Map.of(), BodyPublishers::noBody, true, scopes, false);
        }

        Request withHeaders(Map<String, String> newHeaders) {
            return new Request(method, uri, newHeaders, body, replayable, scopes, bulk);
        }

        Request withBody(Supplier<BodyPublisher> newBody, boolean newReplayable) {
            return new Request(method, uri, headers, newBody, newReplayable, scopes, bulk);
        }

        Request asBulk() {
            return new Request(method, uri, headers, body, replayable, scopes, true);
        }
    }

    RegistryTransport(String registry, HttpClient http, RegistryAuth auth, RegistryOptions options) {
        this.registry = registry;
        boolean plain = options.insecure() || Loopback.isLoopback(registry);
        this.base = URI.create((plain ? "http" : "https") + "://" + registry);
        this.http = http;
        this.auth = auth;
        this.options = options;
        this.retrier = new Retrier(options.retry());
    }

    String registry() {
        return registry;
    }

    RegistryOptions options() {
        return options;
    }

    Retrier retrier() {
        return retrier;
    }

    /** {@code /v2/…} on this registry. */
    URI uri(String path) {
        return base.resolve(path);
    }

    /** The {@code Location} of an answer, resolved against the registry's address. */
    URI location(HttpResponse<?> response, String what) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new DistillException(
                "registry " + registry + " answered " + what + " without a Location header"));
        return base.resolve(location);
    }

    /** Sends a replayable request, trying again after transient failures; the caller closes the body. */
    HttpResponse<InputStream> send(Request request, String what) {
        return retrier.run(what + " at registry " + registry, attempt -> exchange(request));
    }

    /** Sends a request once (once more after an authorization challenge when it is replayable). */
    HttpResponse<InputStream> exchange(Request request) throws TransientFailure {
        String authorization = auth.authorization(request.scopes());
        HttpResponse<InputStream> response = followingRedirects(request, authorization);
        if (response.statusCode() == 401) {
            discard(response);
            Set<String> retryScopes = auth.unauthorized(
                    response.headers().firstValue("WWW-Authenticate").orElse(null), request.scopes(), authorization);
            if (!request.replayable()) {
                throw new TransientFailure("the registry asked for authorization again during an upload", null);
            }
            response = followingRedirects(request, auth.authorization(retryScopes));
            if (response.statusCode() == 401) {
                discard(response);
                throw auth.refused(retryScopes);
            }
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429 || status == 408) {
            String detail = describe(response);
            throw new TransientFailure("registry answered " + detail, retryAfter(response));
        }
        return response;
    }

    private HttpResponse<InputStream> followingRedirects(Request request, String authorization)
            throws TransientFailure {
        URI uri = request.uri();
        String sentAuthorization = authorization;
        boolean follows = request.method().equals("GET") || request.method().equals("HEAD");
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> response = sendOnce(request, uri, sentAuthorization);
            int status = response.statusCode();
            boolean redirect = follows && (status == 301 || status == 302 || status == 303 || status == 307
                    || status == 308) && response.headers().firstValue("Location").isPresent();
            if (!redirect) {
                return response;
            }
            discard(response);
            if (hop == 5) {
                throw new DistillException("registry " + registry + " redirected " + request.uri()
                        + " more than 5 times");
            }
            URI next = uri.resolve(response.headers().firstValue("Location").orElseThrow());
            if (!sameOrigin(uri, next)) {
                // Credentials for the registry are never sent to the storage service it redirects to.
                sentAuthorization = null;
            }
            uri = next;
        }
    }

    private HttpResponse<InputStream> sendOnce(Request request, URI uri, String authorization)
            throws TransientFailure {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(request.method(), request.body().get())
                .header("User-Agent", USER_AGENT);
        if (!request.bulk()) {
            builder.timeout(options.requestTimeout());
        }
        request.headers().forEach(builder::header);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TransientFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while talking to registry " + registry, e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    /** An error for an unexpected answer: what was being done, the HTTP status and the registry's own message. */
    DistillException error(String what, HttpResponse<InputStream> response) {
        return new DistillException(what + " at registry " + registry + " failed: " + describe(response));
    }

    /** {@code HTTP 404 (MANIFEST_UNKNOWN: manifest unknown)}; reads and closes the body. */
    static String describe(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(64 << 10);
        } catch (IOException e) {
            body = new byte[0];
        }
        String status = "HTTP " + response.statusCode();
        if (body.length == 0) {
            return status;
        }
        List<String> messages = new ArrayList<>();
        try {
            JsonNode errors = OciJson.mapper().readTree(body).path("errors");
            for (JsonNode error : errors) {
                String code = error.path("code").asText("");
                String message = error.path("message").asText("");
                messages.add(code.isEmpty() ? message : code + ": " + message);
            }
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            messages.add(text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
        return messages.isEmpty() ? status : status + " (" + String.join("; ", messages) + ")";
    }

    /** Reads what is left of a small body and closes it, so the connection can be reused. */
    static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.readNBytes(64 << 10);
        } catch (IOException ignored) {
            // the connection is dropped instead of reused
        }
    }

    /** The {@code Retry-After} header (seconds or an HTTP date), or null. */
    static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
