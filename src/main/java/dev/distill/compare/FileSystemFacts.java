package dev.distill.compare;

import dev.distill.oci.Image;
import dev.distill.oci.ImageFilesystem;
import dev.distill.sbom.ImageInventory;
import dev.distill.sbom.OperatingSystem;
import dev.distill.sbom.Sbom;
import dev.distill.sbom.SbomPackage;
import dev.distill.sbom.SbomSubject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a comparison takes from an image's file system: the SBOM's operating system and packages, each package's
 * size, and the shells and package managers present. Reading them decompresses every layer; they depend on the
 * image's manifest alone, so {@link FactsCache} keeps them by its digest.
 */
public record FileSystemFacts(OperatingSystem os, List<SbomPackage> sbomPackages, List<ImageFacts.PackageSize> sizes,
                              List<String> shells, List<String> packageManagers) {

    private static final List<String> SHELLS = List.of("sh", "bash", "dash", "busybox");
    private static final List<String> PACKAGE_MANAGERS = List.of("apt", "apt-get", "dpkg");

    public FileSystemFacts {
        sbomPackages = List.copyOf(sbomPackages);
        sizes = List.copyOf(sizes);
        shells = List.copyOf(shells);
        packageManagers = List.copyOf(packageManagers);
    }

    /** Reads the image's layers. */
    public static FileSystemFacts read(Image image) {
        ImageInventory inventory = ImageInventory.read(image);
        ImageFilesystem fs = inventory.filesystem();
        Sbom sbom = inventory.sbom(SbomSubject.of("", image));
        Map<String, ImageFacts.PackageSize> sizes = new LinkedHashMap<>();
        for (ImageInventory.InstalledPackage p : inventory.packages()) {
            ImageFacts.PackageSize size = size(fs, p);
            sizes.putIfAbsent(size.key(), size);
        }
        return new FileSystemFacts(sbom.os(), sbom.packages(), List.copyOf(sizes.values()), present(fs, SHELLS),
                present(fs, PACKAGE_MANAGERS));
    }

    /** The SBOM of the image these facts were read from, under the name {@code name}. */
    public Sbom sbom(String name, Image image) {
        return new Sbom(SbomSubject.of(name, image), os, sbomPackages);
    }

    private static ImageFacts.PackageSize size(ImageFilesystem fs, ImageInventory.InstalledPackage p) {
        String version = p.record().control().get("Version", "");
        if (!p.files().isEmpty()) {
            long bytes = 0;
            for (String file : p.files()) {
                bytes += fs.nodeAt(file).filter(ImageFilesystem.Node::isFile).map(ImageFilesystem.Node::size)
                        .orElse(0L);
            }
            return new ImageFacts.PackageSize(p.name(), version, p.arch(), bytes, true);
        }
        String installed = p.record().control().get("Installed-Size", "");
        long kib = installed.strip().matches("\\d{1,15}") ? Long.parseLong(installed.strip()) : 0;
        return new ImageFacts.PackageSize(p.name(), version, p.arch(), kib * 1024, false);
    }

    /** The commands of {@code names} that {@code /usr/bin} or {@code /bin} holds as a file (links followed). */
    private static List<String> present(ImageFilesystem fs, List<String> names) {
        List<String> found = new ArrayList<>();
        for (String command : names) {
            for (String dir : List.of("usr/bin/", "bin/", "usr/sbin/", "sbin/")) {
                if (fs.isFile(dir + command)) {
                    found.add(command);
                    break;
                }
            }
        }
        return found;
    }
}
