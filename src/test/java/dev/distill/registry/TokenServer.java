package dev.distill.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distill.oci.OciJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A token server on 127.0.0.1 for a registry configured with {@code auth: token}: checks one user's Basic
 * credentials and issues RS256 JWTs (key and self-signed certificate made by the JDK's keytool) granting the
 * scopes asked for. Records each grant.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "distill-test-registry";
    static final String ISSUER = "distill-test-issuer";

    /** The scopes one token request asked for. */
    record Grant(List<String> scopes) {
    }

    private final String user;
    private final String password;
    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Path certificateFile;
    private final List<Grant> grants = new CopyOnWriteArrayList<>();
    private volatile long expiresIn = 300;

    TokenServer(Path dir, String user, String password) {
        this.user = user;
        this.password = password;
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve("token.p12");
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=distill-test-token", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit"));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, "changeit".toCharArray());
            }
            key = (PrivateKey) store.getKey("token", "changeit".toCharArray());
            certificate = (X509Certificate) store.getCertificate("token");
            certificateFile = dir.resolve("token.crt");
            Files.writeString(certificateFile, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        server.createContext("/token", this::handle);
        server.start();
    }

    /** The registry's {@code auth:} configuration that sends clients here. */
    String registryAuthYaml() {
        return """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm(), SERVICE, ISSUER, certificateFile);
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    List<Grant> grants() {
        return List.copyOf(grants);
    }

    void expireTokensAfterSeconds(long seconds) {
        expiresIn = seconds;
    }

    private void handle(HttpExchange exchange) throws IOException {
        List<String> scopes = new ArrayList<>();
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("scope=")) {
                scopes.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
            }
        }
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"details\":\"incorrect username or password\"}");
            return;
        }
        grants.add(new Grant(List.copyOf(scopes)));
        String token = jwt(scopes);
        respond(exchange, 200, "{\"token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}");
    }

    private String jwt(List<String> scopes) {
        try {
            ObjectNode header = OciJson.mapper().createObjectNode();
            header.put("alg", "RS256").put("typ", "JWT");
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            long now = Instant.now().getEpochSecond();
            ObjectNode claims = OciJson.mapper().createObjectNode();
            claims.put("iss", ISSUER).put("sub", user).put("aud", SERVICE).put("exp", now + expiresIn)
                    .put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
            ArrayNode access = claims.putArray("access");
            for (String scope : scopes) {
                int first = scope.indexOf(':');
                int last = scope.lastIndexOf(':');
                ObjectNode entry = access.addObject();
                entry.put("type", scope.substring(0, first)).put("name", scope.substring(first + 1, last));
                ArrayNode actions = entry.putArray("actions");
                for (String action : scope.substring(last + 1).split(",")) {
                    actions.add(action);
                }
            }
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String signingInput = url.encodeToString(OciJson.mapper().writeValueAsBytes(header)) + "."
                    + url.encodeToString(OciJson.mapper().writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
