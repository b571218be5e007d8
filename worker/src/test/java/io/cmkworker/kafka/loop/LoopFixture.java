package io.cmkworker.kafka.loop;

import static org.awaitility.Awaitility.await;

import io.cmkworker.MutableClock;
import io.cmkworker.config.TopicNames;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.Step;
import io.cmkworker.kafka.commit.TransactionCommitter;
import io.cmkworker.kafka.delay.DelayTiers;
import io.cmkworker.kafka.delay.OutputRecords;
import io.cmkworker.kafka.group.Liveness;
import io.cmkworker.kafka.group.OpenTransactions;
import io.cmkworker.kafka.group.Slots;
import io.cmkworker.kafka.ledger.LedgerRestorer;
import io.cmkworker.kafka.ledger.RequestLedger;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.pipeline.Lease;
import io.cmkworker.pipeline.LeaseLostException;
import io.cmkworker.pipeline.Output;
import io.cmkworker.pipeline.Steps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A poll loop on a {@link MockConsumer} and {@link MockProducer}s, with onboarding steps the test finishes
 * by hand. The test plays the broker: it assigns and revokes slots, feeds records, and carries the offsets
 * the producer committed over to the consumer (as the group coordinator would).
 */
final class LoopFixture {

    static final String REQUESTS = "req";
    static final String DELAY = "d.1s";
    static final String LEDGER = "led";
    static final String OUTCOMES = "out";
    static final int SLOTS = 2;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final AtomicLong nanos = new AtomicLong();
    final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    final MockConsumer<byte[], byte[]> ledgerReader = new MockConsumer<>("earliest");
    final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
    final Deque<Supplier<MockProducer<byte[], byte[]>>> nextProducers = new ArrayDeque<>();
    final FakeSteps steps = new FakeSteps();
    final AtomicInteger purges = new AtomicInteger();
    /** The consumer's group generation, as the transactions carry it. */
    final AtomicInteger generation = new AtomicInteger(1);
    final List<Integer> fenced = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * What happens to calls when the loop drops those whose lease ended: by default, as in the call scheduler,
     * every call still waiting (not answered) whose lease has ended fails with {@link LeaseLostException}; a test
     * replaces it to have a call on the wire answer instead.
     */
    Runnable onPurge = () -> steps.dropLapsed();
    /** How many new requests the intake lets the loop take (per turn). */
    volatile long admissible = Long.MAX_VALUE;
    final WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
    final RequestLedger ledger = new RequestLedger(LEDGER, SLOTS, Duration.ofDays(7), clock, Codecs.STANDARD);
    final WorkerLoop loop;
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();

    LoopFixture(Duration drainTimeout) {
        this(drainTimeout, null);
    }

    /** @param firstProducer the transactional producer the loop starts with, or null for a plain mock */
    LoopFixture(Duration drainTimeout, Supplier<MockProducer<byte[], byte[]>> firstProducer) {
        // No poll interval: each turn commits what finished, without waiting for more to go with it.
        this(drainTimeout, firstProducer, Duration.ZERO);
    }

    /** @param pollInterval the loop's poll interval: how long finished work waits for more to commit with */
    LoopFixture(Duration drainTimeout, Supplier<MockProducer<byte[], byte[]>> firstProducer, Duration pollInterval) {
        if (firstProducer != null) {
            nextProducers.add(firstProducer);
        }
        Map<TopicPartition, Long> zero = new HashMap<>();
        for (int p = 0; p < SLOTS; p++) {
            for (String t : List.of(REQUESTS, DELAY, LEDGER)) {
                zero.put(new TopicPartition(t, p), 0L);
            }
        }
        consumer.updateBeginningOffsets(zero);
        ledgerReader.updateBeginningOffsets(zero);
        ledgerReader.updateEndOffsets(zero);
        RecordDispatcher dispatcher = dispatcher();
        TransactionCommitter committer = new TransactionCommitter(this::newProducer,
                () -> new ConsumerGroupMetadata("g", generation.get(), "member", Optional.empty()),
                ledger::applyCommitted, metrics, clock);
        Liveness liveness = new Liveness(nanos::get, Duration.ofSeconds(3), Duration.ofSeconds(3));
        loop = new WorkerLoop(consumer, committer, dispatcher, ledger,
                new LedgerRestorer(LEDGER, ledgerReader, new OpenTransactions() {
                    @Override
                    public long endIncludingOpen(TopicPartition tp) {
                        return ledgerReader.endOffsets(List.of(tp)).get(tp);
                    }

                    @Override
                    public void fenceAbandoned(int slot) {
                        fenced.add(slot);
                    }

                    @Override
                    public void close() {
                    }
                }, Codecs.LEDGER, Duration.ofDays(7), clock), liveness,
                List.of(REQUESTS, DELAY), REQUESTS, inFlight -> admissible, () -> {
                    purges.incrementAndGet();
                    onPurge.run();
                }, io.cmkworker.kafka.group.RejoinSignal.NONE, clock, pollInterval, drainTimeout, metrics);
        loop.start();
    }

