package io.cmkworker.bench;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.Step;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.topics.TopicSetup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The delayed status checks a worker wrote, read back from its delay-tier topics (read_committed): for each, the
 * organisation, the configuration, which check of the request it is, and when it was due. A step that hops
 * through several tiers is written once per hop with the same value, so it is counted once.
 */
final class DueSteps {

    /**
     * One delayed status check.
     *
     * @param checkNumber 1 for the request's first status check, 2 for its second...
     */
    record Due(String orgId, String configName, String requestId, int checkNumber, Instant dueAt) {
    }

    private DueSteps() {
    }

    /** Every STATUS step committed to {@code config}'s delay topics, each once. */
    static List<Due> read(WorkerConfig config, Duration timeout) {
        String delay = config.topics().delayPrefix() + ".";
        List<String> topics = TopicSetup.topicsOf(config).stream().filter(t -> t.startsWith(delay)).toList();
        Set<Due> dues = new LinkedHashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.reader(config))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic, timeout)) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the delay topics were not read back within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    StatusCheck check = decode(record);
                    if (check.getStep() == Step.STATUS) {
                        dues.add(new Due(check.getOrgId(), check.getConfigName(), check.getRequestId(),
                                check.getAttempt() + 1, check.getDueAt()));
                    }
                }
            }
        }
        return List.copyOf(dues);
    }

    private static StatusCheck decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Codecs.STATUS_CHECK.decode(record.value());
        } catch (UndecodableRecordException e) {
            throw new IllegalStateException("a delay topic holds a record that is not a StatusCheck at "
                    + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
        }
    }
}
