package dev.distill.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.distill.common.DistillException;

/** An OCI platform: operating system, architecture and optional variant. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(String architecture, String os, String variant) {

    /** The platform of a Debian architecture name ({@code amd64}, {@code arm64}, …). */
    public static Platform ofDebianArch(String debianArch) {
        return switch (debianArch) {
            case "amd64" -> new Platform("amd64", "linux", null);
            case "arm64" -> new Platform("arm64", "linux", "v8");
            case "armhf" -> new Platform("arm", "linux", "v7");
            case "armel" -> new Platform("arm", "linux", "v5");
            case "i386" -> new Platform("386", "linux", null);
            case "ppc64el" -> new Platform("ppc64le", "linux", null);
            case "s390x" -> new Platform("s390x", "linux", null);
            case "riscv64" -> new Platform("riscv64", "linux", null);
            default -> throw new DistillException("unsupported architecture: " + debianArch);
        };
    }

    /** The Debian architecture name of this platform. */
    public String debianArch() {
        return switch (architecture) {
            case "amd64", "arm64", "s390x", "riscv64" -> architecture;
            case "arm" -> "v5".equals(variant) ? "armel" : "armhf";
            case "386" -> "i386";
            case "ppc64le" -> "ppc64el";
            default -> throw new DistillException("unsupported architecture: " + architecture);
        };
    }

    /** Whether an image for this platform can serve a request for {@code wanted} (variant optional). */
    public boolean matches(Platform wanted) {
        return os.equals(wanted.os) && architecture.equals(wanted.architecture)
                && (wanted.variant == null || variant == null || variant.equals(wanted.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