    /** A dispatcher on this fixture's ledger, steps, clock and meters. */
    RecordDispatcher dispatcher() {
        TopicNames topics = new TopicNames(REQUESTS, OUTCOMES, "dlq", LEDGER, "d");
        DelayTiers tiers = new DelayTiers("d", List.of(Duration.ofSeconds(1)));
        return new RecordDispatcher(topics, tiers, ledger, steps, new OutputRecords(topics, tiers, Codecs.STANDARD),
                Codecs.STANDARD, clock, metrics);
    }

    private Producer<byte[], byte[]> newProducer() {
        MockProducer<byte[], byte[]> p = nextProducers.isEmpty()
                ? new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer())
                : nextProducers.removeFirst().get();
        producers.add(p);
        return p;
    }

    MockProducer<byte[], byte[]> producer() {
        return producers.get(producers.size() - 1);
    }

    /** Assigns exactly these slots (every input topic's partition of each) and waits until they are ready. */
    void hold(int... slots) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int s : slots) {
            partitions.add(new TopicPartition(REQUESTS, s));
            partitions.add(new TopicPartition(DELAY, s));
        }
        consumer.rebalance(partitions);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            turn();
            return loop.readySlots() == slots.length;
        });
    }

    /**
     * Assigns exactly these slots, with their ledger partitions holding {@code ledger} (records an earlier instance
     * committed), and waits until they are read back and ready.
     */
    void holdWithLedger(List<ProducerRecord<byte[], byte[]>> ledger, int... slots) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<TopicPartition, List<ProducerRecord<byte[], byte[]>>> bySlot = new HashMap<>();
        for (int slot : slots) {
            TopicPartition tp = new TopicPartition(LEDGER, slot);
            List<ProducerRecord<byte[], byte[]>> mine = ledger.stream()
                    .filter(r -> r.topic().equals(LEDGER) && r.partition() == slot).toList();
            bySlot.put(tp, mine);
            ends.put(tp, (long) mine.size());
        }
        ledgerReader.updateEndOffsets(ends);
        // The slots are read back one after the other, in order: each one's first poll adds its records.
        for (int slot : slots) {
            TopicPartition tp = new TopicPartition(LEDGER, slot);
            List<ProducerRecord<byte[], byte[]>> records = bySlot.get(tp);
            ledgerReader.schedulePollTask(() -> {
                for (int i = 0; i < records.size(); i++) {
                    ledgerReader.addRecord(new ConsumerRecord<>(LEDGER, slot, i, records.get(i).key(),
                            records.get(i).value()));
                }
            });
        }
        hold(slots);
    }

    /** The records the loop committed to {@code topic}. */
    List<ProducerRecord<byte[], byte[]>> committedTo(String topic) {
        return committedRecords().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** One turn of the loop, then the coordinator's view of committed offsets follows the producer's. */
    void turn() {
        loop.turn();
        syncCommitted();
    }

    void syncCommitted() {
        for (MockProducer<byte[], byte[]> p : producers) {
            for (Map<String, Map<TopicPartition, OffsetAndMetadata>> commit : p.consumerGroupOffsetsHistory()) {
                commit.values().forEach(consumer::commitSync);
            }
        }
    }

    OffsetAndMetadata committed(TopicPartition tp) {
        return consumer.committed(java.util.Set.of(tp)).get(tp);
    }

    /** An org ID whose records live in {@code slot}. */
    static String orgIn(int slot, int n) {
        for (int i = 0; ; i++) {
            String org = String.format("%08X%016X@AdobeOrg", n, i);
            if (Slots.of(org, SLOTS) == slot) {
                return org;
            }
        }
    }

    OnboardingRequest request(String orgId, String requestId) {
        return OnboardingRequest.newBuilder().setRequestId(requestId).setOrgId(orgId).setRegion("VA7")
                .setConfigName("cfg-" + requestId).setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier("https://vault1.vault.azure.net/keys/key1")
                .setCredentialRef("c").setRequestedAt(clock.instant()).setDeadline(null).setMetadata(Map.of())
                .build();
    }

    /** Appends a request to its org's requests partition; returns its offset. */
    long addRequest(OnboardingRequest request) {
        int slot = Slots.of(request.getOrgId(), SLOTS);
        return add(REQUESTS, slot, request.getOrgId(), Codecs.REQUEST.encode(request), clock.millis());
    }

    long add(String topic, int partition, String key, byte[] value, long timestamp) {
        TopicPartition tp = new TopicPartition(topic, partition);
        long offset = nextOffset.merge(tp, 1L, Long::sum) - 1;
        addAt(topic, partition, offset, key, value, timestamp);
        return offset;
    }

    void addAt(String topic, int partition, long offset, String key, byte[] value, long timestamp) {
        consumer.addRecord(new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME,
                key.length(), value.length, key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(),
                Optional.empty()));
    }

    /** Everything every producer committed, in order. */
    List<ProducerRecord<byte[], byte[]>> committedRecords() {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        producers.forEach(p -> out.addAll(p.history()));
        return out;
    }

    List<OnboardingOutcome> outcomes() throws io.cmkworker.events.UndecodableRecordException {
        List<OnboardingOutcome> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : committedRecords()) {
            if (r.topic().equals(OUTCOMES)) {
                out.add(Codecs.OUTCOME.decode(r.value()));
            }
        }
        return out;
    }

    static OnboardingOutcome outcome(OnboardingRequest request) {
        Instant at = request.getRequestedAt();
        return OnboardingOutcome.newBuilder().setRequestId(request.getRequestId()).setOrgId(request.getOrgId())
                .setConfigName(request.getConfigName()).setStatus(OutcomeStatus.COMPLETED).setReason("done")
                .setPlatform(null).setViolations(List.of()).setAttempts(3).setStartedAt(at).setFinishedAt(at)
                .setMetadata(Map.of()).setReplay(false).build();
    }

    static StatusCheck check(OnboardingRequest request, Instant dueAt) {
        return StatusCheck.newBuilder().setRequestId(request.getRequestId()).setOrgId(request.getOrgId())
                .setRegion("VA7").setConfigName(request.getConfigName()).setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier(request.getKeyVaultKeyIdentifier()).setCredentialRef("c")
                .setStep(Step.STATUS).setAttempt(1).setFailures(0).setDueAt(dueAt)
                .setDeadline(dueAt.plus(Duration.ofHours(1))).setStartedAt(dueAt).setCallsMade(2)
                .setMetadata(Map.of()).build();
    }

    /** Onboarding steps the test finishes by hand; each call's lease is kept for the test to look at. */
    static final class FakeSteps implements Steps {
        record Call(String requestId, Lease lease, CompletableFuture<List<Output>> result) {
        }

        final List<Call> calls = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<List<Output>> onRequest(OnboardingRequest request, Lease lease) {
            return started(request.getRequestId(), lease);
        }

        @Override
        public synchronized CompletableFuture<List<Output>> onCheck(StatusCheck check, Lease lease) {
            return started(check.getRequestId(), lease);
        }

        @Override
        public List<Output> onDefect(StatusCheck check, Throwable defect) {
            throw new AssertionError("no defect expected", defect);
        }

        private CompletableFuture<List<Output>> started(String requestId, Lease lease) {
            CompletableFuture<List<Output>> result = new CompletableFuture<>();
            if (!lease.active()) {
                result.completeExceptionally(new LeaseLostException());
            }
            calls.add(new Call(requestId, lease, result));
            return result;
        }

        /** Fails every unanswered call whose lease has ended, as the scheduler drops queued calls. */
        synchronized void dropLapsed() {
            for (Call call : calls) {
                if (!call.lease().active()) {
                    call.result().completeExceptionally(new LeaseLostException());
                }
            }
        }

        synchronized List<Call> callsFor(String requestId) {
            return calls.stream().filter(c -> c.requestId().equals(requestId)).toList();
        }

        synchronized Call last(String requestId) {
            List<Call> mine = callsFor(requestId);
            return mine.get(mine.size() - 1);
        }

        /** The request's latest step ends with its outcome. */
        void publish(OnboardingRequest request) {
            last(request.getRequestId()).result().complete(List.of(new Output.Publish(outcome(request))));
        }

        /** The request's latest step schedules a status check. */
        void schedule(OnboardingRequest request, Instant now) {
            last(request.getRequestId()).result().complete(
                    List.of(new Output.Schedule(check(request, now), Duration.ofSeconds(1))));
        }
    }
}
