package dev.distill.layers;

import dev.distill.debian.Paragraph;

import java.util.List;
import java.util.Map;

/**
 * What unpacking one package left in the image, for the package database and the maintainer-script effects.
 *
 * @param control   the package's control paragraph, as the .deb carries it
 * @param paths     every path it installed (directories included), relative, in archive order
 * @param md5sums   dpkg md5sums lines ({@code md5  path}) of its regular files that are not conffiles
 * @param conffiles conffile path (absolute) → md5 of its content
 * @param alternatives the {@code update-alternatives --install} calls of its postinst
 * @param links     its symbolic links: path (relative) → target as installed
 * @param captured  contents of files the effects need (CA certificates, base-passwd's master files, …)
 * @param setIdCleared files whose setuid/setgid bits were cleared
 */
public record InstalledPackage(
        String name,
        String version,
        String architecture,
        String multiArch,
        Paragraph control,
        List<String> paths,
        List<String> md5sums,
        Map<String, String> conffiles,
        List<Alternative> alternatives,
        Map<String, String> links,
        Map<String, byte[]> captured,
        List<String> setIdCleared) {

    /** dpkg's name for the package's info files: {@code name:arch} for Multi-Arch: same, else {@code name}. */
    public String infoName() {
        return "same".equals(multiArch) ? name + ":" + architecture : name;
    }

    /** One {@code update-alternatives --install} (with its slaves). */
    public record Alternative(String link, String name, String path, int priority, List<Slave> slaves) {
        public record Slave(String link, String name, String path) {
        }
    }
}
