package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaneTest {

    private static final long MS = 1_000_000;

    /** 20 answers at 0 s and 20 at 2.5 s, none a 429, then {@code throttled} 429s at {@code thenAtMillis}. */
    private static boolean cutAfter(long thenAtMillis, int throttled) {
        Lane lane = new Lane("platform:a", 50);
        for (int i = 0; i < 20; i++) {
            assertThat(lane.answered(0, false)).isFalse();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(lane.answered(2_500 * MS, false)).isFalse();
        }
        boolean cut = false;
        for (int i = 0; i < throttled && !cut; i++) {
            cut = lane.answered(thenAtMillis * MS, true);
        }
        return cut;
    }

    @Test
    void judgesTheAnswersOfTheLastFiveSecondsAsTheyGoByWithoutKeepingEachAnswer() {
        // Just before the first 20 answers leave the window, 6 429s of 46 answers are 13%: no cut.
        assertThat(cutAfter(Lane.JUDGED_SECONDS * 1000 - 50, 6)).isFalse();
        // Once they left it, the same 6 are 6 of 26, 23%: a cut. Had they stayed, it would take 11.
        assertThat(cutAfter(Lane.JUDGED_SECONDS * 1000, 5)).isFalse();
        assertThat(cutAfter(Lane.JUDGED_SECONDS * 1000, 6)).isTrue();
    }

    @Test
    void aCutTakesThirtyPercentOffAndTheAnswersAfterItAreJudgedAfresh() {
        Lane lane = new Lane("platform:a", 50);
        for (int i = 0; i < Lane.MIN_ANSWERS - 1; i++) {
            assertThat(lane.answered(0, true)).isFalse(); // too few answers to judge
        }
        assertThat(lane.answered(0, true)).isTrue();
        assertThat(lane.rate()).isEqualTo(35.0);
        // The 429s that caused the cut are forgotten: 19 more are again too few to judge.
        for (int i = 0; i < Lane.MIN_ANSWERS - 1; i++) {
            assertThat(lane.answered(10 * MS, true)).isFalse();
        }
        assertThat(lane.rate()).isEqualTo(35.0);
    }
}
