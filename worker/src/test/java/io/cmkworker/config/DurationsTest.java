package io.cmkworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesEveryShortUnit() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void parsesIsoDurations() {
        assertThat(Durations.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("P1D")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void ignoresCaseAndSpaces() {
        assertThat(Durations.parse(" 5S ")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("10 ms")).isEqualTo(Duration.ofMillis(10));
        assertThat(Durations.parse("3M")).isEqualTo(Duration.ofMinutes(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "five seconds", "5x", "-5s", "1.5s", "5s5", "s"})
    void rejectsTextThatIsNotADurationNamingTheInput(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration")
                .hasMessageEndingWith(": " + text);
    }

    @Test
    void rejectsAnOverflowingDurationAsInvalidInput() {
        assertThatThrownBy(() -> Durations.parse("999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("999999999999999d");
    }

    @Test
    void parsesACommaSeparatedList() {
        assertThat(Durations.parseList("1s, 5s,15s ,1m")).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(1));
    }

    @Test
    void skipsEmptyListItems() {
        assertThat(Durations.parseList("1s,,2s,")).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void rejectsAnEmptyList() {
        assertThatThrownBy(() -> Durations.parseList(" , "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("comma-separated list of durations");
    }

    @Test
    void listErrorNamesTheBadItem() {
        assertThatThrownBy(() -> Durations.parseList("1s,oops,5s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": oops");
    }

    @Test
    void formatsInTheShortestExactUnit() {
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Durations.format(Duration.ofDays(2))).isEqualTo("48h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ms", "250ms", "1001ms", "1s", "59s", "61s", "1m", "15m", "61m", "1h", "24h", "36h"})
    void formatAndParseRoundTrip(String text) {
        Duration d = Durations.parse(text);

        assertThat(Durations.format(d)).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
}
