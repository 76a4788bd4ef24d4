package dev.distill.sbom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DebianCopyrightTest {
    @Test
    void debianShortNamesBecomeSpdxExpressions() {
        assertThat(DebianCopyright.toSpdx("GPL-2+")).isEqualTo("GPL-2.0-or-later");
        assertThat(DebianCopyright.toSpdx("GPL-2")).isEqualTo("GPL-2.0-only");
        assertThat(DebianCopyright.toSpdx("LGPL-2.1+ and GPL-3")).isEqualTo("LGPL-2.1-or-later AND GPL-3.0-only");
        assertThat(DebianCopyright.toSpdx("GPL-1+ or Artistic")).isEqualTo("GPL-1.0-or-later OR Artistic-1.0-Perl");
        assertThat(DebianCopyright.toSpdx("Expat")).isEqualTo("MIT");
        assertThat(DebianCopyright.toSpdx("BSD-3-clause")).isEqualTo("BSD-3-Clause");
        assertThat(DebianCopyright.toSpdx("GPL-3+ with GCC-3.1 exception"))
                .isEqualTo("GPL-3.0-or-later WITH GCC-exception-3.1");
        assertThat(DebianCopyright.toSpdx("GPL-2+ with OpenSSL exception"))
                .isEqualTo("LicenseRef-GPL-2--with-OpenSSL-exception");
        assertThat(DebianCopyright.toSpdx("(MIT or Apache-2.0) and Zlib")).isEqualTo("(MIT OR Apache-2.0) AND Zlib");
        assertThat(DebianCopyright.toSpdx("public-domain")).isEqualTo("LicenseRef-public-domain");
        assertThat(DebianCopyright.toSpdx("GPL-2+ or")).isEqualTo("NOASSERTION");
        assertThat(DebianCopyright.toSpdx("")).isEqualTo("NOASSERTION");
    }

    @Test
    void onlyTheFilesStarParagraphOfAMachineReadableFileCounts() {
        String dep5 = """
                Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
                Upstream-Name: zlib

                Files: debian/*
                Copyright: Debian
                License: GPL-2+

                Files: * contrib/*
                Copyright: 1995-2024 Jean-loup Gailly and Mark Adler
                License: Zlib
                 This software is provided 'as-is'.
                """;
        assertThat(DebianCopyright.mainLicense(dep5)).isEqualTo("Zlib");
        assertThat(DebianCopyright.mainLicense("This is the Debian prepackaged version of foo.\nIt is GPL.\n"))
                .isEqualTo("NOASSERTION");
        assertThat(DebianCopyright.mainLicense(dep5.replace("Files: * contrib/*", "Files: src/*")))
                .isEqualTo("NOASSERTION");
        assertThat(DebianCopyright.mainLicense(null)).isEqualTo("NOASSERTION");
    }
}
