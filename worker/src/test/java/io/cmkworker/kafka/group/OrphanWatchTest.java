package io.cmkworker.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OrphanWatchTest {

    private static final TopicPartition A = new TopicPartition("req", 0);
    private static final TopicPartition B = new TopicPartition("req", 1);

    private final Deque<Optional<Set<TopicPartition>>> views = new ArrayDeque<>();
    private final OrphanWatch watch = new OrphanWatch(views::removeFirst, Set.of(A, B), Duration.ZERO, () -> { });

    @Test
    void asksForARebalanceWhenAPartitionStaysUnheldInAStableGroup() {
        views.add(Optional.of(Set.of(A)));
        views.add(Optional.of(Set.of(A)));

        watch.look();
        assertThat(watch.takeRejoin()).as("one look may fall between the two rounds of a move").isFalse();
        watch.look();
        assertThat(watch.takeRejoin()).isTrue();
        assertThat(watch.takeRejoin()).as("asked once").isFalse();
    }

    @Test
    void leavesARebalanceUnderWayOrAFullAssignmentAlone() {
        views.add(Optional.of(Set.of(A)));
        views.add(Optional.empty());
        views.add(Optional.of(Set.of(A)));
        views.add(Optional.of(Set.of(A, B)));
        views.add(Optional.of(Set.of(A, B)));
        for (int i = 0; i < 5; i++) {
            watch.look();
        }
        assertThat(watch.takeRejoin()).isFalse();
    }

    @Test
    void aFailedLookIsNoSignal() {
        OrphanWatch failing = new OrphanWatch(() -> {
            throw new IllegalStateException("broker down");
        }, Set.of(A), Duration.ZERO, () -> { });
        failing.look();
        failing.look();
        assertThat(failing.takeRejoin()).isFalse();
    }
}
