package dev.distill.policy;

import dev.distill.oci.Image;
import dev.distill.oci.ImageFilesystem;
import dev.distill.sbom.ImageInventory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a runtime image must be: no shell, no package manager, no setuid or setgid file, a non-root user, and every
 * regular file accounted for — installed by a package (its dpkg file list or md5sums say so) or made by one of the
 * named effects Distill produces in place of maintainer scripts.
 */
public final class RuntimePolicy {
    /** Label listing the files a spec added (space-separated absolute paths). */
    public static final String SPEC_FILES_LABEL = "dev.distill.spec-files";

    static final Set<String> SHELLS = Set.of("sh", "bash", "rbash", "dash", "busybox", "ash", "zsh", "ksh", "mksh",
            "ksh93", "csh", "tcsh", "fish", "yash", "posh");
    static final Set<String> PACKAGE_MANAGERS = Set.of("apt", "apt-get", "aptitude", "dpkg", "dpkg-deb",
            "dpkg-query", "apk", "yum", "dnf", "microdnf", "rpm", "zypper", "pacman");

    /** Files Distill generates, by the effect that makes them. */
    static final Map<String, String> EFFECTS = effects();

    private static final int SHOWN = 10;

    public PolicyReport check(String name, Image image) {
        ImageFilesystem fs = ImageFilesystem.read(image, ImageInventory.CAPTURED.or(p -> p.equals("etc/passwd")));
        ImageInventory inventory = ImageInventory.of(fs);
        List<Check> checks = new ArrayList<>();
        checks.add(named(fs, SHELLS, "no shell", "shell"));
        checks.add(named(fs, PACKAGE_MANAGERS, "no package manager", "package manager"));
        checks.add(setId(fs));
        checks.add(user(fs, image));
        checks.add(ownership(fs, inventory, image));
        return new PolicyReport(name, image.platform().toString(), List.copyOf(checks));
    }

    private static Check named(ImageFilesystem fs, Set<String> names, String rule, String what) {
        List<String> found = new ArrayList<>();
        for (ImageFilesystem.Node node : fs.nodes().values()) {
            String base = node.path().substring(node.path().lastIndexOf('/') + 1);
            boolean executable = node.isFile() && (node.mode() & 0111) != 0;
            if (names.contains(base) && (executable || node.isSymlink())) {
                found.add("/" + node.path());
            }
        }
        return found.isEmpty() ? new Check(rule, true, "none found", List.of())
                : new Check(rule, false, found.size() + " " + what + (found.size() == 1 ? "" : "s") + ": "
                + String.join(", ", found.subList(0, Math.min(SHOWN, found.size()))), found);
    }

    private static Check setId(ImageFilesystem fs) {
        List<String> found = new ArrayList<>();
        for (ImageFilesystem.Node node : fs.nodes().values()) {
            if (node.isFile() && (node.mode() & 06000) != 0) {
                found.add("/" + node.path() + " (" + Integer.toOctalString(node.mode() & 07777) + ")");
            }
        }
        return new Check("no setuid/setgid files", found.isEmpty(), found.isEmpty() ? "none found"
                : found.size() + " found: " + String.join(", ", found.subList(0, Math.min(SHOWN, found.size()))), found);
    }

    private static Check user(ImageFilesystem fs, Image image) {
        String user = image.config().configOrEmpty().user();
        String rule = "runs as a non-root user";
        if (user == null || user.isBlank()) {
            return new Check(rule, false, "no User in the config: it runs as root", List.of("User unset"));
        }
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        Long uid = name.chars().allMatch(Character::isDigit) ? Long.valueOf(name) : uidOf(fs, name);
        if (uid == null) {
            return new Check(rule, false, "user " + name + " is not in /etc/passwd", List.of(user));
        }
        return new Check(rule, uid != 0, "User " + user + " (uid " + uid + ")", uid == 0 ? List.of(user) : List.of());
    }

    private static Check ownership(ImageFilesystem fs, ImageInventory inventory, Image image) {
        Set<String> owned = new HashSet<>();
        inventory.packages().forEach(p -> owned.addAll(p.files()));
        Set<String> specFiles = new HashSet<>();
        Map<String, String> labels = image.config().configOrEmpty().labels();
        if (labels != null && labels.get(SPEC_FILES_LABEL) != null) {
            for (String path : labels.get(SPEC_FILES_LABEL).split(" ")) {
                specFiles.add(ImageFilesystem.normalize(path));
            }
        }
        int files = 0;
        int generated = 0;
        List<String> unowned = new ArrayList<>();
        for (ImageFilesystem.Node node : fs.nodes().values()) {
            if (!node.isFile()) {
                continue;
            }
            files++;
            String path = node.path();
            if (owned.contains(path)) {
                continue;
            }
            if (effectOf(path) != null || specFiles.contains(path)) {
                generated++;
            } else {
                unowned.add("/" + path);
            }
        }
        String rule = "every file belongs to a package or a named effect";
        if (unowned.isEmpty()) {
            return new Check(rule, true, files + " files: " + (files - generated) + " from "
                    + inventory.packages().size() + " packages, " + generated + " generated", List.of());
        }
        return new Check(rule, false, unowned.size() + " of " + files + " files belong to nothing: "
                + String.join(", ", unowned.subList(0, Math.min(SHOWN, unowned.size()))), unowned);
    }

    /** The effect that generates {@code path} (relative), or null. */
    static String effectOf(String path) {
        String exact = EFFECTS.get(path);
        if (exact != null) {
            return exact;
        }
        if (path.startsWith("var/lib/dpkg/")) {
            return "dpkg database";
        }
        return null;
    }

    private static Long uidOf(ImageFilesystem fs, String name) {
        return fs.content("etc/passwd").map(bytes -> {
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(name)) {
                    return Long.valueOf(f[2]);
                }
            }
            return null;
        }).orElse(null);
    }

    private static Map<String, String> effects() {
        Map<String, String> effects = new LinkedHashMap<>();
        for (String users : List.of("etc/passwd", "etc/group", "etc/shadow", "etc/gshadow")) {
            effects.put(users, "users and groups (base-passwd, adduser)");
        }
        effects.put("etc/nsswitch.conf", "name service switch");
        effects.put("etc/ssl/certs/ca-certificates.crt", "CA bundle (update-ca-certificates)");
        effects.put("etc/ssl/certs/java/cacerts", "Java trust store (ca-certificates-java)");
        effects.put("etc/timezone", "time zone (tzdata)");
        effects.put("etc/shells", "login shells (debianutils)");
        effects.put("etc/apt/sources.list.d/debian.sources", "apt sources");
        effects.put("etc/dpkg/dpkg.cfg.d/distill-excludes", "dpkg path excludes");
        return Map.copyOf(effects);
    }
}
