package dev.distill.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A binary package for a {@link FixtureRepository}, described fluently; the repository turns it into a real
 * {@code .deb} (see {@link DebWriter}). Relation fields are raw strings, exactly as they appear in a control file.
 *
 * <pre>{@code
 * FixturePackage.of("libc6", "2.41-12", "amd64").source("glibc").multiArch("same")
 *         .depends("libgcc-s1").file("/usr/lib/x86_64-linux-gnu/libc.so.6", "not really ELF")
 * }</pre>
 */
public final class FixturePackage {
    /** How a member of the {@code .deb} is compressed; the member name gets the matching suffix. */
    public enum Compression {
        XZ(".xz"), GZ(".gz"), ZST(".zst"), NONE("");

        final String suffix;

        Compression(String suffix) {
            this.suffix = suffix;
        }
    }

    /** One member of {@code data.tar}, named exactly as given (no {@code ./} added) — for hostile-input tests. */
    public record DataEntry(String name, Type type, int mode, String linkTarget, byte[] content) {
        public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK }

        public static DataEntry file(String name, byte[] content, int mode) {
            return new DataEntry(name, Type.FILE, mode, null, content);
        }

        public static DataEntry directory(String name, int mode) {
            return new DataEntry(name.endsWith("/") ? name : name + "/", Type.DIRECTORY, mode, null, new byte[0]);
        }

        public static DataEntry symlink(String name, String target) {
            return new DataEntry(name, Type.SYMLINK, 0777, target, new byte[0]);
        }

        public static DataEntry hardlink(String name, String target) {
            return new DataEntry(name, Type.HARDLINK, 0644, target, new byte[0]);
        }
    }

    private final String name;
    private final String version;
    private final String architecture;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<DataEntry> entries = new ArrayList<>();
    private final List<String> conffiles = new ArrayList<>();
    private final Map<String, String> scripts = new LinkedHashMap<>();
    private String source;
    private String sourceVersion;
    private String maintainer = "Distill Tests <tests@distill.invalid>";
    private String section = "misc";
    private String priority = "optional";
    private String description;
    private Compression dataCompression = Compression.XZ;
    private Compression controlCompression = Compression.XZ;

    private FixturePackage(String name, String version, String architecture) {
        this.name = name;
        this.version = version;
        this.architecture = architecture;
        this.description = name + " (test package)";
    }

    /** A package of {@code architecture} ({@code amd64}, {@code arm64}, … or {@code all}). */
    public static FixturePackage of(String name, String version, String architecture) {
        return new FixturePackage(name, version, architecture);
    }

    public FixturePackage source(String sourceName) {
        source = sourceName;
        return this;
    }

    /** Source package and its version, when it differs from the binary's ({@code Source: glibc (2.41-11)}). */
    public FixturePackage source(String sourceName, String version) {
        source = sourceName;
        sourceVersion = version;
        return this;
    }

    public FixturePackage maintainer(String value) {
        maintainer = value;
        return this;
    }

    public FixturePackage depends(String value) {
        return field("Depends", value);
    }

    public FixturePackage preDepends(String value) {
        return field("Pre-Depends", value);
    }

    public FixturePackage provides(String value) {
        return field("Provides", value);
    }

    public FixturePackage conflicts(String value) {
        return field("Conflicts", value);
    }

    public FixturePackage breaks(String value) {
        return field("Breaks", value);
    }

    public FixturePackage replaces(String value) {
        return field("Replaces", value);
    }

    public FixturePackage recommends(String value) {
        return field("Recommends", value);
    }

    public FixturePackage essential() {
        return field("Essential", "yes");
    }

    public FixturePackage multiArch(String value) {
        return field("Multi-Arch", value);
    }

    public FixturePackage priority(String value) {
        priority = value;
        return this;
    }

    public FixturePackage section(String value) {
        section = value;
        return this;
    }

    public FixturePackage description(String value) {
        description = value;
        return this;
    }

    /** Any other control field, written as given, after the relation fields. */
    public FixturePackage field(String fieldName, String value) {
        fields.put(fieldName, value);
        return this;
    }

    /** A regular file, mode 0644, at an absolute path such as {@code /usr/bin/tool}; parents are added. */
    public FixturePackage file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public FixturePackage file(String path, byte[] content, int mode) {
        return entry(DataEntry.file(memberName(path), content, mode));
    }

    public FixturePackage symlink(String path, String target) {
        return entry(DataEntry.symlink(memberName(path), target));
    }

    public FixturePackage directory(String path) {
        return entry(DataEntry.directory(memberName(path), 0755));
    }

    /** A file that dpkg treats as a conffile (listed in {@code conffiles}). */
    public FixturePackage conffile(String path, String content) {
        conffiles.add(path.startsWith("/") ? path : "/" + path);
        return file(path, content);
    }

    /** A raw {@code data.tar} member; its name is used exactly. Parents are not added. */
    public FixturePackage entry(DataEntry entry) {
        entries.add(entry);
        return this;
    }

    public FixturePackage postinst(String script) {
        return script("postinst", script);
    }

    /** A maintainer script ({@code preinst}, {@code postinst}, {@code prerm}, {@code postrm}), mode 0755. */
    public FixturePackage script(String scriptName, String content) {
        scripts.put(scriptName, content);
        return this;
    }

    public FixturePackage dataCompression(Compression compression) {
        dataCompression = compression;
        return this;
    }

    public FixturePackage controlCompression(Compression compression) {
        controlCompression = compression;
        return this;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public String architecture() {
        return architecture;
    }

    /** The source package name ({@code Source:} without version), the binary's own name when not set. */
    public String sourceName() {
        return source == null ? name : source;
    }

    /** Where Debian's archive keeps the file: {@code pool/main/g/glibc/libc6_2.41-12_amd64.deb}. */
    public String poolPath() {
        String src = sourceName();
        String prefix = src.startsWith("lib") && src.length() > 3 ? src.substring(0, 4) : src.substring(0, 1);
        String fileVersion = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
        return "pool/main/" + prefix + "/" + src + "/" + name + "_" + fileVersion + "_" + architecture + ".deb";
    }

    /** The {@code control} file, ending with a line break. */
    String control(long installedSizeKib) {
        StringBuilder out = new StringBuilder();
        out.append("Package: ").append(name).append('\n');
        if (source != null) {
            out.append("Source: ").append(source)
                    .append(sourceVersion == null ? "" : " (" + sourceVersion + ")").append('\n');
        }
        out.append("Version: ").append(version).append('\n');
        out.append("Architecture: ").append(architecture).append('\n');
        out.append("Maintainer: ").append(maintainer).append('\n');
        out.append("Installed-Size: ").append(installedSizeKib).append('\n');
        fields.forEach((field, value) -> out.append(field).append(": ").append(value).append('\n'));
        out.append("Section: ").append(section).append('\n');
        out.append("Priority: ").append(priority).append('\n');
        out.append("Description: ").append(description).append('\n');
        return out.toString();
    }

    List<DataEntry> entries() {
        return List.copyOf(entries);
    }

    List<String> conffiles() {
        return List.copyOf(conffiles);
    }

    Map<String, String> scripts() {
        return Map.copyOf(scripts);
    }

    Compression dataCompression() {
        return dataCompression;
    }

    Compression controlCompression() {
        return controlCompression;
    }

    private static String memberName(String path) {
        String relative = path.replaceFirst("^/+", "").replaceFirst("^\\./", "");
        return "./" + relative;
    }
}
