package io.cmkworker.kafka;

import io.cmkworker.metrics.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns the consumer and the transactional producer. Each turn it resumes
 * partitions whose head is now due, polls, hands each partition's records to the dispatcher as one
 * batch (pausing the partition meanwhile; calls run asynchronously, never on this thread), and commits
 * every finished batch in one transaction ({@link BatchCommitter}): outputs plus consumed offsets, so a
 * step's effects in Kafka happen exactly once. On an abort it seeks back, and the records are
 * processed again (every step is safe to repeat).
 */
public final class WorkerLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final RecordDispatcher dispatcher;
    private final RequestLedger ledger;
    private final BatchCommitter committer;
    private final List<String> inputTopics;
    private final String requestsTopic;
    private final BooleanSupplier intake;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration drainTimeout;
    private final WorkerMetrics metrics;
    private final PartitionGate gate = new PartitionGate();
    private final InFlight inFlight = new InFlight();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean intakeOpen = true;
    private long nextExpiry;
    private volatile Throwable failure;

    /**
     * @param requestsTopic the topic of new requests, paused whenever {@code intake} says no
     * @param intake whether to take new requests now (backpressure); due steps are taken regardless
     */
    WorkerLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, RecordDispatcher dispatcher,
               RequestLedger ledger, List<String> inputTopics, String requestsTopic, BooleanSupplier intake, Clock clock,
               Duration pollInterval, Duration drainTimeout, WorkerMetrics metrics) {
        this.consumer = consumer;
        this.producer = producer;
        this.dispatcher = dispatcher;
        this.ledger = ledger;
        this.committer = new BatchCommitter(producer, consumer::groupMetadata, ledger, metrics);
        this.inputTopics = List.copyOf(inputTopics);
        this.requestsTopic = requestsTopic;
        this.intake = intake;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.drainTimeout = drainTimeout;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            consumer.subscribe(inputTopics, new Rebalance());
            while (running.get()) {
                turn();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("the worker loop stopped: {}", e.toString(), e);
        } finally {
            shutdown();
            stopped.countDown();
        }
    }

    private void turn() {
        applyIntake();
        if (clock.millis() >= nextExpiry) {
            ledger.expire(clock.instant());
            nextExpiry = clock.millis() + Duration.ofMinutes(5).toMillis();
        }
        long now = clock.millis();
        for (TopicPartition tp : gate.releasable(now)) {
            resume(tp);
        }
        long wait = gate.millisUntilNextRelease(now, pollInterval.toMillis());
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(Math.max(1, wait)));
        for (TopicPartition tp : records.partitions()) {
            dispatch(tp, records.records(tp));
        }
        commit(inFlight.takeDone());
    }

    /** Pauses or resumes the requests topic when backpressure changes; the poll goes on either way. */
    private void applyIntake() {
        boolean open = intake.getAsBoolean();
        if (open == intakeOpen) {
            return;
        }
        intakeOpen = open;
        List<TopicPartition> requests = consumer.assignment().stream()
                .filter(tp -> tp.topic().equals(requestsTopic)).toList();
        if (open) {
            log.info("taking new requests again");
            consumer.resume(requests.stream().filter(tp -> !gate.isBusy(tp)).toList());
        } else {
            log.warn("not taking new requests for now: a host's circuit breaker is open or calls are queueing up;"
                    + " due steps go on");
            consumer.pause(requests);
        }
    }

    /** Resumes {@code tp} unless it is a requests partition while intake is closed. */
    private void resume(TopicPartition tp) {
        if (intakeOpen || !tp.topic().equals(requestsTopic)) {
            consumer.resume(List.of(tp));
        }
    }

    private void dispatch(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        long now = clock.millis();
        PartitionBatch batch = new PartitionBatch(tp, records.get(0).offset());
        long next = records.get(records.size() - 1).offset() + 1;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Optional<Instant> release = dispatcher.releaseOf(record);
            if (release.isPresent() && release.get().toEpochMilli() > now) {
                // This head is not due: stop here, come back to it when it is.
                consumer.seek(tp, record.offset());
                gate.hold(tp, release.get().toEpochMilli());
                next = record.offset();
                break;
            }
            batch.add(dispatcher.dispatch(record, batch), record.offset());
        }
        batch.seal(next);
        consumer.pause(List.of(tp));
        if (!batch.isEmpty()) {
            inFlight.add(batch);
            gate.busy(tp);
        }
    }

    private void commit(List<PartitionBatch> done) {
        if (done.isEmpty()) {
            return;
        }
        List<PartitionBatch> ok = new ArrayList<>();
        for (PartitionBatch batch : done) {
            if (batch.succeeded()) {
                ok.add(batch);
            } else {
                log.warn("a batch of {} failed without outputs; processing it again", batch.partition());
                rewind(List.of(batch));
            }
        }
        if (ok.isEmpty()) {
            return;
        }
        if (committer.commit(ok)) {
            for (PartitionBatch batch : ok) {
                if (gate.idle(batch.partition())) {
                    resume(batch.partition());
                }
            }
        } else {
            rewind(ok);
        }
    }

    /** Seeks the batches' partitions back to their first record, so they are processed again. */
    private void rewind(List<PartitionBatch> batches) {
        committer.clearMarks(batches);
        Collection<TopicPartition> assigned = consumer.assignment();
        for (PartitionBatch batch : batches) {
            TopicPartition tp = batch.partition();
            gate.forget(List.of(tp));
            if (assigned.contains(tp)) {
                consumer.seek(tp, batch.firstOffset());
                resume(tp);
            }
        }
    }

    /**
     * Hands these batches over: revokes their leases first (so no POST that has not left yet will leave),
     * waits (bounded) for calls already on the wire, and commits the batches that finished.
     */
    private void drain(List<PartitionBatch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        batches.forEach(PartitionBatch::revoke);
        CompletableFuture<?>[] all = batches.stream().map(PartitionBatch::completion).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("calls still running after {}; their records will be processed again by the next owner",
                    drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // completion() never fails
        }
        List<PartitionBatch> finished = new ArrayList<>();
        for (PartitionBatch batch : batches) {
            if (batch.succeeded()) {
                finished.add(batch);
            }
        }
        if (!finished.isEmpty() && committer.usable()) {
            try {
                committer.commit(finished);
            } catch (FatalKafkaException e) {
                log.error("could not commit while handing partitions over: {}", e.getMessage());
            }
        }
    }

    private void shutdown() {
        try {
            drain(inFlight.removeAll());
        } catch (RuntimeException e) {
            log.warn("draining at shutdown failed: {}", e.toString());
        }
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            log.warn("closing the consumer failed: {}", e.toString());
        }
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("closing the producer failed: {}", e.toString());
        }
    }

    /** Asks the loop to stop; it drains (up to the drain timeout), commits and closes its clients. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private List<Integer> requestPartitions(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(tp -> tp.topic().equals(requestsTopic)).map(TopicPartition::partition).toList();
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drain(inFlight.remove(partitions));
            gate.forget(partitions);
            // The ledger view is kept: with the eager assignor most partitions come straight back, and
            // onPartitionsAssigned drops those that do not.
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            inFlight.remove(partitions).forEach(PartitionBatch::revoke);
            gate.forget(partitions);
            ledger.forget(requestPartitions(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Nothing to restore: a new partition is not paused, and its head re-derives any hold on first poll.
            if (!partitions.isEmpty()) {
                log.info("assigned {} partitions", partitions.size());
            }
            ledger.retainOnly(requestPartitions(consumer.assignment()));
            ledger.restore(requestPartitions(partitions));
            if (!intakeOpen) {
                consumer.pause(partitions.stream().filter(tp -> tp.topic().equals(requestsTopic)).toList());
            }
        }
    }
}
