package io.cmkworker.kafka.topics;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.events.WireFormat;
import io.cmkworker.events.registry.WireFormats;
import io.cmkworker.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the outcomes topic read_committed, without a consumer group: what a downstream system (or the
 * demo, {@code submit --wait} and {@code outcomes}) sees. It starts at the beginning, at the end, or at the
 * first outcome written at or after a time, in every partition; {@link #caughtUp()} says when everything
 * committed at the moment it was opened has been read. It reads either wire format: Avro single-object encoding, and
 * with {@code schemas.registry.url} the Schema Registry wire format too.
 */
public final class OutcomeReader implements AutoCloseable {

    private final Duration timeout;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> endAtOpen;
    private final WireFormat wire;

    /** From the beginning of the topic. */
    public OutcomeReader(WorkerConfig config) {
        this(config, null, false);
    }

    private OutcomeReader(WorkerConfig config, Instant since, boolean fromEnd) {
        this.timeout = KafkaClients.answerTimeout(config);
        this.wire = WireFormats.forReading(config);
        this.consumer = new KafkaConsumer<>(KafkaClients.reader(config));
        try {
            String topic = config.topics().outcomes();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("the outcomes topic " + topic + " does not exist (check topics.outcomes"
                        + " and kafka.bootstrap.servers; the worker creates it when it starts)");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            // read_committed: the end offsets are the last stable offsets, so "caught up" means every committed outcome.
            this.endAtOpen = Map.copyOf(consumer.endOffsets(partitions, timeout));
            if (fromEnd) {
                endAtOpen.forEach(consumer::seek);
            } else if (since != null) {
                Map<TopicPartition, Long> times = new HashMap<>();
                partitions.forEach(tp -> times.put(tp, since.toEpochMilli()));
                consumer.offsetsForTimes(times, timeout).forEach((tp, found) ->
                        consumer.seek(tp, found == null ? endAtOpen.get(tp) : found.offset()));
            } else {
                consumer.seekToBeginning(partitions);
            }
            // Resolve every position now, so an outcome written after this constructor returns is never skipped.
            partitions.forEach(tp -> consumer.position(tp, timeout));
        } catch (RuntimeException e) {
            consumer.close();
            wire.close();
            throw e;
        }
    }

    /**
     * From the end of the topic as it is now: only outcomes committed after this returns. Open it before
     * publishing the requests whose outcomes you wait for.
     */
    public static OutcomeReader fromEnd(WorkerConfig config) {
        return new OutcomeReader(config, null, true);
    }

    /**
     * From the first outcome whose record was written at or after {@code since} (an outcome is written after
     * it finished, so none that finished later is skipped).
     */
    public static OutcomeReader since(WorkerConfig config, Instant since) {
        return new OutcomeReader(config, since, false);
    }

    /** The outcomes that arrived within {@code timeout}. */
    public List<OnboardingOutcome> poll(Duration timeout) {
        List<OnboardingOutcome> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            try {
                out.add(wire.readOutcome(record.value()));
            } catch (UndecodableRecordException e) {
                throw new IllegalStateException("the outcomes topic holds a record that is not an OnboardingOutcome at "
                        + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
            }
        }
        return out;
    }

    /** Whether every outcome committed when this reader was opened has been read (from where it started). */
    public boolean caughtUp() {
        return endAtOpen.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
    }

    @Override
    public void close() {
        consumer.close();
        wire.close();
    }
}
