package dev.distill.sbom;

import dev.distill.common.DistillException;
import dev.distill.oci.MediaTypes;

import java.util.Locale;

/** The SBOM formats Distill writes, with the media type each is stored under as an OCI artifact. */
public enum SbomFormat {
    SPDX(MediaTypes.SPDX_JSON),
    CYCLONEDX(MediaTypes.CYCLONEDX_JSON);

    private final String mediaType;

    SbomFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public byte[] write(Sbom sbom) {
        return this == SPDX ? new SpdxWriter().write(sbom) : new CycloneDxWriter().write(sbom);
    }

    public static SbomFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "spdx", "spdx-json" -> SPDX;
            case "cyclonedx", "cyclonedx-json", "cdx" -> CYCLONEDX;
            default -> throw new DistillException("unknown SBOM format '" + name + "' (use spdx or cyclonedx)");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
