package dev.distill.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A loopback proxy in front of the real Debian archives that records every request: {@code /main/…} goes to the
 * main archive, {@code /security/…} to the security archive. Tests count what a command downloaded.
 */
public final class MirrorProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private final URI main;
    private final URI security;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    public MirrorProxy(URI main, URI security) throws IOException {
        this.main = main;
        this.security = security;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public String mainUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/main";
    }

    public String securityUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/security";
    }

    /** Every path requested so far, in order. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public long requestsEndingWith(String suffix) {
        return requests().stream().filter(r -> r.endsWith(suffix)).count();
    }

    private void forward(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(path);
        URI upstream;
        if (path.startsWith("/main/")) {
            upstream = URI.create(main + path.substring("/main".length()));
        } else if (path.startsWith("/security/")) {
            upstream = URI.create(security + path.substring("/security".length()));
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(upstream).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
            exchange.sendResponseHeaders(response.statusCode(), length == 0 ? 0 : length);
            try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
