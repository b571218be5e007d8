package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToAHundredIsTheSampleAtThatRank() {
        long[] ms = LongStream.rangeClosed(1, 100).map(v -> Duration.ofMillis(v).toNanos()).toArray();

        Percentiles p = Percentiles.ofNanos(ms);

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(p.p99()).isEqualTo(Duration.ofMillis(99));
        assertThat(p.max()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aSingleSlowSampleInAHundredIsThePercentileOnlyAboveP99() {
        long[] nanos = new long[100];
        java.util.Arrays.fill(nanos, 10);
        nanos[37] = 5_000;

        Percentiles p = Percentiles.ofNanos(nanos);

        assertThat(p.p99()).isEqualTo(Duration.ofNanos(10));
        assertThat(p.max()).isEqualTo(Duration.ofNanos(5_000));
    }

    @Test
    void reportsOnlyValuesThatOccurredAndLeavesTheInputAlone() {
        long[] nanos = {30, 10, 20};

        Percentiles p = Percentiles.ofNanos(nanos);

        assertThat(p.p50()).isEqualTo(Duration.ofNanos(20));
        assertThat(p.p99()).isEqualTo(Duration.ofNanos(30));
        assertThat(nanos).containsExactly(30, 10, 20);
    }

    @Test
    void noSamplesIsZeroEverywhere() {
        assertThat(Percentiles.ofNanos(new long[0])).isEqualTo(Percentiles.NONE);
    }

    @Test
    void rejectsAQuantileOutsideZeroToOne() {
        assertThatThrownBy(() -> Percentiles.rank(new long[] {1}, 0)).hasMessageContaining("p must be in (0, 1]");
        assertThatThrownBy(() -> Percentiles.rank(new long[] {1}, 1.5)).hasMessageContaining("p must be in (0, 1]");
    }
}
