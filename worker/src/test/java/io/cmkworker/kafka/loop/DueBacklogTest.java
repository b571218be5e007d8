package io.cmkworker.kafka.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DueBacklogTest {

    @Test
    void isBehindFromALateRecordUntilRecordsHaveBeenOnTimeForTheCalmPeriod() {
        DueBacklog backlog = new DueBacklog();
        assertThat(backlog.behind(1_000)).isFalse();

        backlog.taken(1_000, 1_000 + DueBacklog.LATE_MILLIS);
        assertThat(backlog.behind(1_100)).as("late by exactly the limit is on time").isFalse();

        backlog.taken(2_000, 2_000 + DueBacklog.LATE_MILLIS + 1);
        long late = 2_000 + DueBacklog.LATE_MILLIS + 1;
        assertThat(backlog.behind(late)).isTrue();
        backlog.taken(late + 10, late + 20);
        assertThat(backlog.behind(late + DueBacklog.CALM_MILLIS - 1)).isTrue();
        assertThat(backlog.behind(late + DueBacklog.CALM_MILLIS)).isFalse();
    }
}
