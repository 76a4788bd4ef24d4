package dev.distill.sbom;

import dev.distill.debian.Deb822;
import dev.distill.debian.Paragraph;
import dev.distill.oci.Image;
import dev.distill.oci.ImageFilesystem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a Debian-based image holds, read from its layers: the installed packages as the dpkg database says
 * ({@code /var/lib/dpkg/status}, and {@code /var/lib/dpkg/status.d/<pkg>} as distroless-style images have it),
 * each with its copyright file and the files it installed, and the distribution ({@code /etc/os-release},
 * {@code /etc/debian_version}). A package in both {@code status} and {@code status.d} is listed once, from
 * {@code status}; paragraphs whose {@code Status} is not "installed" (removed packages' leftovers) are skipped.
 */
public record ImageInventory(ImageFilesystem filesystem, OperatingSystem os, List<InstalledPackage> packages) {
    private static final String DPKG = "var/lib/dpkg/";
    private static final String STATUS = DPKG + "status";
    private static final String STATUS_D = DPKG + "status.d/";
    private static final String INFO = DPKG + "info/";

    /** A package and the paths (relative, no leading slash) its file list names; empty when there is none. */
    public record InstalledPackage(PackageRecord record, List<String> files) {
        public String name() {
            return record.control().require("Package");
        }

        public String arch() {
            return record.control().get("Architecture", "all");
        }
    }

    /** The files whose content the inventory needs. */
    public static final Predicate<String> CAPTURED = path -> path.equals(STATUS)
            || path.startsWith(STATUS_D) && path.indexOf('/', STATUS_D.length()) < 0
            || path.startsWith(INFO) && path.endsWith(".list") && path.indexOf('/', INFO.length()) < 0
            || path.equals("etc/os-release") || path.equals("usr/lib/os-release") || path.equals("etc/debian_version")
            || path.startsWith("usr/share/doc/") && path.endsWith("/copyright")
                && path.indexOf('/', "usr/share/doc/".length()) == path.length() - "/copyright".length();

    public static ImageInventory read(Image image) {
        return of(ImageFilesystem.read(image, CAPTURED));
    }

    public static ImageInventory of(ImageFilesystem fs) {
        OperatingSystem os = OperatingSystem.parse(text(fs, "etc/os-release").or(() -> text(fs, "usr/lib/os-release"))
                .orElse(null), text(fs, "etc/debian_version").orElse(null));
        Map<String, InstalledPackage> packages = new LinkedHashMap<>();
        text(fs, STATUS).ifPresent(status -> {
            for (Paragraph paragraph : Deb822.parse(status, "/" + STATUS)) {
                add(fs, packages, paragraph, dpkgInfoList(fs, paragraph));
            }
        });
        for (ImageFilesystem.Node node : fs.children(STATUS_D)) {
            String file = node.path().substring(node.path().lastIndexOf('/') + 1);
            if (!node.isFile() || file.endsWith(".md5sums") || file.startsWith(".")) {
                continue;
            }
            Optional<String> text = text(fs, node.path());
            if (text.isEmpty()) {
                continue;
            }
            for (Paragraph paragraph : Deb822.parse(text.get(), "/" + node.path())) {
                add(fs, packages, paragraph, md5sumsList(fs, node.path() + ".md5sums"));
            }
        }
        return new ImageInventory(fs, os, List.copyOf(packages.values()));
    }

    /** The records an SBOM is built from. */
    public List<PackageRecord> records() {
        return packages.stream().map(InstalledPackage::record).toList();
    }

    public Sbom sbom(SbomSubject subject) {
        return Sbom.of(subject, os, records());
    }

    private static void add(ImageFilesystem fs, Map<String, InstalledPackage> packages, Paragraph control,
                            List<String> files) {
        String status = control.get("Status");
        if (control.get("Package") == null || status != null && !status.strip().endsWith(" installed")) {
            return;
        }
        String name = control.get("Package");
        String key = name + ":" + control.get("Architecture", "all");
        if (!packages.containsKey(key)) {
            files = withConffiles(files, control);
            String copyright = text(fs, "usr/share/doc/" + name + "/copyright").orElse(null);
            packages.put(key, new InstalledPackage(new PackageRecord(control, copyright), files));
        }
    }

    /** dpkg leaves conffiles out of md5sums; the control paragraph's Conffiles field names them. */
    private static List<String> withConffiles(List<String> files, Paragraph control) {
        String conffiles = control.get("Conffiles");
        if (conffiles == null) {
            return files;
        }
        List<String> all = new ArrayList<>(files);
        for (String line : conffiles.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (!parts[0].isEmpty()) {
                String path = ImageFilesystem.normalize(parts[0]);
                if (!all.contains(path)) {
                    all.add(path);
                }
            }
        }
        return all;
    }

    private static List<String> dpkgInfoList(ImageFilesystem fs, Paragraph control) {
        String name = control.get("Package");
        Optional<String> list = text(fs, INFO + name + ":" + control.get("Architecture", "all") + ".list")
                .or(() -> text(fs, INFO + name + ".list"));
        List<String> files = new ArrayList<>();
        list.ifPresent(text -> text.lines().map(ImageFilesystem::normalize).filter(p -> !p.isEmpty())
                .forEach(files::add));
        return files;
    }

    private static List<String> md5sumsList(ImageFilesystem fs, String path) {
        List<String> files = new ArrayList<>();
        text(fs, path).ifPresent(text -> text.lines().forEach(line -> {
            int space = line.indexOf("  ");
            if (space > 0) {
                files.add(ImageFilesystem.normalize(line.substring(space + 2)));
            }
        }));
        return files;
    }

    private static Optional<String> text(ImageFilesystem fs, String path) {
        return fs.content(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
