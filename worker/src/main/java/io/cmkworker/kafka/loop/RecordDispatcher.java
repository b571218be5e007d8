package io.cmkworker.kafka.loop;

import io.cmkworker.config.TopicNames;
import io.cmkworker.domain.SafeText;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.LedgerState;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.kafka.delay.DelayTiers;
import io.cmkworker.kafka.delay.OutputRecords;
import io.cmkworker.kafka.fault.DeadLetters;
import io.cmkworker.kafka.group.SlotOwnership;
import io.cmkworker.kafka.ledger.RequestLedger;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.pipeline.LeaseLostException;
import io.cmkworker.pipeline.Output;
import io.cmkworker.pipeline.RequestLog;
import io.cmkworker.pipeline.Steps;
import io.cmkworker.platform.Futures;
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
 * that cannot be decoded becomes a dead letter. The future it returns never fails, except with
 * {@link LeaseLostException} when the record's slot was taken away (or the instance was not live) before
 * its work could go on. Requests are read in the worker's wire format ({@link OutputRecords#wire()}: single-object
 * encoding, or either encoding with a schema registry); delayed steps and the ledger are always single-object.
 *
 * <p>A record is answered from the request ledger first, whatever the committed offsets say (they may have been
 * reset, or committed without their done sets): a step, retry or hop of a request the ledger holds as done does
 * nothing, and neither does the very record a request was taken from (the ledger keeps its offset); a new record
 * with a known request ID is a duplicate, and a finished one gets its outcome again as a replay. Two steps of one
 * request (its partitions read again from an earlier offset) can both be running; the first outcome wins, and
 * the other's result is dropped when it comes in ({@link #answered}).
 */
