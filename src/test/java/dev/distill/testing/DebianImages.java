package dev.distill.testing;

import dev.distill.oci.Compression;
import dev.distill.oci.Descriptor;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerWriter;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.oci.TarEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds synthetic Debian image pairs in an OCI layout, shaped as Distill's builder shapes them: the runtime image
 * has {@code /var/lib/dpkg/status.d/<pkg>} (+ {@code .md5sums}) and no shell; the dev image is the runtime layer
 * plus a layer with a real {@code status}, {@code info/*.list} and a whiteout that removes {@code status.d}. Both
 * carry os-release (through the {@code /etc/os-release} symlink), debian_version and copyright files. Each name
 * points at an image index with one manifest per architecture.
 */
public final class DebianImages {
    private static final long MTIME = 1_700_000_000L;

    /** A package: control fields and the files it installs (path without leading slash → size in bytes). */
    public record Package(String name, String version, String source, String maintainer, String depends,
                          String multiArch, String copyright, Map<String, Integer> files, List<String> symlinks) {

        public Package {
            files = new TreeMap<>(files);
            symlinks = List.copyOf(symlinks);
        }

        public static Package of(String name, String version, String source, String copyright, String... files) {
            Map<String, Integer> sizes = new TreeMap<>();
            for (String file : files) {
                sizes.put(file, 1000 + Math.abs(file.hashCode() % 5000));
            }
            return new Package(name, version, source, "Debian Maintainers <maint@example.org>", null, null,
                    copyright, sizes, List.of());
        }

        public Package withDepends(String value) {
            return new Package(name, version, source, maintainer, value, multiArch, copyright, files, symlinks);
        }

        public Package multiArchSame() {
            return new Package(name, version, source, maintainer, depends, "same", copyright, files, symlinks);
        }

        /** Adds symlinks given as {@code path=target}. */
        public Package withSymlinks(String... links) {
            return new Package(name, version, source, maintainer, depends, multiArch, copyright, files,
                    Arrays.asList(links));
        }

        public Package withVersion(String newVersion, String newSource) {
            return new Package(name, newVersion, newSource, maintainer, depends, multiArch, copyright, files, symlinks);
        }

        public long installedSizeKib() {
            return (files.values().stream().mapToLong(Integer::longValue).sum() + 1023) / 1024;
        }

        /** The control paragraph as the .deb has it (no Status). */
        public String control(String arch) {
            StringBuilder out = new StringBuilder();
            out.append("Package: ").append(name).append('\n');
            if (source != null) {
                out.append("Source: ").append(source).append('\n');
            }
            out.append("Version: ").append(version).append('\n');
            out.append("Architecture: ").append(arch).append('\n');
            if (multiArch != null) {
                out.append("Multi-Arch: ").append(multiArch).append('\n');
            }
            out.append("Maintainer: ").append(maintainer).append('\n');
            out.append("Installed-Size: ").append(installedSizeKib()).append('\n');
            if (depends != null) {
                out.append("Depends: ").append(depends).append('\n');
            }
            out.append("Section: libs\nPriority: optional\n");
            out.append("Description: the ").append(name).append(" package\n ").append("Synthetic test package.\n");
            return out.toString();
        }

        /** The paragraph as dpkg's status file and distroless' status.d have it. */
        public String statusParagraph(String arch) {
            String control = control(arch);
            int afterPackage = control.indexOf('\n') + 1;
            return control.substring(0, afterPackage) + "Status: install ok installed\n" + control.substring(afterPackage);
        }
    }

    /** Where the two images of a pair are, per architecture. */
    public record Pair(String runtimeRef, String devRef, Map<String, Descriptor> runtime, Map<String, Descriptor> dev,
                       Map<String, Long> runtimeSize, Map<String, Long> devSize) {
    }

    private final OciLayout layout;
    private final String versionId;
    private final String codename;

    public DebianImages(OciLayout layout, String versionId, String codename) {
        this.layout = layout;
        this.versionId = versionId;
        this.codename = codename;
    }

    /** A DEP-5 copyright file whose {@code Files: *} licence is {@code license}. */
    public static String dep5(String license) {
        return "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\n"
                + "Files: *\nCopyright: 2024 Someone\nLicense: " + license + "\n\nFiles: debian/*\nCopyright: 2024 "
                + "Debian\nLicense: GPL-2+\n\nLicense: GPL-2+\n This is free software.\n";
    }

    /** base-files: os-release and debian_version, as the contract puts them. */
    public Package baseFiles() {
        return Package.of("base-files", versionId + ".1", null, "This is Debian's base-files, see copyright.\n")
                .withSymlinks("etc/os-release=../usr/lib/os-release");
    }

    /** A python-like runtime package set for this release: libc6 from glibc, zlib1g from zlib, and so on. */
    public List<Package> runtimePackages(String glibcVersion, String zlibVersion) {
        return List.of(
                baseFiles().withSymlinks("etc/os-release=../usr/lib/os-release", "bin=usr/bin", "lib=usr/lib"),
                Package.of("libc6", glibcVersion, "glibc", dep5("LGPL-2.1+"),
                        "usr/lib/x86_64-linux-gnu/libc.so.6", "usr/lib/x86_64-linux-gnu/libm.so.6").multiArchSame(),
                Package.of("zlib1g", zlibVersion + "+b1", "zlib (" + zlibVersion + ")", dep5("Zlib"),
                        "usr/lib/x86_64-linux-gnu/libz.so.1.3.1").multiArchSame().withDepends("libc6 (>= 2.14)"),
                Package.of("libssl3t64", "3.5.1-1", "openssl", dep5("Apache-2.0"),
                        "usr/lib/x86_64-linux-gnu/libssl.so.3").withDepends("libc6 (>= 2.34), libzstd1 | zlib1g"),
                Package.of("python3.13-minimal", "3.13.5-2", "python3.13", dep5("PSF-2 and GPL-2+"),
                        "usr/bin/python3.13").withDepends("libc6 (>= 2.38), zlib1g (>= 1:1.2.0), libssl3t64"),
                Package.of("tzdata", "2025b-4", null, dep5("public-domain"), "usr/share/zoneinfo/UTC"));
    }

    /** What the dev side adds: a shell, apt and dpkg, headers. */
    public List<Package> devPackages(String glibcVersion, String zlibVersion) {
        return List.of(
                Package.of("dash", "0.5.12-12", null, dep5("BSD-3-clause"), "usr/bin/dash")
                        .withSymlinks("usr/bin/sh=dash"),
                Package.of("apt", "3.0.3", null, dep5("GPL-2+"), "usr/bin/apt", "usr/bin/apt-get",
                        "usr/lib/x86_64-linux-gnu/libapt-pkg.so.7.0").withDepends("libc6 (>= 2.34)"),
                Package.of("dpkg", "1.22.21", null, dep5("GPL-2+"), "usr/bin/dpkg"),
                Package.of("libc6-dev", glibcVersion, "glibc", dep5("LGPL-2.1+"),
                        "usr/include/stdio.h").withDepends("libc6 (= " + glibcVersion + ")"),
                Package.of("zlib1g-dev", zlibVersion + "+b1", "zlib (" + zlibVersion + ")", dep5("Zlib"),
                        "usr/include/zlib.h").withDepends("zlib1g (= " + zlibVersion + "+b1)"));
    }

    /** Builds and tags the pair {@code name:tag} / {@code name:tag-dev}. */
    public Pair pair(String name, String tag, List<Package> runtime, List<Package> dev, List<String> archs) {
        Map<String, Descriptor> runtimeManifests = new LinkedHashMap<>();
        Map<String, Descriptor> devManifests = new LinkedHashMap<>();
        Map<String, Long> runtimeSizes = new LinkedHashMap<>();
        Map<String, Long> devSizes = new LinkedHashMap<>();
        for (String arch : archs) {
            Layer base = runtimeLayer(runtime, arch);
            Layer extra = devLayer(runtime, dev, arch);
            runtimeManifests.put(arch, image(arch, List.of(base)));
            devManifests.put(arch, image(arch, List.of(base, extra)));
            runtimeSizes.put(arch, base.descriptor().size());
            devSizes.put(arch, base.descriptor().size() + extra.descriptor().size());
        }
        String runtimeRef = name + ":" + tag;
        String devRef = name + ":" + tag + "-dev";
        layout.tag(runtimeRef, index(runtimeManifests.values()));
        layout.tag(devRef, index(devManifests.values()));
        return new Pair(runtimeRef, devRef, runtimeManifests, devManifests, runtimeSizes, devSizes);
    }

    private Layer runtimeLayer(List<Package> packages, String arch) {
        Tree tree = new Tree();
        tree.file("usr/lib/os-release", ("PRETTY_NAME=\"Debian GNU/Linux " + versionId + " (" + codename + ")\"\n"
                + "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"" + versionId + "\"\nVERSION=\"" + versionId + " ("
                + codename + ")\"\nVERSION_CODENAME=" + codename + "\nID=debian\n").getBytes(StandardCharsets.UTF_8));
        tree.file("etc/debian_version", (versionId + ".1\n").getBytes(StandardCharsets.UTF_8));
        tree.directory("tmp");
        for (Package p : packages) {
            install(tree, p);
            tree.file("var/lib/dpkg/status.d/" + p.name(), p.statusParagraph(arch).getBytes(StandardCharsets.UTF_8));
            tree.file("var/lib/dpkg/status.d/" + p.name() + ".md5sums", md5sums(p).getBytes(StandardCharsets.UTF_8));
        }
        return tree.write(layout);
    }

    private Layer devLayer(List<Package> runtime, List<Package> dev, String arch) {
        Tree tree = new Tree();
        StringBuilder status = new StringBuilder();
        List<Package> all = new ArrayList<>(runtime);
        all.addAll(dev);
        for (Package p : all) {
            if (status.length() > 0) {
                status.append('\n');
            }
            status.append(p.statusParagraph(arch));
            String listName = "same".equals(p.multiArch()) ? p.name() + ":" + arch : p.name();
            StringBuilder list = new StringBuilder("/.\n");
            p.files().keySet().forEach(f -> list.append('/').append(f).append('\n'));
            tree.file("var/lib/dpkg/info/" + listName + ".list", list.toString().getBytes(StandardCharsets.UTF_8));
            tree.file("var/lib/dpkg/info/" + listName + ".md5sums", md5sums(p).getBytes(StandardCharsets.UTF_8));
        }
        for (Package p : dev) {
            install(tree, p);
        }
        tree.file("var/lib/dpkg/status", status.toString().getBytes(StandardCharsets.UTF_8));
        tree.file("var/lib/dpkg/.wh.status.d", new byte[0]);
        return tree.write(layout);
    }

    private static void install(Tree tree, Package p) {
        for (Map.Entry<String, Integer> file : p.files().entrySet()) {
            byte[] content = new byte[file.getValue()];
            Arrays.fill(content, (byte) ('a' + Math.abs(file.getKey().hashCode() % 26)));
            tree.file(file.getKey(), content);
        }
        for (String link : p.symlinks()) {
            String[] parts = link.split("=", 2);
            tree.symlink(parts[0], parts[1]);
        }
        if (p.copyright() != null) {
            tree.file("usr/share/doc/" + p.name() + "/copyright", p.copyright().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String md5sums(Package p) {
        StringBuilder out = new StringBuilder();
        p.files().keySet().forEach(f -> out.append("0123456789abcdef0123456789abcdef  ").append(f).append('\n'));
        return out.toString();
    }

    private Descriptor image(String arch, List<Layer> layers) {
        Platform platform = Platform.ofDebianArch(arch);
        ImageConfig config = new ImageConfig("2026-01-02T03:04:05Z", null, platform.architecture(), platform.os(),
                platform.variant(), null, ImageConfig.RootFs.layers(layers.stream().map(Layer::diffId).toList()), null);
        Descriptor configBlob = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
        Manifest manifest = Manifest.image(configBlob, layers.stream().map(Layer::descriptor).toList(), null);
        return layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(manifest)).withPlatform(platform);
    }

    private Descriptor index(Collection<Descriptor> manifests) {
        return layout.writeBlob(MediaTypes.OCI_INDEX, OciJson.write(ImageIndex.of(List.copyOf(manifests))));
    }

    /** The entries of one layer, sorted, with every parent directory made explicit. */
    private static final class Tree {
        private final TreeMap<String, TarEntry> entries = new TreeMap<>();
        private final Map<String, byte[]> contents = new LinkedHashMap<>();

        void directory(String path) {
            entries.putIfAbsent(path, TarEntry.directory(path, 0755, 0, 0, MTIME));
            String parent = TarEntry.parentOf(path);
            if (parent != null) {
                directory(parent);
            }
        }

        void file(String path, byte[] content) {
            String parent = TarEntry.parentOf(path);
            if (parent != null) {
                directory(parent);
            }
            entries.put(path, TarEntry.file(path, 0644, 0, 0, MTIME, content.length));
            contents.put(path, content);
        }

        void symlink(String path, String target) {
            String parent = TarEntry.parentOf(path);
            if (parent != null) {
                directory(parent);
            }
            entries.put(path, TarEntry.symlink(path, target, MTIME));
        }

        Layer write(OciLayout layout) {
            try (LayerWriter writer = new LayerWriter(layout, Compression.GZIP)) {
                for (TarEntry entry : entries.values()) {
                    if (entry.type() == TarEntry.Type.FILE) {
                        writer.add(entry, contents.get(entry.path()));
                    } else {
                        writer.add(entry);
                    }
                }
                return writer.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
