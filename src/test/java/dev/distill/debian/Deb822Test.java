package dev.distill.debian;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Deb822Test {
    @Test
    void readsParagraphsWithContinuationsCommentsAndCrlf() {
        String text = "# a comment\r\nPackage: foo\r\nVersion: 1.0-1\r\nDescription: short\r\n long line\r\n .\r\n"
                + " more\r\n\r\n\r\n\r\npackage: bar\nDepends: a,\n b (>= 2)\n# inside\nVersion: 2\n";
        List<Paragraph> paragraphs = Deb822.parse(text, "Packages");
        assertThat(paragraphs).hasSize(2);
        Paragraph foo = paragraphs.get(0);
        assertThat(foo.get("package")).isEqualTo("foo");
        assertThat(foo.get("Description")).isEqualTo("short\n long line\n .\n more");
        assertThat(foo.line()).isEqualTo(2);
        Paragraph bar = paragraphs.get(1);
        assertThat(bar.get("Package")).isEqualTo("bar");
        assertThat(bar.line()).isEqualTo(11);
        assertThat(Deb822.joined(bar.get("Depends"))).isEqualTo("a, b (>= 2)");
        assertThat(bar.get("Version")).isEqualTo("2");
        assertThat(bar.fieldNames()).containsExactly("package", "Depends", "Version");
    }

    @Test
    void formatsBackWhatItRead() {
        String text = "Package: foo\nDescription: short\n long line\n .\n more\nEmpty:\n";
        Paragraph p = Deb822.parseOne(text, "control");
        assertThat(p.format()).isEqualTo(text);
    }

    @Test
    void errorsNameTheSourceAndLine() {
        assertThatThrownBy(() -> Deb822.parse("Package: a\nnot a field\n", "dists/x/Release"))
                .isInstanceOf(DistillException.class).hasMessage("dists/x/Release:2: not a 'Field: value' line: not a field");
        assertThatThrownBy(() -> Deb822.parse(" leading\n", "status"))
                .hasMessage("status:1: continuation line without a field before it");
        assertThatThrownBy(() -> Deb822.parse("A: 1\nB: 2\na: 3\n", "control"))
                .hasMessage("control:3: field a appears twice in one paragraph");
        assertThatThrownBy(() -> Deb822.parseOne("A: 1\n\nB: 2\n", "control"))
                .hasMessage("control: expected one paragraph, found 2");
    }

    @Test
    void skipsUnwantedFieldsWithTheirContinuations() {
        String text = "Package: foo\nDescription: short\n long line\nVersion: 1\n\nPackage: bar\nVersion: 2\n";
        List<Paragraph> kept = new ArrayList<>();
        Deb822.parse(new StringReader(text), "Packages", Set.of("package", "version"), kept::add);
        assertThat(kept).hasSize(2);
        assertThat(kept.get(0).fieldNames()).containsExactly("Package", "Version");
        assertThat(kept.get(0).get("Version")).isEqualTo("1");
        assertThat(kept.get(1).line()).isEqualTo(6);
    }
}
