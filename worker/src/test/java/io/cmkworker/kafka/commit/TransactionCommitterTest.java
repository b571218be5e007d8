package io.cmkworker.kafka.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.MutableClock;
import io.cmkworker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every way a commit can end, on a {@link MockProducer}: committed; aborted and kept for the next transaction;
 * refused for an old generation (waits for the rejoin, not a fault); fenced (a new producer, unless it keeps
 * happening within the rebuild window); and the failures that stop the instance, each with the instance's records
 * kept uncommitted.
 */
class TransactionCommitterTest {

    private static final TopicPartition TP = new TopicPartition("requests", 0);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
    private final Deque<Supplier<MockProducer<byte[], byte[]>>> next = new ArrayDeque<>();
    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
    private final List<List<ProducerRecord<byte[], byte[]>>> committed = new ArrayList<>();
    private final AtomicInteger generation = new AtomicInteger(1);
    private final TransactionCommitter committer = new TransactionCommitter(this::newProducer,
            () -> new ConsumerGroupMetadata("g", generation.get(), "member-1", Optional.empty()), committed::add,
            metrics, clock);
    private long nextOffset;

    private MockProducer<byte[], byte[]> newProducer() {
        MockProducer<byte[], byte[]> p = next.isEmpty() ? plain() : next.removeFirst().get();
        producers.add(p);
        return p;
    }

    private static MockProducer<byte[], byte[]> plain() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private MockProducer<byte[], byte[]> producer() {
        return producers.get(producers.size() - 1);
    }

    /** A window with one finished record (and its one output) waiting to be committed. */
    private final OffsetWindow window = new OffsetWindow(TP, new OffsetAndMetadata(0));
    private final AtomicInteger released = new AtomicInteger();

    private void finishOne() {
        long offset = nextOffset++;
        window.taken(offset);
        window.finished(offset, List.of(new ProducerRecord<>("outcomes", ("o" + offset).getBytes())),
                released::incrementAndGet);
    }

    private double count(String meter) {
        return metrics.total(meter);
    }

    @Test
    void commitsTheOutputsAndTheOffsetInOneTransaction() {
        committer.start();
        finishOne();
        finishOne();

        assertThat(committer.commit(List.of(window))).isTrue();

        MockProducer<byte[], byte[]> p = producer();
        assertThat(p.transactionCommitted()).isTrue();
        assertThat(p.history()).hasSize(2);
        Map<TopicPartition, OffsetAndMetadata> offsets = p.consumerGroupOffsetsHistory().get(0).get("g");
        assertThat(offsets).containsEntry(TP, new OffsetAndMetadata(2, ""));
        assertThat(committed).hasSize(1).first().asList().hasSize(2);
        assertThat(released).hasValue(2);
        assertThat(window.hasChanges()).isFalse();
        assertThat(count("cmk.transactions.committed")).isEqualTo(1.0);
    }

    @Test
    void nothingToCommitStartsNoTransaction() {
        committer.start();

        assertThat(committer.commit(List.of(window))).isTrue();
        assertThat(producer().transactionInFlight()).isFalse();
        assertThat(producer().consumerGroupOffsetsHistory()).isEmpty();
    }

    @Test
    void anAbortedTransactionKeepsItsRecordsForTheNextOne() {
        committer.start();
        finishOne();
        producer().commitTransactionException = new KafkaException("the broker lost the transaction");

        assertThat(committer.commit(List.of(window))).isFalse();
        assertThat(producer().transactionAborted()).isTrue();
        assertThat(committed).isEmpty();
        assertThat(released).hasValue(0);

        producer().commitTransactionException = null;
        assertThat(committer.commit(List.of(window))).isTrue();
        assertThat(committed).hasSize(1);
        assertThat(released).hasValue(1);
    }

    static Stream<KafkaException> fatal() {
        return Stream.of(new OutOfOrderSequenceException("sequence broken"),
                new TransactionalIdAuthorizationException("no Write on the transactional ID"),
                new GroupAuthorizationException("no Read on the group"),
                new TopicAuthorizationException("no Write on the outcomes topic"),
                new UnsupportedVersionException("the broker is too old for transactions"));
    }

    @ParameterizedTest
    @MethodSource("fatal")
    void sequenceAuthorisationAndVersionErrorsStopTheInstanceWithTheRecordsUncommitted(KafkaException error) {
        committer.start();
        finishOne();
        producer().commitTransactionException = error;

        assertThatThrownBy(() -> committer.commit(List.of(window))).isInstanceOf(FatalKafkaException.class)
                .hasCause(error);
        assertThat(committer.usable()).isFalse();
        assertThat(committed).isEmpty();
        assertThat(window.hasChanges()).as("the record is still waiting: the next owner processes it").isTrue();
    }

    @Test
    void twentyAbortsInARowStopTheInstanceButASuccessInBetweenStartsTheCountAgain() {
        committer.start();
        finishOne();
        producer().commitTransactionException = new KafkaException("abortable");
        for (int i = 1; i < TransactionCommitter.MAX_ABORTS_IN_A_ROW; i++) {
            assertThat(committer.commit(List.of(window))).as("abort %d", i).isFalse();
        }
        producer().commitTransactionException = null;
        assertThat(committer.commit(List.of(window))).isTrue();

        finishOne();
        producer().commitTransactionException = new KafkaException("abortable");
        for (int i = 1; i < TransactionCommitter.MAX_ABORTS_IN_A_ROW; i++) {
            assertThat(committer.commit(List.of(window))).as("abort %d after the success", i).isFalse();
        }
        assertThatThrownBy(() -> committer.commit(List.of(window))).isInstanceOf(FatalKafkaException.class)
                .hasMessageContaining("20 transactions aborted in a row");
        assertThat(committer.usable()).isFalse();
        assertThat(count("cmk.transactions.aborted")).isEqualTo(2.0 * TransactionCommitter.MAX_ABORTS_IN_A_ROW - 1);
    }

