package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdealTimeTest {

    @Test
    void thirtyThousandCallsOfTwoHundredMillisecondsSixtyFourAtATimeTakeNinetyThreePointSevenFiveSeconds() {
        assertThat(IdealTime.of(30_000, Duration.ofMillis(200), 64)).isEqualTo(Duration.ofMillis(93_750));
    }

    @Test
    void ratioIsActualOverIdeal() {
        assertThat(IdealTime.ratio(Duration.ofSeconds(125), Duration.ofSeconds(100))).isEqualTo(1.25);
    }

    @Test
    void rejectsWhatHasNoIdeal() {
        assertThatThrownBy(() -> IdealTime.of(10, Duration.ofMillis(200), 0))
                .hasMessageContaining("concurrency must be >= 1");
        assertThatThrownBy(() -> IdealTime.of(-1, Duration.ofMillis(200), 64))
                .hasMessageContaining("calls must be >= 0");
        assertThatThrownBy(() -> IdealTime.ratio(Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("ideal must be positive");
    }
}
