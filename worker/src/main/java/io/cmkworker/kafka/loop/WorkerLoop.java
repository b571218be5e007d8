package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.DoneOffsets;
import io.cmkworker.kafka.commit.FatalKafkaException;
import io.cmkworker.kafka.commit.OffsetWindow;
import io.cmkworker.kafka.commit.TransactionCommitter;
import io.cmkworker.kafka.group.Liveness;
import io.cmkworker.kafka.group.RejoinSignal;
import io.cmkworker.kafka.group.SlotOwnership;
import io.cmkworker.kafka.ledger.LedgerRestorer;
import io.cmkworker.kafka.ledger.RequestLedger;
import io.cmkworker.metrics.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns the consumer and the transactional producer. Each turn it polls, hands
 * every record of a ready slot to the dispatcher (calls run asynchronously, never on this thread), takes
 * in the records that finished, and once they have waited a poll interval commits them in one transaction
 * ({@link TransactionCommitter}): their outputs, and per partition the first unfinished offset with the
 * finished ones beyond it. A record that finished never waits for a slower one, and every step is safe to
 * repeat, so a record that must be processed again (its slot moved, the transaction aborted) is simply taken
 * again.
 *
 * <p>Rebalances are cooperative and move whole slots ({@link Rebalance}); the slots that stay go on.
 */
