package dev.crmoutbound.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedialPolicyTest {

    private static final Instant ENDED = Instant.parse("2026-03-10T13:00:00Z");

    @Test
    void eachOutcomeHasItsOwnAttemptsAndDelay() {
        RedialPolicy policy = RedialPolicy.parse("no_answer=3/2h, busy=3/30m, failed=2/15m");

        assertThat(policy.nextAttempt("no_answer", 1, ENDED)).contains(ENDED.plus(Duration.ofHours(2)));
        assertThat(policy.nextAttempt("no_answer", 2, ENDED)).isPresent();
        assertThat(policy.nextAttempt("no_answer", 3, ENDED)).isEmpty();
        assertThat(policy.nextAttempt("busy", 1, ENDED)).contains(ENDED.plus(Duration.ofMinutes(30)));
        assertThat(policy.nextAttempt("failed", 1, ENDED)).as("failed is retried once").isPresent();
        assertThat(policy.nextAttempt("failed", 2, ENDED)).isEmpty();
        assertThat(policy.nextAttempt("completed", 1, ENDED)).as("completed never").isEmpty();
        assertThat(policy.nextAttempt(null, 1, ENDED)).isEmpty();
    }

    @Test
    void aRuleThatIsNotOutcomeAttemptsAndDelayIsRefused() {
        assertThatThrownBy(() -> RedialPolicy.parse("no_answer=3")).hasMessageContaining("outcome=max_attempts/min_delay");
        assertThatThrownBy(() -> RedialPolicy.parse("no_answer=three/2h")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> RedialPolicy.parse("no_answer=3/soon")).hasMessageContaining("not a duration");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT45M")).isEqualTo(Duration.ofMinutes(45));
        assertThat(Durations.parse("600")).isEqualTo(Duration.ofMinutes(10));
    }
}
