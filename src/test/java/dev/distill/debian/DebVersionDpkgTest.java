package dev.distill.debian;

import dev.distill.debian.Release.IndexFile;
import dev.distill.fetch.Fetcher;
import dev.distill.testing.DebianMirror;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The version order agrees with {@code dpkg --compare-versions} on real archive versions and edge cases. */
class DebVersionDpkgTest {
    private static final List<String> EDGE_CASES = List.of(
            "0", "0:0", "1", "1.0", "1.0-0", "1.0-1", "1.0-1+b1", "1.0-1.1", "1.0-10", "1.0-2", "1.0~rc1", "1.0~rc1-1",
            "1.0~~", "1.0~~a", "1.0~", "1.0a", "1.0+", "1.0.", "1.0+dfsg", "1.0+dfsg-1~bpo12+1", "1:0.1", "2:0.1",
            "10:1", "1.00", "1.000001", "1.01", "1.1", "1.10", "1.9", "a", "A", "Z", "z", "1a", "1A", "1.0a1", "1.0aa",
            "1.0-a", "1.0-A", "1.0-~", "1.0+deb13u5", "1.0+deb13u10", "1.0-1~deb13u1", "3.13.5-2+deb13u5",
            "2.41-12+deb13u5", "1:1.3.dfsg+really1.3.1-1+deb13u1", "0.0.0", "00", "0a", "9999999999999999999999",
            "10000000000000000000000", "1:9999999999999999999999");

    @Test
    void agreesWithDpkgOnEveryAdjacentPairOfTenThousandSortedVersions() throws Exception {
        HostTools.require("dpkg");
        List<String> versions = sampleRealVersions(10_001);
        versions.addAll(EDGE_CASES);
        versions.sort(DebVersion::compare);
        List<String[]> checks = new ArrayList<>();
        for (int i = 1; i < versions.size(); i++) {
            String a = versions.get(i - 1);
            String b = versions.get(i);
            checks.add(new String[] {a, DebVersion.compare(a, b) == 0 ? "eq" : "lt", b});
        }
        // dpkg's order is total, so agreeing on every adjacent pair of the sorted list means agreeing on all
        // pairs of it (about 50 million), at the cost of one dpkg run per pair.
        assertThat(checks.size()).isGreaterThanOrEqualTo(10_000);
        int half = checks.size() / 2;
        var first = CompletableFuture.supplyAsync(() -> disagreements(checks.subList(0, half)));
        var second = CompletableFuture.supplyAsync(() -> disagreements(checks.subList(half, checks.size())));
        List<String> wrong = new ArrayList<>(first.get());
        wrong.addAll(second.get());
        assertThat(wrong).as("pairs where dpkg disagrees").isEmpty();
    }

    /** Runs dpkg once per check in one shell; returns the checks dpkg rejected. */
    private static List<String> disagreements(List<String[]> checks) {
        try {
            Process shell = new ProcessBuilder("bash", "-c",
                    "while read -r a op b; do if dpkg --compare-versions \"$a\" \"$op\" \"$b\"; then echo y; "
                            + "else echo \"n $a $op $b\"; fi; done")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
                try (Writer in = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8)) {
                    for (String[] c : checks) {
                        in.write(c[0] + " " + c[1] + " " + c[2] + "\n");
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            List<String> wrong = new ArrayList<>();
            int answers = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    answers++;
                    if (!line.equals("y")) {
                        wrong.add(line);
                    }
                }
            }
            feed.join();
            assertThat(shell.waitFor()).isZero();
            assertThat(answers).isEqualTo(checks.size());
            return wrong;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run dpkg: " + e.getMessage(), e);
        }
    }

    private static List<String> sampleRealVersions(int count) {
        try (Fetcher fetcher = DebianMirror.fetcher()) {
            DebianArchive archive = DebianMirror.archive(fetcher);
            TreeSet<String> distinct = new TreeSet<>();
            for (String arch : List.of("amd64", "arm64")) {
                archive.universe(DebianMirror.trixie(), arch);
                for (DebianArchive.LoadedSuite suite : archive.loadedSuites()) {
                    IndexFile index = suite.release().files().get("main/binary-" + arch + "/Packages.xz");
                    for (BinaryPackage p : PackagesIndex.read(fetcher.cache().file(index.sha256()), "xz",
                            suite.suite().name(), index.path())) {
                        distinct.add(p.version());
                        if (!p.sourceVersion().equals(p.version())) {
                            distinct.add(p.sourceVersion());
                        }
                    }
                }
            }
            List<String> all = new ArrayList<>(distinct);
            assertThat(all.size()).isGreaterThan(count);
            Collections.shuffle(all, new Random(7));
            return new ArrayList<>(all.subList(0, count));
        }
    }
}
