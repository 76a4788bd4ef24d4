package dev.distill.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    @Test
    void backoffDoublesUpToItsCapAndRetryAfterIsHonouredUpToItsCap() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), Duration.ofSeconds(3));
        assertThat(policy.delayAfter(1, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayAfter(2, null)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayAfter(3, null)).isEqualTo(Duration.ofMillis(350));
        assertThat(policy.delayAfter(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(1, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(3));
    }
}
