package dev.distill.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChallengeTest {
    @Test
    void parsesBearerChallengesWithQuotedCommasAndSeveralScopes() {
        Challenge challenge = Challenge.parse("Bearer realm=\"https://auth.internal.test/token?a=1,b=2\","
                + "service=\"registry.internal.test\",scope=\"repository:a/b:pull,push repository:c:pull\","
                + "error=insufficient_scope");

        assertThat(challenge.isBearer()).isTrue();
        assertThat(challenge.parameter("realm")).isEqualTo("https://auth.internal.test/token?a=1,b=2");
        assertThat(challenge.parameter("service")).isEqualTo("registry.internal.test");
        assertThat(challenge.parameter("scope")).isEqualTo("repository:a/b:pull,push repository:c:pull");
        assertThat(challenge.parameter("error")).isEqualTo("insufficient_scope");
    }

    @Test
    void parsesBasicChallenges() {
        Challenge challenge = Challenge.parse("Basic realm=\"distill test\"");
        assertThat(challenge.isBasic()).isTrue();
        assertThat(challenge.parameter("realm")).isEqualTo("distill test");
    }
}
