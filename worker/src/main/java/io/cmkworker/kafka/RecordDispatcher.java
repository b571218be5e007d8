package io.cmkworker.kafka;

import io.cmkworker.config.TopicNames;
import io.cmkworker.domain.SafeText;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.LedgerState;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.pipeline.LeaseLostException;
import io.cmkworker.pipeline.OnboardingProcessor;
import io.cmkworker.pipeline.Output;
import io.cmkworker.platform.Futures;
import io.cmkworker.pipeline.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what one consumed record becomes: a request or a due step goes to the processor (one at a
 * time per organisation), a released record that is not yet due hops to its next tier, and a record
 * that cannot be decoded becomes a dead letter. The future it returns never fails, except when the
 * record's lease was lost.
 */
final class RecordDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RecordDispatcher.class);

    private final TopicNames topics;
    private final DelayTiers tiers;
    private final RequestLedger ledger;
    private final OnboardingProcessor processor;
    private final OutputRecords records;
    private final KeyedSequencer sequencer = new KeyedSequencer();
    private final Clock clock;
    private final WorkerMetrics metrics;

    RecordDispatcher(TopicNames topics, DelayTiers tiers, RequestLedger ledger, OnboardingProcessor processor,
                     OutputRecords records, Clock clock, WorkerMetrics metrics) {
        this.topics = topics;
        this.tiers = tiers;
        this.ledger = ledger;
        this.processor = processor;
        this.records = records;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** When a record of a delay topic may be taken; empty for records of other topics. */
    Optional<Instant> releaseOf(ConsumerRecord<byte[], byte[]> record) {
        return tiers.tierOf(record.topic()).map(tier -> Instant.ofEpochMilli(record.timestamp()).plus(tier));
    }

    CompletableFuture<List<ProducerRecord<byte[], byte[]>>> dispatch(ConsumerRecord<byte[], byte[]> record,
                                                                     PartitionBatch batch) {
        Instant now = clock.instant();
        try {
            if (record.topic().equals(topics.requests())) {
                return request(record, Codecs.REQUEST.decode(record.value()), batch);
            }
            StatusCheck check = Codecs.STATUS_CHECK.decode(record.value());
            Instant release = releaseOf(record).orElseThrow();
            if (check.getDueAt().isAfter(release)) {
                metrics.hop();
                return CompletableFuture.completedFuture(List.of(records.hop(record, release, check.getDueAt())));
            }
            metrics.lateness(Duration.between(check.getDueAt(), now));
            return guard(record, sequencer.submit(check.getOrgId(), () -> processor.onCheck(check, batch)), null, check);
        } catch (UndecodableRecordException e) {
            log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    SafeText.of(e.getMessage(), 300));
            metrics.deadLetter();
            return CompletableFuture.completedFuture(List.of(DeadLetters.of(topics.deadLetters(), record, e, now)));
        } catch (RuntimeException e) {
            log.error("dispatching {}-{}@{} failed unexpectedly; dead-lettering it", record.topic(),
                    record.partition(), record.offset(), e);
            metrics.deadLetter();
            return CompletableFuture.completedFuture(List.of(DeadLetters.of(topics.deadLetters(), record, e, now)));
        }
    }

    /**
     * A new request: moved to its organisation's partition if it was keyed otherwise; answered from the
     * ledger if its request ID was seen before (a replay of the outcome, or nothing while it is in flight);
     * else processed, with the ledger told it is taken.
     */
    private CompletableFuture<List<ProducerRecord<byte[], byte[]>>> request(ConsumerRecord<byte[], byte[]> record,
                                                                            OnboardingRequest request,
                                                                            PartitionBatch batch) {
        if (!RequestValidator.answerable(request)) {
            return guard(record, processor.onRequest(request, batch), null, null);
        }
        int p = ledger.partitionOf(request.getOrgId());
        if (record.partition() != p) {
            metrics.forwarded();
            return CompletableFuture.completedFuture(List.of(new ProducerRecord<>(topics.requests(), p, null,
                    request.getOrgId().getBytes(StandardCharsets.UTF_8), record.value(), record.headers())));
        }
        Optional<RequestLedger.Entry> known = ledger.find(p, request.getOrgId(), request.getRequestId());
        if (known.isPresent()) {
            return duplicate(record, request, known.get());
        }
        batch.marked(ledger.markTaken(p, request.getOrgId(), request.getRequestId()));
        return guard(record, sequencer.submit(request.getOrgId(), () -> processor.onRequest(request, batch)), request,
                null);
    }

    private CompletableFuture<List<ProducerRecord<byte[], byte[]>>> duplicate(ConsumerRecord<byte[], byte[]> record,
                                                                              OnboardingRequest request,
                                                                              RequestLedger.Entry known) {
        if (known.state() == LedgerState.IN_FLIGHT) {
            metrics.duplicate("in-flight");
            log.info("request {} of {} is already in flight; its one outcome will answer this copy too ({}-{}@{})",
                    SafeText.of(request.getRequestId()), SafeText.of(request.getOrgId()), record.topic(),
                    record.partition(), record.offset());
            return CompletableFuture.completedFuture(List.of());
        }
        metrics.duplicate("done");
        try {
            OnboardingOutcome replay = Codecs.OUTCOME.decode(known.outcome());
            replay.setReplay(true);
            return CompletableFuture.completedFuture(List.of(records.outcome(replay)));
        } catch (UndecodableRecordException e) {
            throw new IllegalStateException("the ledger holds an unreadable outcome for a request", e);
        }
    }

    /**
     * Turns a step's outputs into records, adding the ledger's record of it: DONE with the outcome when
     * one is published, IN_FLIGHT when {@code request} was just taken and goes on. A defect in a delayed
     * {@code check} still ends its request, with ERROR; a defect on a new request dead-letters it (it has
     * not started, so it can be replayed).
     */
    private CompletableFuture<List<ProducerRecord<byte[], byte[]>>> guard(ConsumerRecord<byte[], byte[]> record,
                                                                          CompletableFuture<List<Output>> work,
                                                                          OnboardingRequest request,
                                                                          StatusCheck check) {
        return work.handle((outputs, error) -> {
            if (error != null && check != null
                    && !(Futures.unwrap(error) instanceof LeaseLostException)) {
                log.error("a step of {}-{}@{} failed unexpectedly; ending its request with ERROR", record.topic(),
                        record.partition(), record.offset(), Futures.unwrap(error));
                outputs = processor.onDefect(check, Futures.unwrap(error));
                error = null;
            }
            if (error == null) {
                Instant now = clock.instant();
                List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.of(outputs, record, now));
                boolean published = false;
                for (Output output : outputs) {
                    if (output instanceof Output.Publish publish) {
                        out.add(ledger.done(publish.outcome(), now));
                        published = true;
                    }
                }
                if (!published && request != null && outputs.stream().noneMatch(o -> o instanceof Output.DeadLetter)) {
                    out.add(ledger.inFlight(request.getRequestId(), request.getOrgId(), now));
                }
                return out;
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof LeaseLostException lost) {
                throw lost;
            }
            // A defect, not a bad record: keep it (replayable) rather than loop on it or lose it.
            log.error("processing {}-{}@{} failed unexpectedly; dead-lettering it", record.topic(), record.partition(),
                    record.offset(), cause);
            metrics.deadLetter();
            return List.of(DeadLetters.of(topics.deadLetters(), record, cause, clock.instant()));
        });
    }

    int keysInFlight() {
        return sequencer.keysInFlight();
    }
}
