package dev.distill.debian;

import dev.distill.common.DistillException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelationTest {
    @Test
    void parsesGroupsAlternativesVersionsAndQualifiers() {
        List<List<Relation>> groups = Relation.parseField(
                "libc6 (>= 2.38), debconf (>= 0.5) | debconf-2.0,\n python3:any (<< 3.14), perl:native, foo [amd64] <!nocheck>",
                "test Depends");
        assertThat(groups).hasSize(5);
        assertThat(groups.get(0)).containsExactly(new Relation("libc6", null, Relation.Op.GE, "2.38"));
        assertThat(groups.get(1)).containsExactly(new Relation("debconf", null, Relation.Op.GE, "0.5"),
                new Relation("debconf-2.0", null, null, null));
        assertThat(groups.get(2)).containsExactly(new Relation("python3", "any", Relation.Op.LT, "3.14"));
        assertThat(groups.get(3)).containsExactly(new Relation("perl", "native", null, null));
        assertThat(groups.get(4)).containsExactly(new Relation("foo", null, null, null));
        assertThat(Relation.parseFlat("foo [amd64] <!nocheck>", "x")).containsExactly(new Relation("foo", null, null, null));
    }

    @Test
    void versionOperatorsFollowDpkgOrder() {
        Relation ge = Relation.parseOne("a (>= 1:1.0~rc1)", "t");
        assertThat(ge.acceptsVersion("1:1.0")).isTrue();
        assertThat(ge.acceptsVersion("1.5")).isFalse();
        assertThat(Relation.parseOne("a (<< 2.0)", "t").acceptsVersion("2.0~beta")).isTrue();
        assertThat(Relation.parseOne("a (= 2.0-1)", "t").acceptsVersion("2.0-1")).isTrue();
        assertThat(Relation.parseOne("a (>> 2.0-1)", "t").acceptsVersion("2.0-1")).isFalse();
        assertThat(Relation.parseOne("a (<= 2.0-1)", "t").acceptsVersion("2.0-1")).isTrue();
        assertThat(Relation.parseOne("a", "t").acceptsVersion(null)).isTrue();
        assertThat(Relation.parseOne("a (= 1)", "t").acceptsVersion(null)).isFalse();
    }

    @Test
    void malformedRelationsNameTheField() {
        assertThatThrownBy(() -> Relation.parseField("a (>= 1.0", "foo 1.0 Depends"))
                .isInstanceOf(DistillException.class).hasMessageContaining("foo 1.0 Depends: unbalanced parenthesis");
        assertThatThrownBy(() -> Relation.parseField("a (!= 1.0)", "foo Depends"))
                .hasMessageContaining("foo Depends: unknown version relation '!='");
        assertThatThrownBy(() -> Relation.parseFlat("a | b", "foo Provides"))
                .hasMessageContaining("foo Provides: alternatives are not allowed here");
    }
}
