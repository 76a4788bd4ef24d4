package dev.distill.pair;

import dev.distill.debian.Deb822;
import dev.distill.oci.Descriptor;
import dev.distill.layers.InstalledPackage;
import dev.distill.layers.StatusRecords;
import dev.distill.sbom.ImageInventory;
import dev.distill.sbom.OperatingSystem;
import dev.distill.sbom.PackageRecord;
import dev.distill.sbom.Sbom;
import dev.distill.sbom.SbomSubject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The SBOM of a built image, made from what the build unpacked (the lock's packages, their control files and the
 * copyright and os-release files they ship) without reading the layers back. {@code distill sbom} reads the same
 * facts from the image itself; the two documents are equal.
 */
final class BuildSboms {
    /** The files the SBOM needs from packages, as the image reader captures them. */
    static final Predicate<String> CAPTURED = ImageInventory.CAPTURED;

    private BuildSboms() {
    }

    static Sbom of(String ref, Descriptor manifest, String arch, String created, List<InstalledPackage> packages) {
        Map<String, byte[]> files = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        for (InstalledPackage p : packages) {
            files.putAll(p.captured());
            links.putAll(p.links());
        }
        OperatingSystem os = OperatingSystem.parse(text(files, links, "etc/os-release"),
                text(files, links, "etc/debian_version"));
        List<PackageRecord> records = new ArrayList<>();
        for (InstalledPackage p : packages) {
            records.add(new PackageRecord(Deb822.parseOne(StatusRecords.statusParagraph(p), p.name()),
                    text(files, links, "usr/share/doc/" + p.name() + "/copyright")));
        }
        return Sbom.of(new SbomSubject(ref, manifest.digest(), arch, SbomSubject.normalizeTime(created)), os, records);
    }

    /** The content of a captured file, following symbolic links the packages ship, or null. */
    private static String text(Map<String, byte[]> files, Map<String, String> links, String path) {
        String resolved = resolve(links, path, 0);
        byte[] bytes = resolved == null ? null : files.get(resolved);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String resolve(Map<String, String> links, String path, int depth) {
        if (depth > 40) {
            return null;
        }
        String[] parts = path.split("/");
        StringBuilder done = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String here = done.length() == 0 ? parts[i] : done + "/" + parts[i];
            String target = links.get(here);
            if (target != null) {
                String base = target.startsWith("/") ? target.substring(1)
                        : (done.length() == 0 ? "" : done + "/") + target;
                String rest = String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
                return resolve(links, normalize(rest.isEmpty() ? base : base + "/" + rest), depth + 1);
            }
            done.setLength(0);
            done.append(here);
        }
        return path;
    }

    private static String normalize(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else {
                out.add(part);
            }
        }
        return String.join("/", out);
    }
}
