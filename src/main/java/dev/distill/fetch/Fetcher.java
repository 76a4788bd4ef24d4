package dev.distill.fetch;

import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;
import dev.distill.common.Workers;
import dev.distill.common.ExitCode;
import dev.distill.common.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads over HTTP(S) with retries, verifying size and SHA-256 while the bytes stream, into the
 * content-addressed {@link Cache}. A file whose digest does not match is never stored.
 */
public final class Fetcher implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);

    private HttpClient http;
    private final Cache cache;
    private final RetryPolicy retry;
    private final ProgressListener progress;
    private final int parallelism;
    private final Duration stallTimeout;
    private ScheduledExecutorService watchdog;
    private final AtomicInteger downloads = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    public Fetcher(Cache cache, RetryPolicy retry, ProgressListener progress, int parallelism, Duration stallTimeout) {
        this.cache = cache;
        this.retry = retry;
        this.progress = progress;
        this.parallelism = Math.max(1, parallelism);
        this.stallTimeout = stallTimeout;
    }

    public Fetcher(Cache cache, ProgressListener progress) {
        this(cache, RetryPolicy.DEFAULT, progress, 6, Duration.ofSeconds(60));
    }

    public Cache cache() {
        return cache;
    }

    public FetchStats stats() {
        return new FetchStats(downloads.get(), bytes.get(), hits.get(), retries.get());
    }

    /** GETs a small document (an InRelease file) without caching it; 404 gives an empty result. */
    public Optional<byte[]> getIfExists(URI url, String label) {
        return withRetries(url, label, () -> {
            HttpResponse<byte[]> response = http().send(request(url), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            checkStatus(response.statusCode(), url, label, response.headers().firstValue("Retry-After"));
            downloads.incrementAndGet();
            bytes.addAndGet(response.body().length);
            return Optional.of(response.body());
        });
    }

    /** Returns the cached, verified file for {@code download}, downloading it only when it is not cached. */
    public Path fetch(Download download) {
        if (cache.has(download.sha256())) {
            hits.incrementAndGet();
            return cache.file(download.sha256());
        }
        return withRetries(download.url(), download.label(), () -> downloadOnce(download));
    }

    /** Fetches every download, {@code parallelism} at a time; returns the cached files in the same order. */
    public List<Path> fetchAll(String what, List<Download> all) {
        Map<String, Download> unique = new LinkedHashMap<>();
        for (Download d : all) {
            unique.putIfAbsent(d.sha256(), d);
        }
        List<Download> missing = unique.values().stream().filter(d -> !cache.has(d.sha256())).toList();
        if (!missing.isEmpty()) {
            progress.begin(what, missing.size(), missing.stream().mapToLong(d -> Math.max(0, d.size())).sum());
            ExecutorService pool = Workers.pool("distill-fetch", Math.min(parallelism, missing.size()));
            try {
                List<Future<Path>> futures = new ArrayList<>();
                for (Download d : missing) {
                    futures.add(pool.submit(() -> fetch(d)));
                }
                for (Future<Path> f : futures) {
                    await(f, pool);
                }
            } finally {
                pool.shutdownNow();
                awaitStopped(pool);
                progress.end();
            }
        }
        List<Path> paths = new ArrayList<>();
        for (Download d : all) {
            if (!cache.has(d.sha256())) {
                throw new IllegalStateException("download of " + d.label() + " finished but is not in the cache");
            }
            paths.add(cache.file(d.sha256()));
        }
        hits.addAndGet(all.size() - missing.size());
        return paths;
    }

    /**
     * Waits for the downloads still running after a failure to stop (they are interrupted), so that each removes
     * its partial file before the command ends.
     */
    private static void awaitStopped(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }

    /** The HTTP client, made on first use: a build whose packages are all cached never starts one. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "distill-fetch-watchdog");
                t.setDaemon(true);
                return t;
            });
        }
        return http;
    }

    private synchronized ScheduledExecutorService watchdog() {
        http();
        return watchdog;
    }

    private Path downloadOnce(Download d) throws IOException, InterruptedException {
        if (cache.has(d.sha256())) {
            return cache.file(d.sha256());
        }
        HttpResponse<InputStream> response = http().send(request(d.url()), HttpResponse.BodyHandlers.ofInputStream());
        Path tmp = Files.createTempFile(cache.tmpDir(), d.sha256().substring(0, 16), ".part");
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                throw new DistillException(d.label() + ": not found at " + d.url() + " (HTTP 404)");
            }
            checkStatus(response.statusCode(), d.url(), d.label(), response.headers().firstValue("Retry-After"));
            MessageDigest sha256 = Hashing.sha256();
            long count = copyVerifying(body, tmp, sha256, d);
            String actual = Hashing.hex(sha256);
            if (d.size() >= 0 && count != d.size()) {
                throw new DistillException(ExitCode.CHECK_FAILED, d.label() + " from " + d.url() + " is " + count
                        + " bytes, expected " + d.size() + ": refused");
            }
            if (!actual.equals(d.sha256())) {
                throw new DistillException(ExitCode.CHECK_FAILED, d.label() + " from " + d.url()
                        + " has SHA-256 " + actual + ", expected " + d.sha256() + ": refused, nothing cached");
            }
            Path target = cache.file(d.sha256());
            Files.createDirectories(target.getParent());
            AtomicFiles.moveIntoPlace(tmp, target);
            downloads.incrementAndGet();
            progress.fileDone(d.label());
            return target;
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    private long copyVerifying(InputStream body, Path tmp, MessageDigest sha256, Download d) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long count = 0;
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        ScheduledFuture<?> guard = watchdog().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastProgress.get() > stallTimeout.toNanos()) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the reading thread sees the closed stream and retries
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                lastProgress.set(System.nanoTime());
                count += n;
                if (d.size() >= 0 && count > d.size()) {
                    throw new DistillException(ExitCode.CHECK_FAILED, d.label() + " from " + d.url()
                            + " is larger than the " + d.size() + " bytes its index gives: refused");
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                bytes.addAndGet(n);
                progress.advance(n);
            }
        } finally {
            guard.cancel(false);
        }
        return count;
    }

    private HttpRequest request(URI url) {
        return HttpRequest.newBuilder(url).timeout(HEADERS_TIMEOUT).header("User-Agent", "distill").GET().build();
    }

    private void checkStatus(int status, URI url, String label, Optional<String> retryAfter) {
        if (status >= 500 || status == 429 || status == 408) {
            throw new Retryable(label + ": HTTP " + status + " from " + url, parseRetryAfter(retryAfter));
        }
        if (status != 200) {
            throw new DistillException(label + ": HTTP " + status + " from " + url);
        }
    }

    private static Duration parseRetryAfter(Optional<String> header) {
        try {
            return header.map(h -> Duration.ofSeconds(Math.min(60, Long.parseLong(h.strip())))).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private interface Attempt<T> {
        T run() throws IOException, InterruptedException;
    }

    private <T> T withRetries(URI url, String label, Attempt<T> attempt) {
        String lastProblem = null;
        for (int i = 1; i <= retry.attempts(); i++) {
            Duration wait;
            try {
                return attempt.run();
            } catch (Retryable e) {
                lastProblem = e.getMessage();
                wait = e.retryAfter != null ? e.retryAfter : retry.delayBefore(i);
            } catch (InterruptedIOException e) {
                lastProblem = "timed out: " + e.getMessage();
                wait = retry.delayBefore(i);
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                wait = retry.delayBefore(i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DistillException("interrupted while downloading " + label);
            }
            if (i < retry.attempts()) {
                retries.incrementAndGet();
                sleep(wait);
            }
        }
        throw new DistillException("cannot download " + label + " from " + url + " after " + retry.attempts()
                + " attempts: " + lastProblem);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while waiting to retry a download");
        }
    }

    private static <T> void await(Future<T> future, ExecutorService pool) {
        try {
            future.get();
        } catch (ExecutionException e) {
            pool.shutdownNow();
            if (e.getCause() instanceof DistillException d) {
                throw d;
            }
            throw new DistillException("download failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while downloading");
        }
    }

    /** A failure worth another attempt (5xx, 429, 408). */
    private static final class Retryable extends RuntimeException {
        private final transient Duration retryAfter;

        Retryable(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }
    }
}
