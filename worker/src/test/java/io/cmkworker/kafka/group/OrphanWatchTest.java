package io.cmkworker.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OrphanWatchTest {

    private static final TopicPartition A = new TopicPartition("req", 0);
    private static final TopicPartition B = new TopicPartition("req", 1);

    private final Deque<Optional<Set<TopicPartition>>> views = new ArrayDeque<>();
    private final List<String> failures = new ArrayList<>();
    private final OrphanWatch watch = new OrphanWatch(views::removeFirst, Set.of(A, B), Duration.ZERO, () -> { },
            failures::add);

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
        }, Set.of(A), Duration.ZERO, () -> { }, failures::add);
        failing.look();
        failing.look();
        assertThat(failing.takeRejoin()).isFalse();
    }

    @Test
    void everyFailedLookIsCountedByCauseAndEachCauseLoggedAtWarnOnce() {
        Logger logger = (Logger) LoggerFactory.getLogger(OrphanWatch.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            Deque<Callable<Optional<Set<TopicPartition>>>> looks = new ArrayDeque<>(List.of(
                    () -> {
                        throw new ExecutionException(new GroupAuthorizationException("no Describe on the group"));
                    },
                    () -> {
                        throw new ExecutionException(new GroupAuthorizationException("no Describe on the group"));
                    },
                    () -> {
                        throw new java.util.concurrent.TimeoutException("no answer in 10 s");
                    },
                    () -> Optional.of(Set.of(A, B)),
                    () -> {
                        throw new ExecutionException(new GroupAuthorizationException("no Describe on the group"));
                    }));
            OrphanWatch failing = new OrphanWatch(() -> looks.removeFirst().call(), Set.of(A, B), Duration.ZERO,
                    () -> { }, failures::add);
            for (int i = 0; i < 5; i++) {
                failing.look();
            }

            assertThat(failures).containsExactly("GroupAuthorizationException", "GroupAuthorizationException",
                    "TimeoutException", "GroupAuthorizationException");
            assertThat(lines.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .hasSize(3)
                    .allSatisfy(m -> assertThat(m).contains("cannot look at the group's assignment"))
                    .anySatisfy(m -> assertThat(m).contains("no Describe on the group"))
                    .anySatisfy(m -> assertThat(m).contains("no answer in 10 s"));
            assertThat(lines.list).filteredOn(e -> e.getLevel() == Level.INFO).hasSize(1);
        } finally {
            logger.detachAppender(lines);
        }
    }
}
