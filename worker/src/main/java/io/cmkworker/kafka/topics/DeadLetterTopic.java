package io.cmkworker.kafka.topics;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.fault.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter topic as an operator sees it: reads a range of dead letters (read_committed, without a
 * consumer group, up to the end offsets at the start of the read) and replays dead-lettered requests
 * onto the requests topic with their original key, value and headers.
 */
public final class DeadLetterTopic {

    /** Header a replayed request carries: the dead letter it came from, {@code <dlq-topic>-<partition>@<offset>}. */
    public static final String REPLAYED_FROM = "cmk.replayed.from";

    private static final Duration POLL = Duration.ofMillis(200);

    private final WorkerConfig config;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param timeout how long a Kafka call, or a read that makes no progress, may take before it fails
     */
    public DeadLetterTopic(WorkerConfig config, Clock clock, Duration timeout) {
        this.config = config;
        this.clock = clock;
        this.timeout = timeout;
    }

    public DeadLetterTopic(WorkerConfig config) {
        this(config, Clock.systemUTC(), KafkaClients.answerTimeout(config));
    }

    /**
     * One dead letter as it sits in the topic: the original key, value and headers (in order, repeats kept)
     * plus the {@code cmk.dlq.*} ones. Key and value are the stored bytes, compared by identity.
     */
    public record DeadLetter(String topic, int partition, long offset, byte[] key, byte[] value, List<Header> headers) {
        public DeadLetter {
            headers = List.copyOf(headers);
        }

        /** The last value of a header as UTF-8 text. */
        public Optional<String> header(String name) {
            String found = null;
            for (Header header : headers) {
                if (header.key().equals(name) && header.value() != null) {
                    found = new String(header.value(), StandardCharsets.UTF_8);
                }
            }
            return Optional.ofNullable(found);
        }

        /** {@code <topic>-<partition>@<offset>} of the dead letter itself. */
        public String position() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /**
     * Which dead letters to read: one partition or all, offsets {@code from} to {@code to} inclusive, at
     * most {@code limit} of them, in partition then offset order.
     */
    public record Range(OptionalInt partition, long from, long to, int limit) {
        public Range {
            if (partition.isPresent() && partition.getAsInt() < 0) {
                throw new IllegalArgumentException("partition must be 0 or more, not " + partition.getAsInt());
            }
            if (from < 0) {
                throw new IllegalArgumentException("from must be an offset of 0 or more, not " + from);
            }
            if (to < from) {
                throw new IllegalArgumentException("to (" + to + ") must not be before from (" + from + ")");
            }
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, not " + limit);
            }
        }

        public static Range all() {
            return new Range(OptionalInt.empty(), 0, Long.MAX_VALUE, Integer.MAX_VALUE);
        }
    }

    /** The dead letters in {@code range} that were committed when the read began. */
    public List<DeadLetter> read(Range range) {
        String topic = config.topics().deadLetters();
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.reader(config))) {
            List<TopicPartition> partitions = partitions(consumer, topic, range.partition());
            // Assigned (and paused) before offsets are listed: read_committed end offsets of unassigned partitions
            // are fetched but logged as a warning.
            consumer.assign(partitions);
            consumer.pause(partitions);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            for (TopicPartition tp : partitions) {
                long start = Math.max(range.from(), beginnings.get(tp));
                long stop = range.to() == Long.MAX_VALUE ? ends.get(tp) : Math.min(range.to() + 1, ends.get(tp));
                if (out.size() < range.limit() && start < stop) {
                    readPartition(consumer, tp, start, stop, range.limit() - out.size(), out);
                }
            }
        }
        return out;
    }

    /** Why a dead letter must not go back to the requests topic, or empty when it may. */
    public Optional<String> whyNotReplayable(DeadLetter letter) {
        String requests = config.topics().requests();
        Optional<String> original = letter.header(DeadLetters.TOPIC);
        if (original.isEmpty()) {
            return Optional.of("it has no " + DeadLetters.TOPIC + " header, so where it came from is unknown");
        }
        if (!original.get().equals(requests)) {
            return Optional.of("it came from " + original.get() + ", not the requests topic " + requests
                    + ": an internal record of the worker, which is not replayed");
        }
        Optional<String> keyOmitted = letter.header(DeadLetters.KEY_OMITTED).map(size -> "its key (" + size
                + " bytes) was too large to keep in the dead letter, so it cannot be replayed as it was");
        return keyOmitted.or(() -> letter.header(DeadLetters.VALUE_OMITTED).map(size -> "its value (" + size
                + " bytes) was too large to keep in the dead letter, so there is nothing to replay"));
    }

    /**
     * Publishes each dead letter's original key, value and headers to the requests topic (idempotent
     * producer, flushed), without its {@code cmk.dlq.*} headers and with {@link #REPLAYED_FROM}.
     *
     * @return where each one was written, {@code <topic>-<partition>@<offset>}, in the order given
     */
    public List<String> replay(List<DeadLetter> letters) {
        for (DeadLetter letter : letters) {
            whyNotReplayable(letter).ifPresent(reason -> {
                throw new IllegalArgumentException("dead letter " + letter.position() + " cannot be replayed: "
                        + reason);
            });
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.plainProducer(config))) {
            for (DeadLetter letter : letters) {
                sent.add(producer.send(replayOf(letter)));
            }
            producer.flush();
            List<String> written = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                RecordMetadata metadata = future.get();
                written.add(metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset());
            }
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        }
    }

    private ProducerRecord<byte[], byte[]> replayOf(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            if (!header.key().startsWith(DeadLetters.PREFIX)) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM, letter.position().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(config.topics().requests(), null, null, letter.key(), letter.value(), headers);
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic, OptionalInt only) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new UnknownTopicOrPartitionException("the dead-letter topic " + topic + " does not exist (check "
                    + "topics.dlq and kafka.bootstrap.servers)");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        if (only.isEmpty()) {
            return partitions;
        }
        if (only.getAsInt() >= partitions.size()) {
            throw new IllegalArgumentException("partition " + only.getAsInt() + " does not exist: " + topic + " has "
                    + partitions.size() + " partitions (0-" + (partitions.size() - 1) + ")");
        }
        return List.of(new TopicPartition(topic, only.getAsInt()));
    }

    private void readPartition(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long start, long stop,
                               int limit, List<DeadLetter> out) {
        consumer.seek(tp, start);
        consumer.resume(List.of(tp));
        int wanted = out.size() + limit;
        long position = start;
        Instant progressedAt = clock.instant();
        // Positions, not record offsets, mark the end: transaction markers and aborted records have offsets too.
        while (position < stop && out.size() < wanted) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < stop && out.size() < wanted) {
                    out.add(new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                            record.value(), List.of(record.headers().toArray())));
                }
            }
            long now = consumer.position(tp, timeout);
            if (now > position) {
                position = now;
                progressedAt = clock.instant();
            } else if (clock.instant().isAfter(progressedAt.plus(timeout))) {
                throw new TimeoutException("reading " + tp + " made no progress at offset " + position + " for "
                        + timeout.toSeconds() + " s");
            }
        }
        consumer.pause(List.of(tp));
    }

}
