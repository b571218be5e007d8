package io.cmkworker.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.config.RetrySettings;
import io.cmkworker.platform.PlatformCallException;
import io.cmkworker.platform.PlatformError;
import io.cmkworker.platform.PlatformOperation;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static final RetrySettings SETTINGS =
            new RetrySettings(6, Duration.ofMillis(250), Duration.ofSeconds(2), 0.5);

    @Test
    void doublesFrom250msUpTo2sWhenTheJitterLandsInTheMiddle() {
        RetryBackoff backoff = new RetryBackoff(SETTINGS, () -> 0.5);

        assertThat(IntStream.rangeClosed(1, 6).mapToObj(backoff::delay).map(Duration::toMillis))
                .containsExactly(250L, 500L, 1000L, 2000L, 2000L, 2000L);
    }

    @Test
    void jitterSpreadsEachWaitBetweenHalfAndOneAndAHalfTimesButNeverPastTheMaximum() {
        assertThat(new RetryBackoff(SETTINGS, () -> 0.0).delay(1)).isEqualTo(Duration.ofMillis(125));
        assertThat(new RetryBackoff(SETTINGS, () -> 0.0).delay(3)).isEqualTo(Duration.ofMillis(500));
        assertThat(new RetryBackoff(SETTINGS, () -> 0.999).delay(1)).isEqualTo(Duration.ofMillis(375));
        assertThat(new RetryBackoff(SETTINGS, () -> 0.999).delay(3)).isEqualTo(Duration.ofMillis(1499));
        assertThat(new RetryBackoff(SETTINGS, () -> 0.999).delay(4)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void noJitterGivesTheNominalSequence() {
        RetryBackoff backoff = new RetryBackoff(new RetrySettings(4, Duration.ofMillis(100), Duration.ofSeconds(1), 0),
                () -> 0.123);

        assertThat(IntStream.rangeClosed(1, 5).mapToObj(backoff::delay).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1000L);
    }

    @Test
    void waitsExactlyWhatRetryAfterAsksFor() {
        RetryBackoff backoff = new RetryBackoff(SETTINGS, () -> 0.9);
        PlatformCallException throttled = new PlatformCallException(PlatformOperation.GET_CONFIG, 429,
                new PlatformError("", "slow down"), Duration.ofSeconds(1), null);

        assertThat(backoff.apply(1, Either.left(throttled))).isEqualTo(1000L);
        assertThat(backoff.apply(3, Either.left(throttled))).isEqualTo(1000L);
    }

    @Test
    void usesTheBackoffWhenTheFailureNamesNoRetryAfter() {
        RetryBackoff backoff = new RetryBackoff(SETTINGS, () -> 0.5);
        PlatformCallException unavailable = new PlatformCallException(PlatformOperation.GET_CONFIG, 503,
                new PlatformError("", "down"), null, null);

        assertThat(backoff.apply(2, Either.left(unavailable))).isEqualTo(500L);
    }
}
