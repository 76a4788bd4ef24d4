package dev.distill.debian;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A binary package as an index lists it: the fields the resolver and the fetcher need, kept as the index wrote
 * them. Relation fields are parsed on demand.
 *
 * @param suite the suite whose index listed this package
 */
public record BinaryPackage(
        String name,
        String version,
        String architecture,
        String multiArch,
        String source,
        String sourceVersion,
        boolean essential,
        String priority,
        String section,
        String maintainer,
        String dependsField,
        String preDependsField,
        String providesField,
        String conflictsField,
        String breaksField,
        String filename,
        long size,
        String sha256,
        long installedSize,
        String suite) {

    /** The index fields this record keeps, in lower case: the others are skipped while parsing. */
    static final Set<String> INDEX_FIELDS = Set.of("package", "version", "architecture", "multi-arch", "source",
            "essential", "priority", "section", "maintainer", "depends", "pre-depends", "provides", "conflicts",
            "breaks", "filename", "size", "sha256", "installed-size");

    /** Reads a package from an index paragraph. */
    public static BinaryPackage of(Paragraph p, String suite) {
        String name = p.require("Package");
        String version = p.require("Version");
        String sourceField = p.get("Source");
        String source = name;
        String sourceVersion = version;
        if (sourceField != null && !sourceField.isBlank()) {
            String s = sourceField.strip();
            int paren = s.indexOf('(');
            if (paren >= 0) {
                source = s.substring(0, paren).strip();
                sourceVersion = s.substring(paren + 1, s.indexOf(')', paren)).strip();
            } else {
                source = s;
            }
        }
        return new BinaryPackage(name, version, p.require("Architecture").strip(), p.get("Multi-Arch"), source,
                sourceVersion, "yes".equalsIgnoreCase(p.get("Essential", "").strip()), p.get("Priority"),
                p.get("Section"), p.get("Maintainer"), p.get("Depends"), p.get("Pre-Depends"), p.get("Provides"),
                p.get("Conflicts"), p.get("Breaks"), p.get("Filename"), parseLong(p.get("Size")), p.get("SHA256"),
                parseLong(p.get("Installed-Size")), suite);
    }

    public DebVersion debVersion() {
        return DebVersion.parse(version);
    }

    /** Pre-Depends then Depends: the order dpkg and apt consider them. */
    public List<List<Relation>> dependencies() {
        List<List<Relation>> pre = Relation.parseField(preDependsField, context("Pre-Depends"));
        List<List<Relation>> deps = Relation.parseField(dependsField, context("Depends"));
        if (pre.isEmpty()) {
            return deps;
        }
        return Stream.concat(pre.stream(), deps.stream()).toList();
    }

    public List<Relation> provides() {
        return Relation.parseFlat(providesField, context("Provides"));
    }

    public List<Relation> conflicts() {
        return Relation.parseFlat(conflictsField, context("Conflicts"));
    }

    public List<Relation> breaks() {
        return Relation.parseFlat(breaksField, context("Breaks"));
    }

    /** {@code name=version/arch}, unambiguous in messages. */
    public String id() {
        return name + "=" + version + "/" + architecture;
    }

    private String context(String field) {
        return name + " " + version + " (" + suite + ") " + field;
    }

    private static long parseLong(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
