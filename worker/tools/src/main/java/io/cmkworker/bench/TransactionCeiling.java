package io.cmkworker.bench;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.topics.TopicSetup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The broker's ceiling for the worker's kind of work, without the worker: a transactional consumer and
 * producer with the worker's own client settings ({@link KafkaClients}), in a group of their own, copy a
 * pre-filled topic to another, one transaction per poll (read_committed, {@code sendOffsetsToTransaction}
 * with the consumer's group metadata); timed from the first records polled, so the group join is not counted.
 * A status check is one record in and one out, so this bounds checks per second. It uses Kafka clients
 * directly on purpose: it measures the broker, not the worker's loop.
 */
final class TransactionCeiling {

    /** About the size of the worker's delayed-step and request records. */
    static final int VALUE_BYTES = 512;

    private TransactionCeiling() {
    }

    /**
     * Copies {@code records} records from {@code config}'s requests topic to its outcomes topic (both created
     * as the worker creates them); returns records/s.
     */
    static double measure(WorkerConfig config, int records, Duration timeout) throws Exception {
        TopicSetup.ensure(config);
        String in = config.topics().requests();
        String out = config.topics().outcomes();
        fill(config, in, records);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(config));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config))) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            long deadline = System.nanoTime() + timeout.toNanos();
            long first = 0;
            long copied = 0;
            while (copied < records) {
                if (System.nanoTime() > deadline) {
                    throw new Waits.BenchTimeoutException("copied only " + copied + " of " + records + " records in "
                            + timeout.toSeconds() + " s");
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(50));
                if (batch.isEmpty()) {
                    continue;
                }
                first = first == 0 ? System.nanoTime() : first;
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    producer.send(new ProducerRecord<>(out, record.key(), record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                copied += batch.count();
            }
            return copied / ((System.nanoTime() - first) / 1e9);
        }
    }

    private static void fill(WorkerConfig config, String topic, int records) throws Exception {
        byte[] value = new byte[VALUE_BYTES];
        ThreadLocalRandom.current().nextBytes(value);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.plainProducer(config))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, ("org-" + i).getBytes(StandardCharsets.UTF_8),
                        value)));
            }
            producer.flush();
            for (Future<RecordMetadata> s : sent) {
                s.get(); // a record that was not written would leave the copy waiting for it
            }
        }
    }
}
