package dev.distill.cli;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The build's summary line is written without a Formatter, and reads exactly as the format it replaces. */
class SummaryLineTest {
    @Test
    void matchesThePrintfLayoutForEverySizeAndCount() {
        long[] sizes = {0, 49_999, 50_000, 250_000, 17_884_259, 99_950_000, 149_999_999, 1_234_567_890L};
        int[][] counts = {{24, 6}, {1, 1}, {505, 16}, {12345, 123}};
        for (long size : sizes) {
            for (int[] c : counts) {
                assertThat(BuildCommand.summaryLine("python:3.13", "amd64", size, c[0], c[1]))
                        .isEqualTo(String.format(Locale.ROOT, "%-24s %-6s %8.1f MB  %4d packages  %2d layers",
                                "python:3.13", "amd64", size / 1e6, c[0], c[1]));
            }
        }
        assertThat(BuildCommand.summaryLine("a-very-long-image-name-indeed:1.0", "riscv64", 1, 2, 3))
                .isEqualTo("a-very-long-image-name-indeed:1.0 riscv64      0.0 MB     2 packages   3 layers");
    }
}
