package dev.distill.vuln;

import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the vulnerability database: fetches the Debian security tracker JSON and the OSV Debian dump (each from
 * a URL, downloaded into the database directory, or from a local file or directory), reads them and writes the
 * index. The previous database stays usable until the new one is complete.
 */
public final class DbUpdate {
    public static final String DEFAULT_TRACKER_URL = "https://security-tracker.debian.org/tracker/data/json";
    public static final String DEFAULT_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip";

    /** Where to read each source: an http(s) URL, a local path, or null to leave the source out. */
    public record Request(Path dbDir, String tracker, String osv) {
    }

    private final HttpClient http;
    private final Consumer<String> notes;

    public DbUpdate(Consumer<String> notes) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.notes = notes;
    }

    public VulnerabilityDb.Metadata run(Request request) {
        if (request.tracker() == null && request.osv() == null) {
            throw new DistillException("no vulnerability data source: give the Debian tracker data, OSV data or both");
        }
        Path dir = request.dbDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DistillException("cannot create the vulnerability database directory " + dir + ": "
                    + e.getMessage(), e);
        }
        AdvisoryGroups groups = new AdvisoryGroups();
        List<VulnerabilityDb.Source> sources = new ArrayList<>();
        if (request.tracker() != null) {
            Path file = obtain(request.tracker(), dir.resolve("debian-tracker.json"));
            int before = groups.received();
            TrackerJson.read(file, groups::add);
            sources.add(new VulnerabilityDb.Source(TrackerJson.ORIGIN, request.tracker(), groups.received() - before));
        }
        if (request.osv() != null) {
            Path file = obtain(request.osv(), dir.resolve("osv-debian.zip"));
            int before = groups.received();
            OsvDump.read(file, groups::add);
            sources.add(new VulnerabilityDb.Source(OsvDump.ORIGIN, request.osv(), groups.received() - before));
        }
        VulnerabilityDb.write(dir, groups, sources, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            return db.metadata();
        }
    }

    /** A local path as it is; a URL downloaded to {@code target} (replaced only once the download is complete). */
    private Path obtain(String location, Path target) {
        if (!location.startsWith("http://") && !location.startsWith("https://")) {
            Path local = Path.of(location);
            if (!Files.exists(local)) {
                throw new DistillException("vulnerability data " + location + " does not exist");
            }
            return local;
        }
        notes.accept("downloading " + location);
        URI uri = URI.create(location);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .header("User-Agent", "distill").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DistillException("cannot download " + location + ": HTTP " + response.statusCode());
                }
                AtomicFiles.write(target, body::transferTo);
            }
        } catch (IOException e) {
            throw new DistillException("cannot download " + location + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while downloading " + location, e);
        }
        return target;
    }
}
