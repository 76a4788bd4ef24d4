package dev.distill.layers;

import dev.distill.common.DistillException;
import dev.distill.spec.SideSpec;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The effects maintainer scripts would have had, produced without running any: the file-system skeleton with
 * merged-/usr links, users and groups, the CA bundle, the Java trust store, {@code update-alternatives} links, the
 * time zone, and for the dev side a complete dpkg and apt state so {@code apt-get install} works in it.
 */
public final class Effects {
    public static final String CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

    private static final String CERT_DIR = "usr/share/ca-certificates/";
    private static final String PASSWD_MASTER = "usr/share/base-passwd/passwd.master";
    private static final String GROUP_MASTER = "usr/share/base-passwd/group.master";
    private static final String SHELLS_DIR = "usr/share/debianutils/shells.d/";

    private Effects() {
    }

    /** The files the effects read from packages, by installed path. */
    public static Predicate<String> captured() {
        return path -> (path.startsWith(CERT_DIR) && path.endsWith(".crt")) || path.equals(PASSWD_MASTER)
                || path.equals(GROUP_MASTER) || (path.startsWith(SHELLS_DIR) && path.length() > SHELLS_DIR.length());
    }

    /** The directories and merged-/usr links every image starts from. */
    public static GeneratedTree skeleton(String arch) {
        GeneratedTree tree = new GeneratedTree();
        String origin = "file-system skeleton";
        for (String dir : List.of("usr", "usr/bin", "usr/sbin", "usr/lib", "etc", "var", "home", "run")) {
            tree.dir(dir, 0755, 0, 0, origin);
        }
        tree.symlink("bin", "usr/bin", "merged /usr");
        tree.symlink("sbin", "usr/sbin", "merged /usr");
        tree.symlink("lib", "usr/lib", "merged /usr");
        if (arch.equals("amd64")) {
            tree.dir("usr/lib64", 0755, 0, 0, origin);
            tree.symlink("lib64", "usr/lib64", "merged /usr");
        }
        tree.dir("tmp", 01777, 0, 0, origin);
        tree.dir("root", 0700, 0, 0, origin);
        tree.dir("home/nonroot", 0700, Users.NONROOT, Users.NONROOT, origin);
        return tree;
    }

    /** The runtime side's effects; {@code epoch} (seconds) dates what needs a date. */
    public static GeneratedTree runtime(List<InstalledPackage> packages, SideSpec side, long epoch) {
        GeneratedTree tree = new GeneratedTree();
        tree.file("/etc/passwd", Users.runtimePasswd(), 0644, "users (base-passwd)");
        tree.file("/etc/group", Users.runtimeGroup(), 0644, "users (base-passwd)");
        tree.file("/etc/nsswitch.conf", NSSWITCH, 0644, "name service switch");
        common(tree, packages, false, epoch);
        spec(tree, side);
        return tree;
    }

    /**
     * The dev side's effects: everything dpkg and apt need (a {@code status} listing exactly what is unpacked, the
     * info files, users from base-passwd with apt's {@code _apt}, apt's sources pointing at {@code mirrors}), the
     * runtime side's {@code status.d} removed so scanners count each package once.
     *
     * @param all      every package of the dev image (runtime and dev)
     * @param epoch    the build time (seconds): its day is written into {@code /etc/shadow}
     */
    public static GeneratedTree dev(List<InstalledPackage> all, SideSpec side, AptSources apt, long epoch) {
        GeneratedTree tree = new GeneratedTree();
        String db = "dpkg database";
        tree.whiteout("/var/lib/dpkg/status.d", db);
        StringBuilder status = new StringBuilder();
        List<InstalledPackage> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(InstalledPackage::name));
        for (InstalledPackage p : sorted) {
            if (status.length() > 0) {
                status.append('\n');
            }
            status.append(StatusRecords.statusParagraph(p));
            String info = "/var/lib/dpkg/info/" + p.infoName();
            StringBuilder list = new StringBuilder("/.\n");
            p.paths().forEach(path -> list.append('/').append(path).append('\n'));
            tree.file(info + ".list", list.toString(), 0644, db);
            if (!p.md5sums().isEmpty()) {
                tree.file(info + ".md5sums", String.join("\n", p.md5sums()) + "\n", 0644, db);
            }
            if (!p.conffiles().isEmpty()) {
                tree.file(info + ".conffiles", String.join("\n", p.conffiles().keySet()) + "\n", 0644, db);
            }
        }
        tree.file("/var/lib/dpkg/status", status.toString(), 0644, db);
        tree.file("/var/lib/dpkg/available", "", 0644, db);
        tree.file("/var/lib/dpkg/diversions", "", 0644, db);
        tree.file("/var/lib/dpkg/statoverride", "", 0644, db);
        for (String dir : List.of("updates", "triggers", "alternatives", "parts", "info")) {
            tree.dir("/var/lib/dpkg/" + dir, 0755, 0, 0, db);
        }

