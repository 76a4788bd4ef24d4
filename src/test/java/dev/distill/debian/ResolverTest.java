package dev.distill.debian;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolverTest {
    private final List<BinaryPackage> packages = new ArrayList<>();

    private ResolverTest pkg(String name, String version, String suite, String depends, String provides,
                             String conflicts) {
        packages.add(new BinaryPackage(name, version, "amd64", null, name, version, false, "optional", "misc",
                "Debian <debian@example.org>", depends, null, provides, conflicts, null,
                "pool/" + name + "_" + version + ".deb", 100, "0".repeat(64), 1, suite));
        return this;
    }

    private ResolverTest pkg(String name, String version, String depends) {
        return pkg(name, version, "trixie", depends, null, null);
    }

    private Resolution resolve(Set<String> exclude, String... names) {
        PackageUniverse universe = new PackageUniverse("amd64", List.of("trixie", "trixie-security"), packages);
        List<Resolver.Request> requests = new ArrayList<>();
        for (String n : names) {
            requests.add(Resolver.Request.parse(n));
        }
        return new Resolver(universe).resolve(requests, "runtime", exclude, null);
    }

    private static List<String> names(Resolution r) {
        return r.packages().stream().map(c -> c.pkg().name() + "=" + c.pkg().version()).toList();
    }

    @Test
    void followsDependenciesAndPicksTheNewestCandidateAcrossSuites() {
        pkg("app", "1", "libc6 (>= 2.36), libssl3 | libssl1.1");
        pkg("libc6", "2.41-12", null);
        pkg("libc6", "2.41-12+deb13u5", "trixie-security", null, null, null);
        pkg("libssl3", "3.5", "libc6");
        pkg("libssl1.1", "1.1", null);
        assertThat(names(resolve(Set.of(), "app"))).containsExactly("app=1", "libc6=2.41-12+deb13u5", "libssl3=3.5");
    }

    @Test
    void anAlreadyChosenAlternativeSatisfiesTheGroup() {
        pkg("app", "1", "mawk | gawk");
        pkg("mawk", "1.3", null);
        pkg("gawk", "5", null);
        assertThat(names(resolve(Set.of(), "gawk", "app"))).containsExactly("app=1", "gawk=5");
    }

    @Test
    void virtualPackagesGoToTheBestProviderAndVersionedProvidesCount() {
        pkg("app", "1", "awk, libfoo-abi (>= 2)");
        pkg("original-awk", "2012", "trixie", null, "awk", null);
        pkg("mawk", "1.3", "trixie", null, "awk", null);
        packages.set(packages.size() - 1, withPriority(packages.get(packages.size() - 1), "required"));
        pkg("libfoo1", "1", "trixie", null, "libfoo-abi (= 1)", null);
        pkg("libfoo2", "2", "trixie", null, "libfoo-abi (= 2)", null);
        assertThat(names(resolve(Set.of(), "app"))).containsExactly("app=1", "libfoo2=2", "mawk=1.3");
    }

    @Test
    void excludedPackagesDropTheirEdgesAndTheLockCanRecordThem() {
        pkg("ca-certificates", "2025", "openssl (>= 1.1.1), debconf (>= 0.5) | debconf-2.0");
        pkg("openssl", "3.5", null);
        pkg("debconf", "1.5", null);
        pkg("cdebconf", "0.2", "trixie", null, "debconf-2.0", null);
        Resolution r = resolve(Set.of("openssl", "debconf"), "ca-certificates");
        assertThat(names(r)).containsExactly("ca-certificates=2025");
        assertThat(r.dropped()).containsExactly(
                new Resolution.DroppedEdge("ca-certificates", "openssl (>= 1.1.1)", "openssl"),
                new Resolution.DroppedEdge("ca-certificates", "debconf (>= 0.5) | debconf-2.0", "debconf"));
    }

    @Test
    void aVersionTheCandidateDoesNotMeetFallsBackToAnOlderVersion() {
        pkg("app", "1", "lib (<< 2)");
        pkg("lib", "1.5", null);
        pkg("lib", "2.0", "trixie-security", null, null, null);
        assertThat(names(resolve(Set.of(), "app"))).containsExactly("app=1", "lib=1.5");
    }

    @Test
    void anUnsatisfiableDependencyNamesTheChain() {
        pkg("python3.13-minimal", "3.13.5-2", "libpython3.13-minimal (= 3.13.5-2)");
        pkg("libpython3.13-minimal", "3.13.5-1", null);
        assertThatThrownBy(() -> resolve(Set.of(), "python3.13-minimal"))
                .isInstanceOf(DistillException.class)
                .hasMessage("python3.13-minimal → libpython3.13-minimal (= 3.13.5-2): no candidate in trixie, "
                        + "trixie-security (amd64); libpython3.13-minimal has 3.13.5-1");
        assertThatThrownBy(() -> resolve(Set.of(), "nonexistent"))
                .hasMessage("nonexistent: no such package in trixie, trixie-security (amd64)");
    }

    @Test
    void conflictsAreCheckedOnTheChosenSet() {
        pkg("a", "1", "trixie", "b", null, "c (<< 2)");
        pkg("b", "1", "c");
        pkg("c", "1.5", null);
        assertThatThrownBy(() -> resolve(Set.of(), "a"))
                .hasMessageStartingWith("a 1 conflicts with c 1.5 (c (<< 2)); a came from a, c from a → b → c");
    }

    @Test
    void aPackageMayConflictWithAVirtualNameItProvidesItself() {
        pkg("mawk", "1.3", "trixie", null, "awk", "awk");
        assertThat(names(resolve(Set.of(), "mawk"))).containsExactly("mawk=1.3");
    }

    @Test
    void pathsExplainWhyAPackageIsThere() {
        pkg("app", "1", "liba, libb");
        pkg("liba", "1", "libz");
        pkg("libb", "1", "libz");
        pkg("libz", "1", null);
        Resolution r = resolve(Set.of(), "app");
        List<List<Resolution.Edge>> paths = r.pathsTo("libz", 10);
        assertThat(paths).hasSize(2);
        assertThat(paths.get(0)).extracting(Resolution.Edge::to).containsExactly("app", "liba", "libz");
        assertThat(paths.get(1)).extracting(Resolution.Edge::to).containsExactly("app", "libb", "libz");
    }

    @Test
    void theDevSideKeepsTheRuntimeChoicesAndSatisfiesDroppedEdges() {
        pkg("ca-certificates", "2025", "openssl");
        pkg("openssl", "3.5", null);
        pkg("gcc", "14", null);
        PackageUniverse universe = new PackageUniverse("amd64", List.of("trixie"), packages);
        Resolver resolver = new Resolver(universe);
        Resolution runtime = resolver.resolve(List.of(new Resolver.Request("ca-certificates", null)), "runtime",
                Set.of("openssl"), null);
        Resolution dev = resolver.resolve(List.of(new Resolver.Request("gcc", null)), "dev", Set.of(), runtime);
        assertThat(dev.packages()).extracting(c -> c.pkg().name() + ":" + c.side())
                .containsExactly("ca-certificates:runtime", "gcc:dev", "openssl:dev");
    }

    private static BinaryPackage withPriority(BinaryPackage p, String priority) {
        return new BinaryPackage(p.name(), p.version(), p.architecture(), p.multiArch(), p.source(), p.sourceVersion(),
                p.essential(), priority, p.section(), p.maintainer(), p.dependsField(), p.preDependsField(),
                p.providesField(), p.conflictsField(), p.breaksField(), p.filename(), p.size(), p.sha256(),
                p.installedSize(), p.suite());
    }
}
