package dev.distill.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill.common.DistillException;
import dev.distill.oci.OciJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Authorization for one registry. It learns the scheme from the registry's first {@code 401} challenge, then
 * sends Basic credentials, or Bearer tokens fetched from the challenge's realm and cached per scope until they
 * expire. A token granted for {@code pull,push} also serves requests that need only {@code pull}.
 */
final class RegistryAuth {
    private final String registry;
    private final Credentials credentials;
    private final boolean insecure;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private final List<Token> tokens = new ArrayList<>();
    private Challenge challenge;

    private record Token(Map<String, Set<String>> access, String value, Instant expires) {
        boolean serves(Map<String, Set<String>> wanted, Instant now) {
            if (!now.isBefore(expires)) {
                return false;
            }
            return wanted.entrySet().stream()
                    .allMatch(e -> access.getOrDefault(e.getKey(), Set.of()).containsAll(e.getValue()));
        }
    }

    RegistryAuth(String registry, Credentials credentials, boolean insecure, HttpClient http, Clock clock,
                 Duration timeout) {
        this.registry = registry;
        this.credentials = credentials;
        this.insecure = insecure;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The {@code Authorization} header for a request that needs {@code scopes}, or null to send none. */
    synchronized String authorization(Set<String> scopes) throws TransientFailure {
        if (challenge == null) {
            return null;
        }
        if (challenge.isBasic()) {
            return credentials == null ? null : credentials.basicAuthorization();
        }
        Map<String, Set<String>> wanted = access(scopes);
        Instant now = clock.instant();
        tokens.removeIf(t -> !now.isBefore(t.expires()));
        for (Token token : tokens) {
            if (token.serves(wanted, now)) {
                return "Bearer " + token.value();
            }
        }
        Token token = fetchToken(scopes);
        tokens.add(token);
        return "Bearer " + token.value();
    }

    /**
     * Learns from a {@code 401} answer to a request that carried {@code sent} (or no authorization) and returns the
     * scopes to ask for on the one more try. Throws when another try cannot succeed.
     */
    synchronized Set<String> unauthorized(String wwwAuthenticate, Set<String> scopes, String sent) {
        if (wwwAuthenticate == null) {
            throw new DistillException("registry " + registry + " answered 401 Unauthorized without a challenge");
        }
        Challenge received = Challenge.parse(wwwAuthenticate);
        if (!received.isBasic() && !received.isBearer()) {
            throw new DistillException("registry " + registry + " asks for unsupported authentication '"
                    + received.scheme() + "'");
        }
        challenge = received;
        if (received.isBasic()) {
            if (credentials == null) {
                throw new DistillException("registry " + registry + " requires credentials and none are"
                        + " configured for it: " + howToLogIn());
            }
            if (sent != null) {
                throw refused(scopes);
            }
            return scopes;
        }
        if (sent != null) {
            tokens.removeIf(t -> sent.equals("Bearer " + t.value()));
        }
        Set<String> retryScopes = new TreeSet<>(scopes);
        String challengeScope = received.parameter("scope");
        if (challengeScope != null && !challengeScope.isBlank()) {
            retryScopes.addAll(List.of(challengeScope.strip().split("\\s+")));
        }
        return merged(retryScopes);
    }

    /** One scope per resource with every action asked for: {@code a:pull} + {@code a:pull,push} = {@code a:pull,push}. */
    private static Set<String> merged(Set<String> scopes) {
        Set<String> merged = new TreeSet<>();
        access(scopes).forEach((resource, actions) -> merged.add(resource + ":" + String.join(",", actions)));
        return merged;
    }

    /** The error for a request refused even with the authorization this class could get. */
    synchronized DistillException refused(Set<String> scopes) {
        String who = credentials == null ? "anonymously (no credentials are configured: " + howToLogIn() + ")"
                : "as user '" + credentials.username() + "'";
        if (challenge != null && challenge.isBasic()) {
            return new DistillException("registry " + registry + " rejected the credentials of user '"
                    + credentials.username() + "' (HTTP 401)");
        }
        return new DistillException("registry " + registry + " refused access to " + String.join(" ", scopes)
                + " " + who);
    }

    private static String howToLogIn() {
        return "set " + CredentialResolver.USER_VARIABLE + " and " + CredentialResolver.PASSWORD_VARIABLE
                + ", or add them to ~/.docker/config.json";
    }

    private Token fetchToken(Set<String> scopes) throws TransientFailure {
        String realm = challenge.parameter("realm");
        if (realm == null || realm.isBlank()) {
            throw new DistillException("registry " + registry + " asks for a bearer token but names no realm");
        }
        URI realmUri = URI.create(realm);
        StringBuilder query = new StringBuilder();
        String service = challenge.parameter("service");
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        for (String scope : scopes) {
            query.append(query.length() == 0 ? "" : "&").append("scope=")
                    .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("User-Agent", RegistryTransport.USER_AGENT);
        if (credentials != null) {
            if (!"https".equalsIgnoreCase(realmUri.getScheme()) && !insecure
                    && !Loopback.isLoopback(realmUri.getAuthority())) {
                throw new DistillException("registry " + registry + " wants credentials sent to " + realm
                        + " over plain HTTP; refusing (use the insecure option only for a registry you trust)");
            }
            request.header("Authorization", credentials.basicAuthorization());
        }
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(1 << 20);
            }
        } catch (IOException e) {
            throw new TransientFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while asking " + realm + " for a token", e);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new TransientFailure("token server " + realm + " answered HTTP " + status,
                    RegistryTransport.retryAfter(response));
        }
        if (status == 401 || status == 403) {
            throw new DistillException(credentials == null
                    ? "token server " + realm + " for registry " + registry + " requires credentials for "
                    + String.join(" ", scopes) + " and none are configured: " + howToLogIn()
                    : "token server " + realm + " for registry " + registry + " rejected the credentials of user '"
                    + credentials.username() + "' (HTTP " + status + ")");
        }
        if (status != 200) {
            throw new DistillException("token server " + realm + " for registry " + registry + " answered HTTP "
                    + status + ": " + new String(body, StandardCharsets.UTF_8).strip());
        }
        return parseToken(body, scopes, realm);
    }

    private Token parseToken(byte[] body, Set<String> scopes, String realm) {
        JsonNode json;
        try {
            json = OciJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new DistillException("token server " + realm + " answered with invalid JSON: " + e.getMessage());
        }
        String value = json.path("token").asText("");
        if (value.isEmpty()) {
            value = json.path("access_token").asText("");
        }
        if (value.isEmpty()) {
            throw new DistillException("token server " + realm + " answered without a token");
        }
        long lifetime = json.path("expires_in").asLong(60);
        // Renew a little early so a token does not expire between being picked and being checked.
        Instant expires = clock.instant().plusSeconds(Math.max(1, lifetime - Math.min(30, lifetime / 5)));
        return new Token(access(scopes), value, expires);
    }

    /** {@code repository:a/b:pull,push} → {@code {repository:a/b=[pull, push]}}. */
    private static Map<String, Set<String>> access(Set<String> scopes) {
        Map<String, Set<String>> access = new HashMap<>();
        for (String scope : scopes) {
            int colon = scope.lastIndexOf(':');
            String resource = colon < 0 ? scope : scope.substring(0, colon);
            Set<String> actions = access.computeIfAbsent(resource, r -> new TreeSet<>());
            if (colon >= 0) {
                actions.addAll(List.of(scope.substring(colon + 1).split(",")));
            }
        }
        return access;
    }
}