        Map<String, byte[]> captured = capturedFiles(all);
        byte[] passwdMaster = captured.get(PASSWD_MASTER);
        byte[] groupMaster = captured.get(GROUP_MASTER);
        if (passwdMaster == null || groupMaster == null) {
            throw new DistillException("the dev side has no base-passwd: its users cannot be set up");
        }
        String passwd = Users.devPasswd(passwdMaster);
        String group = Users.devGroup(groupMaster);
        String users = "users (base-passwd, apt's _apt)";
        tree.file("/etc/passwd", passwd, 0644, users);
        tree.file("/etc/group", group, 0644, users);
        int shadowGid = gid(group, "shadow");
        tree.file("/etc/shadow", Users.shadow(passwd, epoch / 86_400).getBytes(StandardCharsets.UTF_8), 0640, 0,
                shadowGid, users);
        tree.file("/etc/gshadow", Users.gshadow(group).getBytes(StandardCharsets.UTF_8), 0640, 0, shadowGid, users);

        int aptUid = uid(passwd, "_apt");
        String aptOrigin = "apt";
        tree.file("/etc/apt/sources.list.d/debian.sources", apt.deb822(), 0644, aptOrigin);
        tree.dir("/var/lib/apt/lists/partial", 0700, aptUid, 0, aptOrigin);
        tree.dir("/var/cache/apt/archives/partial", 0700, aptUid, 0, aptOrigin);
        tree.dir("/var/log/apt", 0755, 0, 0, aptOrigin);
        tree.file("/etc/dpkg/dpkg.cfg.d/distill-excludes", DPKG_EXCLUDES, 0644, "dpkg path excludes");

