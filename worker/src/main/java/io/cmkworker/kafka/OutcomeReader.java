package io.cmkworker.kafka;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the outcomes topic from the beginning, read_committed, without a consumer group: what a
 * downstream system (or the demo) sees.
 */
public final class OutcomeReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    public OutcomeReader(WorkerConfig config) {
        this.consumer = new KafkaConsumer<>(KafkaClients.reader(config));
        List<TopicPartition> partitions = consumer.partitionsFor(config.topics().outcomes(), Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The outcomes that arrived within {@code timeout}. */
    public List<OnboardingOutcome> poll(Duration timeout) {
        List<OnboardingOutcome> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            try {
                out.add(Codecs.OUTCOME.decode(record.value()));
            } catch (UndecodableRecordException e) {
                throw new IllegalStateException("the outcomes topic holds a record that is not an OnboardingOutcome at "
                        + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