public final class RecordDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RecordDispatcher.class);

    /** What a record's work produced: the records to publish, and whether they answer its request (an outcome). */
    public record Result(List<ProducerRecord<byte[], byte[]>> records, boolean answers) {
    }

    /**
     * A dispatched record: its result to come; the request it took (to release once committed), if any; and the
     * request whose step it runs ({@link RequestLedger#idOf}), if any, whose result is dropped should another step
     * answer that request first.
     */
    public record Dispatched(CompletableFuture<Result> result, String taken, String request) {
    }

    private final TopicNames topics;
    private final DelayTiers tiers;
    private final RequestLedger ledger;
    private final Steps processor;
    private final OutputRecords records;
    private final KeyedSequencer sequencer;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final Codecs codecs;

    public RecordDispatcher(TopicNames topics, DelayTiers tiers, RequestLedger ledger, Steps processor,
                            OutputRecords records, Codecs codecs, Clock clock, WorkerMetrics metrics) {
        this.codecs = codecs;
        this.topics = topics;
        this.tiers = tiers;
        this.ledger = ledger;
        this.processor = processor;
        this.records = records;
        this.clock = clock;
        this.metrics = metrics;
        this.sequencer = new KeyedSequencer(nanos -> metrics.waited("organisation", Duration.ofNanos(nanos)));
    }

    /** When a record of a delay topic may be taken; empty for records of other topics. */
    public Optional<Instant> releaseOf(ConsumerRecord<byte[], byte[]> record) {
        return tiers.tierOf(record.topic()).map(tier -> Instant.ofEpochMilli(record.timestamp()).plus(tier));
    }

    public Dispatched dispatch(ConsumerRecord<byte[], byte[]> record, SlotOwnership owner) {
        Instant now = clock.instant();
        try {
            if (record.topic().equals(topics.requests())) {
                return request(record, records.wire().readRequest(record.value()), owner);
            }
            StatusCheck check = codecs.statusCheck().decode(record.value());
            String key = RequestLedger.idOf(check.getOrgId(), check.getRequestId());
            if (answered(key, owner)) {
                metrics.reread("step");
                log.debug("{}-{}@{}: a step of request {} of {}, which is answered; nothing to do", record.topic(),
                        record.partition(), record.offset(), check.getRequestId(), check.getOrgId());
                return done(List.of());
            }
            Instant release = releaseOf(record).orElseThrow();
            if (check.getDueAt().isAfter(release)) {
                metrics.hop();
                return done(List.of(records.hop(record, release, check.getDueAt())));
            }
            metrics.waited("kafka", Duration.between(check.getDueAt(), now));
            return new Dispatched(guard(record, sequencer.submit(check.getOrgId(),
                    () -> processor.onCheck(check, owner)), null, check), null, key);
        } catch (UndecodableRecordException e) {
            log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    SafeText.of(e.getMessage(), 300));
            metrics.deadLetter();
            return done(List.of(DeadLetters.of(topics.deadLetters(), record, e, now, records.wire())));
        } catch (RuntimeException e) {
            log.error("dispatching {}-{}@{} failed unexpectedly; dead-lettering it", record.topic(),
                    record.partition(), record.offset(), e);
            metrics.deadLetter();
            return done(List.of(DeadLetters.of(topics.deadLetters(), record, e, now, records.wire())));
        }
    }

    /**
     * A new request: moved to its organisation's partition if it was keyed otherwise; answered from the
     * ledger if its request ID was seen before (a replay of the outcome, or nothing while it is in flight);
     * else taken in this slot's hold and processed.
     */
    private Dispatched request(ConsumerRecord<byte[], byte[]> record, OnboardingRequest request, SlotOwnership owner) {
        if (!processor.answerable(request)) {
            return new Dispatched(guard(record, processor.onRequest(request, owner), null, null), null, null);
        }
        int slot = ledger.slotOf(request.getOrgId());
        if (record.partition() != slot) {
            metrics.forwarded();
            return done(List.of(new ProducerRecord<>(topics.requests(), slot, null,
                    request.getOrgId().getBytes(StandardCharsets.UTF_8), record.value(), record.headers())));
        }
        String key = RequestLedger.idOf(request.getOrgId(), request.getRequestId());
        Optional<RequestLedger.Entry> known = ledger.find(slot, key);
        if (known.isPresent() && known.get().takenAt(record.offset())) {
            metrics.reread("request");
            RequestLog.info(request.getRequestId(), request.getOrgId(), "read again ({}-{}@{}, where it was taken);"
                    + " nothing to do", record.topic(), record.partition(), record.offset());
            return done(List.of());
        }
        if (known.isPresent()) {
            return duplicate(record, request, known.get());
        }
        if (owner.isTaken(key)) {
            // Its first copy runs in this very hold, at an earlier offset: if that copy is lost, it is read
            // again (its offset is not committed), and its one outcome answers this copy too.
            return inFlightDuplicate(record, request);
        }
        owner.take(key);
        return new Dispatched(guard(record, sequencer.submit(request.getOrgId(),
                () -> processor.onRequest(request, owner)), request, null), key, key);
    }

    /**
     * True if the request of this key is answered: the committed ledger holds it as done, or one of its steps
     * produced an outcome in this hold that is not committed yet. Poll thread only.
     */
    boolean answered(String key, SlotOwnership owner) {
        return owner.isAnswered(key) || ledger.isDone(owner.slot(), key);
    }

    /** A step's result was dropped: another step of its request had answered it first. */
    void superseded(ConsumerRecord<byte[], byte[]> record, String key) {
        metrics.superseded();
        log.info("{}-{}@{}: request {} was answered by another of its steps first; this step's result is dropped",
                record.topic(), record.partition(), record.offset(), key);
    }

    private Dispatched duplicate(ConsumerRecord<byte[], byte[]> record, OnboardingRequest request,
                                 RequestLedger.Entry known) {
        if (known.state() == LedgerState.IN_FLIGHT) {
            return inFlightDuplicate(record, request);
        }
        metrics.duplicate("done");
        RequestLog.info(request.getRequestId(), request.getOrgId(), "already answered; its outcome is sent again"
                + " as a replay ({}-{}@{})", record.topic(), record.partition(), record.offset());
        try {
            OnboardingOutcome replay = codecs.outcome().decode(known.outcome());
            replay.setReplay(true);
            return done(List.of(records.outcome(replay)));
        } catch (UndecodableRecordException e) {
            throw new IllegalStateException("the ledger holds an unreadable outcome for a request", e);
        }
    }

    private Dispatched inFlightDuplicate(ConsumerRecord<byte[], byte[]> record, OnboardingRequest request) {
        metrics.duplicate("in-flight");
        RequestLog.info(request.getRequestId(), request.getOrgId(), "already in flight; its one outcome will answer"
                + " this copy too ({}-{}@{})", record.topic(), record.partition(), record.offset());
        return done(List.of());
    }

    private static Dispatched done(List<ProducerRecord<byte[], byte[]>> outputs) {
        return new Dispatched(CompletableFuture.completedFuture(new Result(outputs, false)), null, null);
    }

    /**
     * Turns a step's outputs into records, adding the ledger's record of it: DONE with the outcome when
     * one is published, IN_FLIGHT when {@code request} was just taken and goes on. Both, and every step scheduled,
     * carry the offset the request was taken at. A defect in a delayed {@code check} still ends its request, with
     * ERROR; a defect on a new request dead-letters it (it has not started, so it can be replayed).
     */
    private CompletableFuture<Result> guard(ConsumerRecord<byte[], byte[]> record, CompletableFuture<List<Output>> work,
                                            OnboardingRequest request, StatusCheck check) {
        Long requestOffset = request != null ? Long.valueOf(record.offset()) : check != null ? check.getRequestOffset() : null;
        return work.handle((outputs, error) -> {
            Throwable cause = error == null ? null : Futures.unwrap(error);
            if (cause instanceof LeaseLostException lost) {
                throw lost;
            }
            if (cause != null && check != null) {
                log.error("a step of {}-{}@{} failed unexpectedly; ending its request with ERROR", record.topic(),
                        record.partition(), record.offset(), cause);
                outputs = processor.onDefect(check, cause);
                cause = null;
            }
            if (cause == null) {
                Instant now = clock.instant();
                for (Output output : outputs) {
                    if (output instanceof Output.Schedule schedule && schedule.check().getRequestOffset() == null) {
                        schedule.check().setRequestOffset(requestOffset);
                    }
                }
                List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.of(outputs, record, now));
                boolean published = false;
                for (Output output : outputs) {
                    if (output instanceof Output.Publish publish) {
                        out.add(ledger.done(publish.outcome(), now, requestOffset));
                        published = true;
                    }
                }
                if (!published && request != null && outputs.stream().noneMatch(o -> o instanceof Output.DeadLetter)) {
                    out.add(ledger.inFlight(request.getRequestId(), request.getOrgId(), now, requestOffset));
                }
                return new Result(out, published);
            }
            // A defect, not a bad record: keep it (replayable) rather than loop on it or lose it.
            log.error("processing {}-{}@{} failed unexpectedly; dead-lettering it", record.topic(), record.partition(),
                    record.offset(), cause);
            metrics.deadLetter();
            return new Result(List.of(DeadLetters.of(topics.deadLetters(), record, cause, clock.instant(),
                    records.wire())), false);
        });
    }

    public int keysInFlight() {
        return sequencer.keysInFlight();
    }
}
