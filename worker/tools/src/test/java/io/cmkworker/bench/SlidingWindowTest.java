package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final long MS = 1_000_000L;
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void fiftyEvenlySpacedCallsASecondNeverMakeFiftyOneInAnyWindow() {
        long[] calls = new long[500];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = i * 20 * MS;
        }

        assertThat(SlidingWindow.busiest(calls, SECOND).count()).isEqualTo(50);
    }

    @Test
    void findsABurstThatStraddlesTheSecondBoundaries() {
        // 50 calls at the end of second 0 and 50 at the start of second 1: no fixed second holds more than 50,
        // but the window from 0.9 s to 1.9 s holds all 100.
        long[] calls = new long[100];
        for (int i = 0; i < 50; i++) {
            calls[i] = (900 + i) * MS;
            calls[50 + i] = (1_000 + i) * MS;
        }

        SlidingWindow.Busiest busiest = SlidingWindow.busiest(calls, SECOND);

        assertThat(busiest.count()).isEqualTo(100);
        assertThat(busiest.startNanos()).isEqualTo(900 * MS);
    }

    @Test
    void windowsAreHalfOpenSoACallExactlyOneSecondLaterIsTheNextWindows() {
        long[] calls = {0, 500 * MS, 1_000 * MS};

        assertThat(SlidingWindow.busiest(calls, SECOND).count()).isEqualTo(2);
    }

    @Test
    void readsCallsInAnyOrderAndCountsSimultaneousOnesEach() {
        long[] calls = {3_000 * MS, 0, 3_000 * MS, 10 * MS, 3_000 * MS};

        assertThat(SlidingWindow.busiest(calls, SECOND).count()).isEqualTo(3);
        assertThat(calls[0]).isEqualTo(3_000 * MS);
    }

    @Test
    void noCallsIsAnEmptyWindowAndALengthMustBePositive() {
        assertThat(SlidingWindow.busiest(new long[0], SECOND).count()).isZero();
        assertThatThrownBy(() -> SlidingWindow.busiest(new long[] {1}, Duration.ZERO))
                .hasMessageContaining("length must be positive");
    }
}