    @Test
    void anAbortThatFailsStopsTheInstance() {
        committer.start();
        finishOne();
        producer().commitTransactionException = new KafkaException("abortable");
        producer().abortTransactionException = new KafkaException("the coordinator is gone");

        assertThatThrownBy(() -> committer.commit(List.of(window))).isInstanceOf(FatalKafkaException.class)
                .hasMessageContaining("cannot abort");
        assertThat(committer.usable()).isFalse();
        assertThat(committed).isEmpty();
    }

    @Test
    void anAbortRefusedBecauseTheProducerWasFencedReplacesTheProducer() {
        committer.start();
        finishOne();
        producer().commitTransactionException = new KafkaException("abortable");
        producer().abortTransactionException = new ProducerFencedException("a newer epoch exists");

        assertThat(committer.commit(List.of(window))).isFalse();
        assertThat(producers).hasSize(2);
        assertThat(committer.commit(List.of(window))).isTrue();
        assertThat(producers.get(1).transactionCommitted()).isTrue();
    }

    /** The producer made next: its commits time out until the {@code succeedsAt}-th (never, if 0). */
    private AtomicInteger commitsTimeOutUntil(int succeedsAt) {
        AtomicInteger tries = new AtomicInteger();
        next.add(() -> new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public void commitTransaction() {
                if (tries.incrementAndGet() != succeedsAt) {
                    throw new TimeoutException("commit not acknowledged in time");
                }
                super.commitTransaction();
            }
        });
        return tries;
    }

    @Test
    void aCommitThatTimesOutIsTriedAgainNotAborted() {
        AtomicInteger tries = commitsTimeOutUntil(3);
        committer.start();
        finishOne();

        assertThat(committer.commit(List.of(window))).isTrue();
        assertThat(tries).hasValue(3);
        assertThat(producer().transactionAborted()).isFalse();
        assertThat(committed).hasSize(1);
    }

    @Test
    void threeCommitTimeoutsInARowStopTheInstance() {
        AtomicInteger tries = commitsTimeOutUntil(0);
        committer.start();
        finishOne();

        assertThatThrownBy(() -> committer.commit(List.of(window))).isInstanceOf(FatalKafkaException.class)
                .hasMessageContaining("timed out 3 times");
        assertThat(tries).hasValue(3);
        assertThat(committer.usable()).isFalse();
        assertThat(committed).isEmpty();
    }

    @Test
    void offsetsRefusedForAnOldGenerationAreTriedOnceAndAgainOnlyAfterTheRejoin() {
        committer.start();
        finishOne();
        producer().sendOffsetsToTransactionException = new CommitFailedException("generation 1 is not current");

        assertThat(committer.commit(List.of(window))).isFalse();
        assertThat(committer.commit(List.of(window))).as("same generation: not tried").isFalse();
        assertThat(committer.commit(List.of(window))).isFalse();
        assertThat(count("cmk.transactions.aborted")).isEqualTo(1.0);

        producer().sendOffsetsToTransactionException = null;
        generation.incrementAndGet();
        assertThat(committer.commit(List.of(window))).isTrue();
        assertThat(committer.usable()).isTrue();
    }

    @Test
    void generationRefusalsNeverCountTowardsTheAbortLimit() {
        committer.start();
        finishOne();
        producer().sendOffsetsToTransactionException = new CommitFailedException("rebalancing");
        for (int i = 0; i < 3 * TransactionCommitter.MAX_ABORTS_IN_A_ROW; i++) {
            assertThat(committer.commit(List.of(window))).isFalse();
            generation.incrementAndGet();
        }
        assertThat(committer.usable()).isTrue();
    }

    /** The producer this committer makes next is fenced before it can commit. */
    private void fenceNext() {
        next.add(() -> new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public void beginTransaction() {
                throw new ProducerFencedException("another instance has this transactional ID");
            }
        });
    }

    @Test
    void aFencedProducerIsReplacedUpToThreeTimesWithinTheRebuildWindowThenTheInstanceStops() {
        committer.start();
        finishOne();
        producer().fenceProducer();
        fenceNext();
        fenceNext();
        fenceNext();

        for (int i = 0; i < TransactionCommitter.MAX_REBUILDS; i++) {
            assertThat(committer.commit(List.of(window))).as("fenced %d", i + 1).isFalse();
            clock.advance(Duration.ofSeconds(30));
        }
        assertThatThrownBy(() -> committer.commit(List.of(window))).isInstanceOf(FatalKafkaException.class)
                .hasMessageContaining("same worker.instance.id");
        assertThat(committer.usable()).isFalse();
    }

    @Test
    void fencesOlderThanTheRebuildWindowAreForgotten() {
        committer.start();
        finishOne();
        producer().fenceProducer();
        fenceNext();
        fenceNext();
        fenceNext();

        for (int i = 0; i < TransactionCommitter.MAX_REBUILDS; i++) {
            assertThat(committer.commit(List.of(window))).isFalse();
        }
        clock.advance(TransactionCommitter.REBUILD_WINDOW.plusMillis(1));
        assertThat(committer.commit(List.of(window))).as("a fourth fence, the first three past the window").isFalse();
        assertThat(committer.usable()).isTrue();
        assertThat(committer.commit(List.of(window))).isTrue();
        assertThat(committed).hasSize(1);
    }

    @Test
    void closingMakesItUnusable() {
        committer.start();
        committer.close();

        assertThat(committer.usable()).isFalse();
        assertThat(producer().closed()).isTrue();
    }
}
