package io.cmkworker.kafka.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EndOffsetHistoryTest {

    private static final TopicPartition TP = new TopicPartition("requests", 0);
    private final EndOffsetHistory history = new EndOffsetHistory();

    @Test
    void aRecordHasWaitedSinceTheEndOffsetWasFirstSeenBeyondIt() {
        assertThat(history.waitedMillis(TP, 0, 10, 1_000)).as("first seen now").isZero();
        assertThat(history.waitedMillis(TP, 0, 10, 4_000)).isEqualTo(3_000);
        assertThat(history.waitedMillis(TP, 4, 25, 5_000)).as("offset 4 was there at 1 s").isEqualTo(4_000);
        assertThat(history.waitedMillis(TP, 10, 25, 6_000)).as("offset 10 arrived by 5 s").isEqualTo(1_000);
        assertThat(history.waitedMillis(TP, 25, 25, 7_000)).as("nothing waits").isZero();
    }

    @Test
    void startsAgainWhenCaughtUpOrWhenTheEndGoesBack() {
        history.waitedMillis(TP, 0, 10, 1_000);
        history.caughtUp(TP);
        assertThat(history.waitedMillis(TP, 10, 12, 9_000)).isZero();
        assertThat(history.waitedMillis(TP, 3, 5, 10_000)).as("a truncated log: seen from now").isZero();
        assertThat(history.waitedMillis(TP, 3, 5, 12_000)).isEqualTo(2_000);
    }

    @Test
    void forgetsPartitionsNoLongerAssigned() {
        history.waitedMillis(TP, 0, 10, 1_000);
        history.retain(List.of(new TopicPartition("requests", 1)));
        assertThat(history.waitedMillis(TP, 0, 10, 5_000)).as("seen afresh").isZero();
    }

    @Test
    void aLongBacklogKeepsItsOldestTimeWhenItsHistoryIsThinned() {
        for (int i = 1; i <= 3 * EndOffsetHistory.MAX_ENTRIES; i++) {
            history.waitedMillis(TP, 0, i, i * 1_000L);
        }
        long now = 3L * EndOffsetHistory.MAX_ENTRIES * 1_000 + 1_000;
        assertThat(history.waitedMillis(TP, 0, 3L * EndOffsetHistory.MAX_ENTRIES, now)).isEqualTo(now - 1_000);
        long halfway = 3L * EndOffsetHistory.MAX_ENTRIES / 2;
        assertThat(history.waitedMillis(TP, halfway, 3L * EndOffsetHistory.MAX_ENTRIES, now))
                .as("a record in the thinned middle: no older than it is, within the thinned resolution")
                .isBetween(now - (halfway + 1) * 1_000 - 4_000, now - (halfway + 1) * 1_000);
    }
}