public final class WorkerLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final RequestLedger ledger;
    private final LedgerRestorer restorer;
    private final TransactionCommitter committer;
    private final SlotTable slots;
    private final Liveness liveness;
    private final DelayHolds holds = new DelayHolds();
    private final FetchPolicy fetch;
    private final RecordDispatcher dispatcher;
    private final WorkerMetrics metrics;
    private final Duration drainTimeout;
    private final List<String> inputTopics;
    private final Runnable purgeAbandonedCalls;
    private final RejoinSignal rejoin;
    private final Clock clock;
    private final Duration pollInterval;
    final Rebalance rebalance;
    private final InWork work;
    private final SlotLoading loading;
    private final LoopObserver observer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long nextExpiry;
    private long nextStatus;
    /** When finished work was first found waiting for a transaction ({@link Clock#millis()}); -1 when none waits. */
    private long uncommittedSince = -1;
    private volatile Status status = new Status(System.nanoTime(), 0, 0, 0, 0, false, List.of());
    private volatile Throwable failure;

    /**
     * What the loop looked like at its last check (about once a second), for health checks on other threads.
     *
     * @param lastTurnNanos when the loop last turned ({@link System#nanoTime()})
     * @param oldestWorkNanos when the oldest record still in work was taken (0: none)
     * @param connected whether the consumer has a connection to a broker
     * @param heldPartitions partitions no record is taken from for a reason of their own, each with the reason
     */
    public record Status(long lastTurnNanos, int assignedPartitions, int heldSlots, int readySlots,
                         long oldestWorkNanos, boolean connected, List<String> heldPartitions) {
        public Status {
            heldPartitions = List.copyOf(heldPartitions);
        }
    }

    /**
     * @param requestsTopic the topic of new requests, paused whenever {@code intake} has no room
     * @param intake how many new requests may be taken now (backpressure); due steps are taken regardless
     * @param purgeAbandonedCalls drops queued calls whose lease ended, giving back their places at once
     * @param rejoin says when partitions are left unheld and the consumer should ask for a rebalance
     */
    public WorkerLoop(Consumer<byte[], byte[]> consumer, TransactionCommitter committer, RecordDispatcher dispatcher,
                      RequestLedger ledger, LedgerRestorer restorer, Liveness liveness, List<String> inputTopics,
                      String requestsTopic, Intake intake, Runnable purgeAbandonedCalls, RejoinSignal rejoin,
                      Clock clock, Duration pollInterval, Duration drainTimeout, WorkerMetrics metrics) {
        this.rejoin = rejoin;
        this.consumer = consumer;
        this.committer = committer;
        this.dispatcher = dispatcher;
        this.ledger = ledger;
        this.restorer = restorer;
        this.liveness = liveness;
        this.inputTopics = List.copyOf(inputTopics);
        this.purgeAbandonedCalls = purgeAbandonedCalls;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.drainTimeout = drainTimeout;
        this.metrics = metrics;
        this.slots = new SlotTable(inputTopics, liveness);
        this.fetch = new FetchPolicy(requestsTopic, intake, holds, slots);
        this.work = new InWork(dispatcher, slots, clock);
        this.loading = new SlotLoading(restorer, ledger, slots);
        this.observer = new LoopObserver(consumer, liveness, slots, work, ledger, metrics, this.inputTopics,
                requestsTopic);
        this.rebalance = new Rebalance(new Handover(), consumer::committed);
    }

    @Override
    public void run() {
        try {
            start();
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

    /** Registers the transactional ID and joins the group. */
    void start() {
        committer.start();
        consumer.subscribe(inputTopics, rebalance);
    }

    void turn() {
        liveness.beat();
        long now = clock.millis();
        if (now >= nextStatus) {
            nextStatus = now + 1000;
            status = observer.observe(now);
            observer.intake(fetch.pace(), now);
        }
        if (now >= nextExpiry) {
            ledger.expire(clock.instant());
            nextExpiry = now + Duration.ofMinutes(5).toMillis();
        }
        loading.installReadSlots();
        work.retryLostLeases();
        if (rejoin.takeRejoin()) {
            consumer.enforceRebalance("partitions held by no member of a stable group");
        }
        holds.release(now);
        applyPauses(now);
        long wait = holds.millisUntilNextRelease(now, pollInterval.toMillis());
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(Math.max(1, wait)));
        liveness.beat();
        holds.forEachTakeable(records, clock.millis(), this::take);
        takeCompletions();
        commitWhenDue();
    }

    /**
     * Commits what finished once it has waited a poll interval. A transaction costs the loop several round trips
     * to the broker, and the broker a marker in every partition it touched, whatever it carries: while records keep
     * finishing, a poll interval's worth go in one transaction instead of one transaction each turn. Their outputs
     * are stamped when they finished, so the steps they schedule fall due when they would have anyway.
     */
    private void commitWhenDue() {
        long now = clock.millis();
        if (uncommittedSince < 0) {
            if (!hasChanges()) {
                return;
            }
            uncommittedSince = now;
        }
        if (now - uncommittedSince >= pollInterval.toMillis()) {
            commit();
        }
    }

    private boolean hasChanges() {
        for (OffsetWindow window : slots.windows()) {
            if (window.hasChanges()) {
                return true;
            }
        }
        return false;
    }

    /** Pauses exactly the partitions that must not be fetched now, and resumes the others. */
    private void applyPauses(long now) {
        FetchPolicy.Changes changes = fetch.plan(now, inFlight(), consumer.assignment(), consumer.paused());
        if (!changes.pause().isEmpty()) {
            consumer.pause(changes.pause());
        }
        if (!changes.resume().isEmpty()) {
            consumer.resume(changes.resume());
        }
    }

    private void take(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        OffsetWindow window = slots.window(tp);
        SlotOwnership owner = slots.readyOwner(tp.partition());
        if (window == null || owner == null || window.held() != null) {
            // Fetched just before the slot left or stopped being ready, or from a partition held for its committed
            // metadata: read it again later (a held partition stays paused).
            consumer.seek(tp, records.get(0).offset());
            return;
        }
        long now = clock.millis();
        boolean requests = fetch.isRequests(tp);
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            if (window.alreadyDone(record.offset())) {
                // Passed over first: a done record needs no room, and the commit point never stops on one.
                window.skipped(record.offset());
                continue;
            }
            if (window.becameFull()) {
                metrics.windowFull();
                log.info("{}: {} records past the first unfinished one (offset {}); taking none until it finishes",
                        tp, DoneOffsets.MAX_SPAN, window.commitOffset());
            }
            if (window.full() || !fetch.admits(tp, now)) {
                // No room: the rest waits in Kafka, read again when there is.
                consumer.seek(tp, record.offset());
                window.heldAt(record.offset());
                consumer.pause(List.of(tp));
                return;
            }
            Optional<Instant> release = dispatcher.releaseOf(record);
            if (release.isPresent() && release.get().toEpochMilli() > now) {
                // This head is not due: it and what was fetched behind it wait in the holds until it is.
                window.heldAt(record.offset());
                holds.hold(tp, release.get().toEpochMilli(), new ArrayList<>(records.subList(i, records.size())));
                consumer.pause(List.of(tp));
                return;
            }
            release.ifPresent(r -> fetch.dueTaken(r.toEpochMilli(), now));
            window.taken(record.offset());
            if (requests) {
                fetch.requestTaken();
            }
            work.start(record, window, owner);
        }
    }

    /** Onboardings taken and not yet answered here: in the ledger as in flight, or taken and not yet committed. */
    private long inFlight() {
        long n = ledger.inFlightCount();
        for (SlotOwnership owner : slots.owners()) {
            n += owner.takenCount();
        }
        return n;
    }

    /** Takes in the records that finished since the last turn. */
    void takeCompletions() {
        work.takeCompletions();
    }

    /** Commits what finished; an abort leaves it for the next turn. */
    void commit() {
        if (committer.commit(slots.windows())) {
            uncommittedSince = -1;
        }
    }

    /**
     * Hands over the work of these partitions: their leases have ended, so calls not yet on the wire are
     * dropped (queued ones at once); waits, bounded by the drain timeout, for calls already on the wire;
     * then commits everything that finished. What did not finish is processed again by the next owner.
     */
    private void drain(Collection<TopicPartition> partitions) {
        purgeAbandonedCalls.run();
        // Waiting here is part of a rebalance the consumer is in, not a pause: the instance stays live.
        if (!work.await(partitions, drainTimeout, liveness::beat)) {
            log.warn("calls still running after {}; their records will be processed again by the next owner",
                    drainTimeout);
        }
        takeCompletions();
        if (committer.usable()) {
            try {
                commit();
            } catch (FatalKafkaException e) {
                log.error("could not commit while handing partitions over: {}", e.getMessage());
            }
        }
    }

    /** What a rebalance may do to the loop's state; {@link Rebalance} sees nothing else of it. */
    private final class Handover implements Rebalance.Handover {

        @Override
        public List<SlotOwnership> endHolds(Collection<TopicPartition> partitions) {
            return slots.revoke(partitions);
        }

        @Override
        public void drain(Collection<TopicPartition> partitions) {
            WorkerLoop.this.drain(partitions);
        }

        @Override
        public void dropQueuedCalls() {
            purgeAbandonedCalls.run();
        }

        @Override
        public void forget(Collection<TopicPartition> partitions) {
            slots.remove(partitions);
            holds.forget(partitions);
            for (int slot : SlotTable.slotsOf(partitions)) {
                if (slots.readyOwner(slot) == null) {
                    ledger.drop(slot);
                }
            }
        }

        @Override
        public List<SlotOwnership> assign(Collection<TopicPartition> partitions,
                                          Map<TopicPartition, OffsetAndMetadata> committed) {
            List<SlotOwnership> fresh = slots.assigned(partitions, committed);
            for (TopicPartition tp : partitions) {
                CommittedMetadata.report(slots.window(tp), metrics);
            }
            fresh.forEach(loading::load);
            return fresh;
        }
    }

    void shutdown() {
        try {
            Set<TopicPartition> all = consumer.assignment();
            slots.revoke(all);
            drain(all);
        } catch (RuntimeException e) {
            log.warn("handing work over at shutdown failed: {}", e.toString());
        }
        try {
            // Leave the group at once (even as a static member): the others take the slots now, not after the
            // session timeout. A crash, by contrast, keeps the static member's place for a quick restart.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            log.warn("closing the consumer failed: {}", e.toString());
        }
        committer.close();
        restorer.close();
        rejoin.close();
    }

    /** Asks the loop to stop; it hands over what is in flight (up to the drain timeout), commits and closes. */
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

    /** The loop's state as of its last check, safe to read from any thread. */
    public Status status() {
        Status s = status;
        return new Status(liveness.lastBeat(), s.assignedPartitions(), s.heldSlots(), s.readySlots(),
                s.oldestWorkNanos(), s.connected(), s.heldPartitions());
    }

    /** Slots held and ready (poll thread only). */
    int readySlots() {
        return slots.readySlots();
    }
}
