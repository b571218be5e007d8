package io.cmkworker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void countsRateAndEtaFromTheGivenTimes() {
        Progress progress = new Progress(100, T0);
        for (int i = 0; i < 40; i++) {
            // the first outcome 5 s after publishing (one onboarding's length), then 2 a second
            progress.add(i < 36 ? "COMPLETED" : i < 39 ? "FAILED" : "ERROR", i == 0, T0.plusSeconds(5 + i / 2));
        }
        Instant now = T0.plusSeconds(25);

        assertThat(progress.rate(now)).isEqualTo(2.0);
        assertThat(progress.eta(now)).contains(Duration.ofSeconds(30));
        assertThat(progress.replays()).isEqualTo(1);
        assertThat(progress.bar(now, 20))
                .isEqualTo("[########............]  40/100  COMPLETED 36  FAILED 3  ERROR 1  2.0/s  ETA 30s");
        assertThat(progress.line(now))
                .isEqualTo("[ 25.0 s] 40/100 outcomes: COMPLETED 36, FAILED 3, ERROR 1; 2.0/s, ETA 30s");
    }

    @Test
    void beforeTheFirstOutcomeThereIsNoEta() {
        Progress progress = new Progress(5, T0);

        assertThat(progress.line(T0.plusSeconds(3))).isEqualTo("[  3.0 s] 0/5 outcomes; 0.0/s, ETA -");
        assertThat(progress.bar(T0, 10)).isEqualTo("[..........]  0/5  0.0/s  ETA -");
        progress.add("COMPLETED", false, T0.plusSeconds(4));
        assertThat(progress.eta(T0.plusMillis(4500))).as("no rate within the first second").isEmpty();
        for (int i = 0; i < 4; i++) {
            progress.add("COMPLETED", true, T0.plusMillis(4200));
        }
        assertThat(progress.rate(T0.plusMillis(5000))).as("all in: the whole run's rate").isEqualTo(1.0);
    }

    @Test
    void longEtasReadInMinutesAndHours() {
        assertThat(Progress.shortDuration(Duration.ofMillis(1))).isEqualTo("1s");
        assertThat(Progress.shortDuration(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(Progress.shortDuration(Duration.ofMinutes(3))).isEqualTo("3m");
        assertThat(Progress.shortDuration(Duration.ofMinutes(61))).isEqualTo("1h01m");
        assertThat(Progress.shortDuration(Duration.ofHours(1))).isEqualTo("1h");
    }
}
