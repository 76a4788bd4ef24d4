package dev.distill.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.distill.common.DistillException;
import dev.distill.debian.Deb822;
import dev.distill.debian.Paragraph;
import dev.distill.debian.Relation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The neutral content of an SBOM: the image, its distribution and its packages (sorted by name, then
 * architecture). Both {@link SpdxWriter} and {@link CycloneDxWriter} write it. The same records give the same
 * document byte for byte, whether they were read from an image or handed over by the build.
 */
public record Sbom(SbomSubject subject, OperatingSystem os, List<SbomPackage> packages) {

    public Sbom {
        packages = List.copyOf(packages);
    }

    /** Builds an SBOM from package records (control paragraph + copyright text each). */
    public static Sbom of(SbomSubject subject, OperatingSystem os, List<PackageRecord> records) {
        Map<String, PackageRecord> byKey = new TreeMap<>();
        for (PackageRecord record : records) {
            Paragraph control = record.control();
            byKey.putIfAbsent(control.require("Package") + ":" + control.get("Architecture", ""), record);
        }
        Map<String, String> provider = providers(byKey.values());
        List<SbomPackage> packages = new ArrayList<>();
        for (PackageRecord record : byKey.values()) {
            packages.add(sbomPackage(record, os, provider));
        }
        packages.sort(Comparator.comparing(SbomPackage::name).thenComparing(SbomPackage::arch));
        return new Sbom(subject, os, packages);
    }

    /** Each installed package name and each name it provides, mapped to the installed package. */
    private static Map<String, String> providers(Iterable<PackageRecord> records) {
        Map<String, String> provider = new HashMap<>();
        for (PackageRecord record : records) {
            String name = record.control().require("Package");
            provider.put(name, name);
        }
        for (PackageRecord record : records) {
            Paragraph control = record.control();
            String name = control.require("Package");
            for (List<Relation> group : Relation.parseField(control.get("Provides"), control.where() + " Provides")) {
                for (Relation provided : group) {
                    provider.putIfAbsent(provided.name(), name);
                }
            }
        }
        return provider;
    }

    private static SbomPackage sbomPackage(PackageRecord record, OperatingSystem os, Map<String, String> provider) {
        Paragraph control = record.control();
        String name = control.require("Package");
        String version = control.require("Version");
        String arch = control.get("Architecture", "all");
        String sourceName = name;
        String sourceVersion = version;
        String source = control.get("Source");
        if (source != null && !source.isBlank()) {
            String trimmed = source.strip();
            int paren = trimmed.indexOf('(');
            if (paren > 0 && trimmed.endsWith(")")) {
                sourceName = trimmed.substring(0, paren).strip();
                sourceVersion = trimmed.substring(paren + 1, trimmed.length() - 1).strip();
            } else {
                sourceName = trimmed;
            }
        }
        TreeSet<String> dependsOn = new TreeSet<>();
        for (String field : List.of("Pre-Depends", "Depends")) {
            for (List<Relation> group : Relation.parseField(control.get(field), control.where() + " " + field)) {
                for (Relation alternative : group) {
                    String installed = provider.get(alternative.name());
                    if (installed != null) {
                        if (!installed.equals(name)) {
                            dependsOn.add(installed);
                        }
                        break;
                    }
                }
            }
        }
        String description = control.get("Description");
        String summary = description == null ? null : description.lines().findFirst().orElse("").strip();
        String size = control.get("Installed-Size");
        long installedSize = size == null || !size.strip().matches("\\d{1,15}") ? -1 : Long.parseLong(size.strip());
        return new SbomPackage(name, version, arch, sourceName, sourceVersion, control.get("Maintainer"),
                DebianCopyright.mainLicense(record.copyright()), installedSize, List.copyOf(dependsOn),
                summary == null || summary.isEmpty() ? null : summary,
                purl(os, name, version, arch, sourceName, sourceVersion));
    }

    /**
     * {@code pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-13}, plus syft's {@code upstream} qualifier
     * ({@code glibc}, or {@code glibc@2.41-12} after a binNMU) when the source differs from the binary: grype reads
     * it to match an SBOM's binary packages through their source package.
     */
    static String purl(OperatingSystem os, String name, String version, String arch, String sourceName,
                       String sourceVersion) {
        TreeMap<String, String> qualifiers = new TreeMap<>();
        qualifiers.put("arch", arch);
        if (os.distroQualifier() != null) {
            qualifiers.put("distro", os.distroQualifier());
        }
        if (!sourceName.equals(name) || !sourceVersion.equals(version)) {
            qualifiers.put("upstream", sourceVersion.equals(version) ? sourceName : sourceName + "@" + sourceVersion);
        }
        try {
            return new PackageURL("deb", os.id() == null ? "debian" : os.id(), name, version, qualifiers, null)
                    .canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new DistillException("cannot make a package URL for " + name + " " + version + ": " + e.getMessage(), e);
        }
    }

    /** Parses a Debian {@code Maintainer} value, {@code Name <email>}, into its two parts (email may be null). */
    static String[] nameAndEmail(String maintainer) {
        String value = Deb822.joined(maintainer).strip();
        int lt = value.lastIndexOf('<');
        int gt = value.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            return new String[] {value.substring(0, lt).strip(), value.substring(lt + 1, gt).strip()};
        }
        return new String[] {value, null};
    }
}
