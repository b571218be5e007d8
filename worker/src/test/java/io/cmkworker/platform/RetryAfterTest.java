package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void readsDelayInSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 5 ", NOW)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsHttpDateInTheFutureAsTheTimeUntilThen() {
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 10:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void readsHttpDateWithoutDayOfWeek() {
        assertThat(RetryAfter.parse("1 Mar 2025 10:00:07 GMT", NOW)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void httpDateInThePastMeansRetryNow() {
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 09:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "soon", "-5", "1.5", "5s", "2025-03-01T10:01:00Z", "Sat, 01 Mar 2025 10:01:30",
        "99999999999999999999999"})
    void unusableHeaderIsNull(String header) {
        assertThat(RetryAfter.parse(header, NOW)).isNull();
    }
}
