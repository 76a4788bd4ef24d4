package dev.distill.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.distill.oci.OciLayout;
import dev.distill.testing.Cli;
import dev.distill.testing.DebianImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code distill db update} and {@code distill scan} against bookworm images and data the test writes. */
class ScanTest {
    private static final String AFFECTED_GLIBC = "2.36-9+deb12u1";
    private static final String FIXED_GLIBC = "2.36-9+deb12u3";
    private static final String ZLIB = "1:1.2.13.dfsg-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Cli cli;
    static Path trackerDb;
    static Path osvDb;
    static Path bothDb;

    @BeforeAll
    static void setUp() {
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("out"));
        DebianImages images = new DebianImages(layout, "12", "bookworm");
        images.pair("app", "affected", images.runtimePackages(AFFECTED_GLIBC, ZLIB),
                images.devPackages(AFFECTED_GLIBC, ZLIB), List.of("amd64"));
        images.pair("app", "fixed", images.runtimePackages(FIXED_GLIBC, ZLIB), images.devPackages(FIXED_GLIBC, ZLIB),
                List.of("amd64"));
        cli = Cli.withCache(dir, dir.resolve("cache"));
        Path tracker = VulnerabilityFixtures.writeTracker(dir.resolve("data"));
        Path osvZip = VulnerabilityFixtures.writeOsvZip(dir.resolve("data"));
        trackerDb = dir.resolve("db-tracker");
        osvDb = dir.resolve("db-osv");
        bothDb = dir.resolve("db-both");
        ok(cli.run("db", "update", "--db", trackerDb.toString(), "--tracker", tracker.toString(), "--no-osv"));
        ok(cli.run("db", "update", "--db", osvDb.toString(), "--osv", osvZip.toString(), "--no-tracker"));
        ok(cli.run("db", "update", "--db", bothDb.toString(), "--tracker", tracker.toString(), "--osv",
                VulnerabilityFixtures.writeOsvDirectory(dir.resolve("data")).toString()));
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static JsonNode scan(Path db, String image, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("scan", image, "--db", db.toString(), "--format", "json"));
        args.addAll(List.of(extra));
        return JSON.readTree(ok(cli.run(args.toArray(String[]::new))).out());
    }

    private static List<JsonNode> findings(JsonNode report, String id) {
        List<JsonNode> out = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("id").asText().equals(id)) {
                out.add(f);
            }
        });
        return out;
    }

    @Test
    void trackerData_affectedGlibcIsReportedThroughItsSourceWithTheFixedVersion() throws IOException {
        JsonNode report = scan(trackerDb, "app:affected");

        List<JsonNode> glibc = findings(report, "CVE-2023-4911");
        assertThat(glibc).hasSize(1);
        JsonNode libc6 = glibc.get(0);
        assertThat(libc6.get("package").asText()).isEqualTo("libc6");
        assertThat(libc6.get("source").asText()).isEqualTo("glibc");
        assertThat(libc6.get("installedVersion").asText()).isEqualTo(AFFECTED_GLIBC);
        assertThat(libc6.get("fixedVersion").asText()).isEqualTo(FIXED_GLIBC);
        assertThat(libc6.get("status").asText()).isEqualTo("fixed");
        assertThat(libc6.get("severity").asText()).isEqualTo("high");
        assertThat(report.get("os").get("codename").asText()).isEqualTo("bookworm");
    }

    @Test
    void trackerData_theSamePackageAtTheFixedVersionIsNotReported() throws IOException {
        assertThat(findings(scan(trackerDb, "app:fixed"), "CVE-2023-4911")).isEmpty();
        assertThat(findings(scan(trackerDb, "app:fixed-dev"), "CVE-2023-4911")).isEmpty();
        // the dev image's libc6-dev comes from glibc too
        assertThat(findings(scan(trackerDb, "app:affected-dev"), "CVE-2023-4911")).extracting(f -> f.get("package").asText())
                .containsExactlyInAnyOrder("libc6", "libc6-dev");
    }

    @Test
    void trackerData_ignoredIsWontFixAndUnimportantNotAffectedUndeterminedAreLeftOut() throws IOException {
        JsonNode report = scan(trackerDb, "app:fixed");

        List<JsonNode> zlib = findings(report, "CVE-2023-45853");
        assertThat(zlib).hasSize(1);
        assertThat(zlib.get(0).get("package").asText()).isEqualTo("zlib1g");
        assertThat(zlib.get(0).get("source").asText()).isEqualTo("zlib");
        assertThat(zlib.get(0).get("installedVersion").asText()).isEqualTo(ZLIB + "+b1");
        assertThat(zlib.get(0).get("sourceVersion").asText()).isEqualTo(ZLIB);
        assertThat(zlib.get(0).get("status").asText()).isEqualTo("wont-fix");
        assertThat(zlib.get(0).get("reason").asText()).isEqualTo("ignored");
        assertThat(zlib.get(0).get("fixedVersion").isNull()).isTrue();
        assertThat(findings(report, "CVE-2010-4756")).isEmpty();
        assertThat(findings(report, "TEMP-0000000-A1B2C3")).isEmpty();
        assertThat(findings(report, "TEMP-0000000-D4E5F6")).isEmpty();
        assertThat(report.get("counts").get("total").asInt()).isEqualTo(1);

        JsonNode all = scan(trackerDb, "app:fixed", "--include-unimportant");
        assertThat(findings(all, "CVE-2010-4756")).extracting(f -> f.get("severity").asText())
                .containsExactly("negligible");
        assertThat(findings(all, "TEMP-0000000-A1B2C3")).isEmpty();
    }

    @Test
    void osvData_givesTheSameMatchesWithCvssSeverities() throws IOException {
        JsonNode affected = scan(osvDb, "app:affected");
        JsonNode glibc = findings(affected, "CVE-2023-4911").get(0);
        assertThat(glibc.get("package").asText()).isEqualTo("libc6");
        assertThat(glibc.get("fixedVersion").asText()).isEqualTo(FIXED_GLIBC);
        assertThat(glibc.get("severity").asText()).isEqualTo("high");
        assertThat(glibc.get("aliases").toString()).contains("DEBIAN-CVE-2023-4911");
        assertThat(findings(affected, "DSA-5514-1")).as("the DSA only repeats the CVE").isEmpty();

        JsonNode fixed = scan(osvDb, "app:fixed");
        assertThat(findings(fixed, "CVE-2023-4911")).isEmpty();
        JsonNode zlib = findings(fixed, "CVE-2023-45853").get(0);
        assertThat(zlib.get("status").asText()).isEqualTo("not-fixed");
        assertThat(zlib.get("severity").asText()).isEqualTo("critical");
    }

    @Test
    void bothSources_theTrackerEntryWinsForTheSameCve() throws IOException {
        JsonNode report = scan(bothDb, "app:affected");
        assertThat(findings(report, "CVE-2023-45853")).extracting(f -> f.get("status").asText()).containsExactly("wont-fix");
        assertThat(findings(report, "CVE-2023-4911")).extracting(f -> f.get("dataSource").asText())
                .containsExactly("debian-tracker");
        assertThat(findings(report, "DSA-5514-1")).isEmpty();
    }

    @Test
    void tableSarifFailOnAndOnlyFixable() throws IOException {
        Cli.Result table = ok(cli.run("scan", "app:affected", "--db", trackerDb.toString()));
        assertThat(table.out()).contains("CVE-2023-4911").contains("libc6").contains("glibc").contains(FIXED_GLIBC)
                .contains("won't fix (ignored)").contains("high 1");

        JsonNode sarif = JSON.readTree(ok(cli.run("scan", "app:affected", "--db", trackerDb.toString(), "--format",
                "sarif")).out());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("runs").get(0).get("results")).hasSize(2);
        assertThat(sarif.get("runs").get(0).get("results").get(0).get("level").asText()).isEqualTo("error");

        Cli.Result failing = cli.run("scan", "app:affected", "--db", trackerDb.toString(), "--fail-on", "high");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(3);
        assertThat(cli.run("scan", "app:affected", "--db", trackerDb.toString(), "--fail-on", "critical").exitCode())
                .isZero();
        assertThat(cli.run("scan", "app:fixed", "--db", trackerDb.toString(), "--fail-on", "low").exitCode()).isZero();

        JsonNode fixable = scan(trackerDb, "app:affected", "--only-fixable");
        assertThat(fixable.get("findings")).hasSize(1);
        assertThat(fixable.get("findings").get(0).get("id").asText()).isEqualTo("CVE-2023-4911");
    }

    @Test
    void dbUpdateDownloadsOverHttpAndNamesTheUrlThatFails() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Path tracker = VulnerabilityFixtures.writeTracker(dir.resolve("served"));
        Path zip = VulnerabilityFixtures.writeOsvZip(dir.resolve("served"));
        server.createContext("/", exchange -> {
            Path file = exchange.getRequestURI().getPath().equals("/tracker/data/json") ? tracker
                    : exchange.getRequestURI().getPath().equals("/Debian/all.zip") ? zip : null;
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path db = dir.resolve("db-http");
            Cli.Result update = ok(cli.run("db", "update", "--db", db.toString(), "--tracker", base + "/tracker/data/json",
                    "--osv", base + "/Debian/all.zip"));
            assertThat(update.out()).contains("debian-tracker: 5 entries").contains("osv: 5 entries");
            assertThat(findings(scan(db, "app:affected"), "CVE-2023-4911")).hasSize(1);

            Cli.Result missing = cli.run("db", "update", "--db", dir.resolve("db-404").toString(), "--tracker",
                    base + "/nothing", "--no-osv");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains(base + "/nothing").contains("HTTP 404");
            assertThat(VulnerabilityDb.exists(dir.resolve("db-404"))).isFalse();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void scanWithoutADatabaseSaysHowToGetOne() {
        Cli.Result result = cli.run("scan", "app:affected", "--db", dir.resolve("nowhere").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no vulnerability database").contains("distill db update");
    }
}
