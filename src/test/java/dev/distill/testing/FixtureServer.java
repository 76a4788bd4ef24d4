package dev.distill.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Serves a directory over HTTP on 127.0.0.1 under {@code /debian/}, recording every request and injecting the
 * failures a mirror can have. Paths in this API are relative to the mirror root, e.g. {@code dists/trixie/InRelease}.
 */
final class FixtureServer implements AutoCloseable {
    private static final String BASE_PATH = "/debian";
    private static final String PREFIX = BASE_PATH + "/";

    private enum Kind { STATUS, RESET, TRUNCATE, STALL }

    private record Fault(Kind kind, int status, Duration delay) {
    }

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, UnaryOperator<byte[]>> tampering = new ConcurrentHashMap<>();

    FixtureServer(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fixture-mirror");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The mirror URL as a user writes it: {@code http://127.0.0.1:PORT/debian} (no trailing slash). */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
    }

    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void failNext(String path, int times, int status) {
        add(path, times, new Fault(Kind.STATUS, status, null));
    }

    void resetNext(String path, int times) {
        add(path, times, new Fault(Kind.RESET, 0, null));
    }

    void truncateNext(String path, int times) {
        add(path, times, new Fault(Kind.TRUNCATE, 0, null));
    }

    void stallNext(String path, Duration delay) {
        add(path, 1, new Fault(Kind.STALL, 0, delay));
    }

    void tamper(String path, UnaryOperator<byte[]> change) {
        tampering.put(path, change);
    }

    void clearFaults() {
        faults.clear();
        tampering.clear();
    }

    private void add(String path, int times, Fault fault) {
        Deque<Fault> queue = faults.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestPath = exchange.getRequestURI().getPath();
        if (!requestPath.startsWith(PREFIX)) {
            respond(exchange, 404, new byte[0]);
            return;
        }
        String path = requestPath.substring(PREFIX.length());
        requests.add(path);
        Deque<Fault> queue = faults.get(path);
        Fault fault = queue == null ? null : queue.poll();
        if (fault != null && fault.kind() == Kind.STALL) {
            try {
                Thread.sleep(fault.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        } else if (fault != null && fault.kind() == Kind.STATUS) {
            respond(exchange, fault.status(), ("injected failure for " + path + "\n").getBytes());
            return;
        } else if (fault != null && fault.kind() == Kind.RESET) {
            exchange.close(); // closing before any response drops the connection
            return;
        }
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            respond(exchange, 404, ("not found: " + path + "\n").getBytes());
            return;
        }
        byte[] body = tampering.getOrDefault(path, bytes -> bytes).apply(Files.readAllBytes(file));
        if (fault != null && fault.kind() == Kind.TRUNCATE) {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body, 0, body.length / 2);
            exchange.getResponseBody().flush();
            exchange.close(); // fewer bytes than Content-Length: the connection is dropped
            return;
        }
        respond(exchange, 200, body);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