        TreeSet<String> shells = new TreeSet<>();
        captured.forEach((path, content) -> {
            if (path.startsWith(SHELLS_DIR)) {
                for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("/")) {
                        shells.add(line.strip());
                    }
                }
            }
        });
        if (!shells.isEmpty()) {
            tree.file("/etc/shells", "# /etc/shells: valid login shells\n" + String.join("\n", shells) + "\n", 0644,
                    "login shells (debianutils)");
        }
        common(tree, all, true, epoch);
        spec(tree, side);
        return tree;
    }

    /**
     * Effects both sides have: CA bundle, Java trust store, alternatives, time zone (and update-alternatives'
     * records for dpkg).
     */
    private static void common(GeneratedTree tree, List<InstalledPackage> all, boolean alternativesDatabase,
                               long epoch) {
        Map<String, byte[]> captured = capturedFiles(all);
        byte[] bundle = caBundle(captured);
        if (bundle.length > 0) {
            tree.file(CA_BUNDLE, bundle, 0644, 0, 0, "CA bundle (update-ca-certificates)");
        }
        if (all.stream().anyMatch(p -> p.name().equals(JavaTrustStore.PACKAGE))) {
            if (bundle.length == 0) {
                throw new DistillException(JavaTrustStore.PACKAGE + " is installed but no CA certificates are: add "
                        + "ca-certificates to the spec's packages so " + JavaTrustStore.PATH + " can be made");
            }
            tree.file(JavaTrustStore.PATH, JavaTrustStore.jks(certificates(captured), epoch), 0644, 0, 0,
                    "Java trust store (ca-certificates-java)");
        }
        Set<String> existing = new HashSet<>();
        List<InstalledPackage.Alternative> offered = new ArrayList<>();
        for (InstalledPackage p : all) {
            existing.addAll(p.paths());
            offered.addAll(p.alternatives());
        }
        for (InstalledPackage.Alternative a : Alternatives.choose(offered, existing)) {
            String origin = "update-alternatives " + a.name();
            tree.symlink(a.link(), "/etc/alternatives/" + a.name(), origin);
            tree.symlink("/etc/alternatives/" + a.name(), a.path(), origin);
            for (InstalledPackage.Alternative.Slave s : a.slaves()) {
                if (existing.contains(Alternatives.stripSlash(s.path()))) {
                    tree.symlink(s.link(), "/etc/alternatives/" + s.name(), origin);
                    tree.symlink("/etc/alternatives/" + s.name(), s.path(), origin);
                }
            }
        }
        if (alternativesDatabase) {
            writeAlternativesDatabase(tree, offered, existing);
        }
        if (all.stream().anyMatch(p -> p.name().equals("tzdata"))) {
            tree.symlink("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC", "time zone (tzdata)");
            tree.file("/etc/timezone", "Etc/UTC\n", 0644, "time zone (tzdata)");
        }
    }

    /** update-alternatives' own records, so alternatives keep working when packages are added with apt. */
    private static void writeAlternativesDatabase(GeneratedTree tree, List<InstalledPackage.Alternative> offered,
                                                  Set<String> existing) {
        Map<String, List<InstalledPackage.Alternative>> byName = new TreeMap<>();
        for (InstalledPackage.Alternative a : offered) {
            if (existing.contains(Alternatives.stripSlash(a.path()))) {
                byName.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a);
            }
        }
        byName.forEach((name, choices) -> {
            choices.sort(Comparator.comparing(InstalledPackage.Alternative::path));
            TreeMap<String, String> slaves = new TreeMap<>();
            choices.forEach(c -> c.slaves().forEach(s -> slaves.putIfAbsent(s.name(), s.link())));
            StringBuilder out = new StringBuilder("auto\n").append(choices.get(0).link()).append('\n');
            slaves.forEach((slaveName, link) -> out.append(slaveName).append('\n').append(link).append('\n'));
            out.append('\n');
            for (InstalledPackage.Alternative c : choices) {
                out.append(c.path()).append('\n').append(c.priority()).append('\n');
                for (String slaveName : slaves.keySet()) {
                    String path = c.slaves().stream().filter(s -> s.name().equals(slaveName))
                            .map(InstalledPackage.Alternative.Slave::path).findFirst().orElse("");
                    out.append(path).append('\n');
                }
            }
            out.append('\n');
            tree.file("/var/lib/dpkg/alternatives/" + name, out.toString(), 0644, "update-alternatives " + name);
        });
    }

    /** The files and links a spec adds. */
    private static void spec(GeneratedTree tree, SideSpec side) {
        for (SideSpec.FileSpec f : side.files()) {
            int mode = f.mode() == null ? 0644 : Integer.parseInt(f.mode(), 8);
            tree.file(f.path(), f.content().getBytes(StandardCharsets.UTF_8), mode,
                    f.uid() == null ? 0 : f.uid(), f.gid() == null ? 0 : f.gid(), "spec files");
        }
        for (SideSpec.LinkSpec l : side.links()) {
            tree.symlink(l.path(), l.target(), "spec links");
        }
    }

    /** update-ca-certificates' bundle: every certificate, sorted by path, each ending with a newline. */
    static byte[] caBundle(Map<String, byte[]> captured) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        certificates(captured).forEach((path, content) -> {
            out.writeBytes(content);
            if (content.length > 0 && content[content.length - 1] != '\n') {
                out.write('\n');
            }
        });
        return out.toByteArray();
    }

    /** The CA certificate files (PEM) among the captured files, by path. */
    private static Map<String, byte[]> certificates(Map<String, byte[]> captured) {
        Map<String, byte[]> certificates = new TreeMap<>();
        captured.forEach((path, content) -> {
            if (path.startsWith(CERT_DIR) && path.endsWith(".crt")) {
                certificates.put(path, content);
            }
        });
        return certificates;
    }

    private static Map<String, byte[]> capturedFiles(List<InstalledPackage> packages) {
        Map<String, byte[]> all = new TreeMap<>();
        packages.forEach(p -> all.putAll(p.captured()));
        return all;
    }

    private static int uid(String passwd, String user) {
        return idOf(passwd, user, 2, "/etc/passwd");
    }

    private static int gid(String group, String name) {
        return idOf(group, name, 2, "/etc/group");
    }

    private static int idOf(String file, String name, int field, String what) {
        for (String line : file.split("\n")) {
            String[] f = line.split(":");
            if (f[0].equals(name)) {
                return Integer.parseInt(f[field]);
            }
        }
        throw new DistillException(what + " of the dev side has no " + name);
    }

    /** Where apt inside the dev image fetches from. */
    public record AptSources(URI main, URI security, String codename) {
        String deb822() {
            String keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
            return "Types: deb\nURIs: " + main + "\nSuites: " + codename + " " + codename + "-updates\n"
                    + "Components: main\nSigned-By: " + keyring + "\n\n"
                    + "Types: deb\nURIs: " + security + "\nSuites: " + codename + "-security\n"
                    + "Components: main\nSigned-By: " + keyring + "\n";
        }
    }

    private static final String NSSWITCH = "passwd: files\ngroup: files\nshadow: files\ngshadow: files\n"
            + "hosts: files dns\nnetworks: files\nprotocols: files\nservices: files\nethers: files\nrpc: files\n";

    private static final String DPKG_EXCLUDES = "# Distill images carry no documentation; packages installed later"
            + " drop it too.\npath-exclude=/usr/share/doc/*\npath-include=/usr/share/doc/*/copyright\n"
            + "path-exclude=/usr/share/man/*\npath-exclude=/usr/share/info/*\npath-exclude=/usr/share/locale/*\n"
            + "path-exclude=/usr/share/lintian/*\npath-exclude=/usr/share/linda/*\n";
}
