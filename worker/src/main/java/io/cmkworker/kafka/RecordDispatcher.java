package io.cmkworker.kafka;

import io.cmkworker.config.TopicNames;
import io.cmkworker.domain.SafeText;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.pipeline.Lease;
import io.cmkworker.pipeline.LeaseLostException;
import io.cmkworker.pipeline.OnboardingProcessor;
import io.cmkworker.pipeline.Output;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
public final class RecordDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RecordDispatcher.class);

    private final TopicNames topics;
    private final DelayTiers tiers;
    private final OnboardingProcessor processor;
    private final OutputRecords records;
    private final KeyedSequencer sequencer = new KeyedSequencer();
    private final Clock clock;
    private final WorkerMetrics metrics;

    public RecordDispatcher(TopicNames topics, DelayTiers tiers, OnboardingProcessor processor, OutputRecords records,
                     Clock clock, WorkerMetrics metrics) {
        this.topics = topics;
        this.tiers = tiers;
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
                                                                     Lease lease) {
        Instant now = clock.instant();
        try {
            if (record.topic().equals(topics.requests())) {
                OnboardingRequest request = Codecs.REQUEST.decode(record.value());
                return guard(record, sequencer.submit(request.getOrgId(), () -> processor.onRequest(request, lease)));
            }
            StatusCheck check = Codecs.STATUS_CHECK.decode(record.value());
            Instant release = releaseOf(record).orElseThrow();
            if (check.getDueAt().isAfter(release)) {
                metrics.hop();
                return CompletableFuture.completedFuture(List.of(records.hop(record, release, check.getDueAt())));
            }
            metrics.lateness(Duration.between(check.getDueAt(), now));
            return guard(record, sequencer.submit(check.getOrgId(), () -> processor.onCheck(check, lease)));
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

    private CompletableFuture<List<ProducerRecord<byte[], byte[]>>> guard(ConsumerRecord<byte[], byte[]> record,
                                                                          CompletableFuture<List<Output>> work) {
        return work.handle((outputs, error) -> {
            if (error == null) {
                return records.of(outputs, clock.instant());
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
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
