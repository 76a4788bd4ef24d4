package dev.distill.debian;

import dev.distill.fetch.Fetcher;
import dev.distill.testing.DebianMirror;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For real trixie packages, the resolver's choice satisfies every dependency and conflict, and equals what
 * {@code apt-get install --simulate --no-install-recommends} picks on an empty system against the same indices.
 * Where the two differ, every difference must be an alternative (or a provider) chosen differently.
 */
class AptAgreementTest {
    private static final List<String> PACKAGES = List.of("python3.13", "nodejs", "openjdk-21-jre-headless", "nginx",
            "curl", "git", "golang-go", "build-essential", "python3-pip", "ca-certificates", "tzdata", "openssl",
            "perl", "vim", "gcc", "make", "apt", "wget", "postgresql-client", "libxml2", "zstd", "jq", "rsync",
            "openssh-client");
    private static final Pattern INST = Pattern.compile("^Inst (\\S+) \\((\\S+) ", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @Test
    void resolverAgreesWithAptOnRealPackages() throws Exception {
        HostTools.require("apt-get");
        PackageUniverse universe;
        try (Fetcher fetcher = DebianMirror.fetcher()) {
            universe = DebianMirror.archive(fetcher).universe(DebianMirror.trixie(), "amd64");
        }
        List<String> apt = aptOptions();
        run(concat(List.of("apt-get"), apt, List.of("update", "-qq")));

        Map<String, List<String>> unexplained = new TreeMap<>();
        Map<String, List<String>> explained = new ConcurrentHashMap<>();
        PACKAGES.parallelStream().forEach(name -> {
            Set<String> ours = new Resolver(universe).resolve(List.of(new Resolver.Request(name, null)), "runtime",
                    Set.of(), null).packages().stream().map(c -> c.pkg().name() + "=" + c.pkg().version())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertConsistent(universe, ours, name);
            Set<String> theirs = aptChoice(apt, name);
            List<String> why = new ArrayList<>();
            List<String> notExplained = new ArrayList<>();
            for (String only : difference(theirs, ours)) {
                String reason = explain(universe, only, ours);
                (reason == null ? notExplained : why).add("apt only: " + only + (reason == null ? "" : " — " + reason));
            }
            for (String only : difference(ours, theirs)) {
                String reason = explain(universe, only, theirs);
                (reason == null ? notExplained : why).add("distill only: " + only + (reason == null ? "" : " — " + reason));
            }
            if (!why.isEmpty()) {
                explained.put(name, why);
            }
            if (!notExplained.isEmpty()) {
                synchronized (unexplained) {
                    unexplained.put(name, notExplained);
                }
            }
        });
        explained.forEach((name, lines) -> System.out.println(name + ": " + String.join("; ", lines)));
        assertThat(unexplained).as("differences from apt that are not an alternative chosen differently").isEmpty();
    }

    /** Every dependency of every chosen package is satisfied inside the set, and no two chosen packages conflict. */
    private static void assertConsistent(PackageUniverse universe, Set<String> chosen, String root) {
        Map<String, BinaryPackage> byName = new TreeMap<>();
        for (String id : chosen) {
            String[] nv = id.split("=", 2);
            BinaryPackage p = universe.versions(nv[0]).stream().filter(v -> v.version().equals(nv[1])).findFirst()
                    .orElseThrow();
            byName.put(p.name(), p);
        }
        for (BinaryPackage p : byName.values()) {
            for (List<Relation> group : p.dependencies()) {
                assertThat(group.stream().anyMatch(r -> satisfied(r, byName.values())))
                        .as(root + ": " + p.name() + " needs " + Relation.format(group)).isTrue();
            }
            List<Relation> against = new ArrayList<>(p.conflicts());
            against.addAll(p.breaks());
            for (Relation r : against) {
                for (BinaryPackage q : byName.values()) {
                    boolean hit = q != p && ((q.name().equals(r.name()) && r.acceptsVersion(q.version()))
                            || q.provides().stream().anyMatch(pr -> pr.name().equals(r.name()) && !r.isVersioned()));
                    assertThat(hit).as(root + ": " + p.name() + " conflicts with " + q.name()).isFalse();
                }
            }
        }
    }

    private static boolean satisfied(Relation r, Iterable<BinaryPackage> set) {
        for (BinaryPackage q : set) {
            if (q.name().equals(r.name()) && r.acceptsVersion(q.version())) {
                return true;
            }
            for (Relation provided : q.provides()) {
                if (provided.name().equals(r.name()) && (!r.isVersioned()
                        || (provided.op() == Relation.Op.EQ && r.acceptsVersion(provided.version())))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Why a package in one solution is absent from {@code other}: it is an alternative (real or virtual) of a
     * dependency group that {@code other} satisfies with another alternative — or it is only needed by such a
     * package. Returns null when no such explanation exists.
     */
    private static String explain(PackageUniverse universe, String id, Set<String> other) {
        String name = id.split("=", 2)[0];
        Set<String> otherNames = other.stream().map(o -> o.split("=", 2)[0]).collect(Collectors.toSet());
        Set<String> provides = universe.candidate(name) == null ? Set.of()
                : universe.candidate(name).provides().stream().map(Relation::name).collect(Collectors.toSet());
        for (String o : otherNames) {
            BinaryPackage p = universe.candidate(o);
            if (p == null) {
                continue;
            }
            for (List<Relation> group : p.dependencies()) {
                boolean mentions = group.stream().anyMatch(r -> r.name().equals(name) || provides.contains(r.name()));
                if (mentions && group.size() > 1) {
                    return "alternative in " + o + ": " + Relation.format(group);
                }
                if (mentions && universe.providers(group.get(0).name()).size() > 1) {
                    return "one of several providers of " + group.get(0).name() + " for " + o;
                }
            }
        }
        return null;
    }

    private Set<String> aptChoice(List<String> apt, String name) {
        String output = run(concat(List.of("apt-get"), apt,
                List.of("install", "--simulate", "--no-install-recommends", "-qq", name)));
        Set<String> chosen = new TreeSet<>();
        Matcher m = INST.matcher(output);
        while (m.find()) {
            chosen.add(m.group(1) + "=" + m.group(2));
        }
        assertThat(chosen).as("apt's choice for " + name + ":\n" + output).isNotEmpty();
        return chosen;
    }

    private List<String> aptOptions() throws IOException {
        Path keyring = tmp.resolve("debian-archive-keyring.gpg");
        try (InputStream in = getClass().getResourceAsStream("/dev/distill/debian/trust/debian-archive-keyring.gpg")) {
            Files.write(keyring, in.readAllBytes());
        }
        var mirrors = DebianMirror.mirrors();
        String signed = "deb [signed-by=" + keyring + "] ";
        Files.writeString(tmp.resolve("sources.list"), signed + mirrors.main() + " trixie main\n"
                + signed + mirrors.main() + " trixie-updates main\n"
                + signed + mirrors.security() + " trixie-security main\n", StandardCharsets.UTF_8);
        for (String dir : List.of("parts", "prefs", "state/lists/partial", "cache/archives/partial")) {
            Files.createDirectories(tmp.resolve(dir));
        }
        Files.writeString(tmp.resolve("status"), "");
        return List.of("-o", "Dir::Etc::SourceList=" + tmp.resolve("sources.list"),
                "-o", "Dir::Etc::SourceParts=" + tmp.resolve("parts"),
                "-o", "Dir::Etc::Preferences=" + tmp.resolve("preferences"),
                "-o", "Dir::Etc::PreferencesParts=" + tmp.resolve("prefs"),
                "-o", "Dir::State=" + tmp.resolve("state"),
                "-o", "Dir::State::status=" + tmp.resolve("status"),
                "-o", "Dir::Cache=" + tmp.resolve("cache"),
                "-o", "APT::Architecture=amd64", "-o", "APT::Architectures::=amd64",
                "-o", "Acquire::Languages=none", "-o", "Debug::NoLocking=1");
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
            return output;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run " + command, e);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
