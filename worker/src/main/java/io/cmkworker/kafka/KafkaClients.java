package io.cmkworker.kafka;

import io.cmkworker.config.ConfigException;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.kafka.group.SlotAssignor;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The properties of the worker's Kafka clients: the user's pass-through settings first, then the
 * settings exactly-once depends on, which cannot be overridden.
 */
public final class KafkaClients {

    /** Settings the worker owns; setting one of them in the configuration is an error. */
    static final Set<String> PROTECTED = Set.of(
            ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            ProducerConfig.PARTITIONER_CLASS_CONFIG,
            ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    /** How long one call to Kafka waits for an answer unless {@code default.api.timeout.ms} says otherwise. */
    static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private KafkaClients() {
    }

    /**
     * How long the commands, and the worker as it starts, wait for Kafka's answer to one call (listing topics or
     * partitions, reading offsets) before they give up: the Kafka client property
     * {@code default.api.timeout.ms} when it is set ({@code kafka.default.api.timeout.ms} in the configuration,
     * {@code CMK_KAFKA_DEFAULT_API_TIMEOUT_MS}, or in a {@code --command-config} file), otherwise 30 s.
     */
    public static Duration answerTimeout(WorkerConfig config) {
        String text = config.kafka().common().get(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        if (text == null) {
            return DEFAULT_ANSWER_TIMEOUT;
        }
        try {
            long ms = Long.parseLong(text.trim());
            if (ms >= 1) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("kafka." + CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG + "=" + text
                + " is invalid: must be a whole number of milliseconds, 1 or more");
    }

    /**
     * The poll loop's consumer: read_committed, no auto-commit (offsets go in the producer's
     * transactions), the classic group protocol with the cooperative {@link SlotAssignor}, which gives one
     * instance the same partition number of every worker topic (so all steps of one organisation run in
     * one instance) and moves only the slots that must move when a member joins or leaves.
     */
    public static Properties consumer(WorkerConfig config) {
        Properties props = base(config, config.kafka().consumer());
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        // Members learn of a rebalance at their next heartbeat: a short interval shortens every rebalance.
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        // What is fetched and not yet taken stays in memory, also for partitions the loop pauses (a backlog of
        // requests, delayed steps not yet due): bounded small, so pending work stays in Kafka, not in the heap.
        // 256 KiB is some 500 of this worker's records per partition, more than a poll takes (200).
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "262144");
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "4194304");
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, config.groupId() + "-" + config.instanceId());
        // Static membership: a restarted instance takes its partitions back at once, without a rebalance.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, SlotAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * The transactional producer: its {@code transactional.id} is stable per instance, so a restarted
     * instance fences its old self and aborts what it left open.
     */
    public static Properties producer(WorkerConfig config) {
        Properties props = base(config, config.kafka().producer());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        // A transaction lasts milliseconds; one a crashed instance left open blocks read_committed readers of its
        // partitions until the coordinator aborts it, so keep this short.
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
        // Transaction end markers are awaited with this backoff; the default (100 ms) adds latency per commit.
        props.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, config.groupId() + "-" + config.instanceId() + "-tx");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + "-" + config.instanceId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** A plain (non-transactional) producer, for tools that publish requests or replay dead letters. */
    public static Properties plainProducer(WorkerConfig config) {
        Properties props = base(config, config.kafka().producer());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * A consumer without a group (assign and seek), read_committed, that never creates a topic: for
     * reading a topic back (the ledger, outcomes, dead letters) without moving anyone's offsets.
     */
    public static Properties reader(WorkerConfig config) {
        Properties props = base(config, config.kafka().consumer());
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // Reading back ends at a known offset; a fetch that finds only a transaction marker must not wait 500 ms.
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    public static Properties admin(WorkerConfig config) {
        return base(config, Map.of());
    }

    private static Properties base(WorkerConfig config, Map<String, String> specific) {
        Properties props = new Properties();
        for (Map<String, String> source : java.util.List.of(config.kafka().common(), specific)) {
            source.forEach((key, value) -> {
                if (PROTECTED.contains(key)) {
                    throw new ConfigException("kafka." + key + " cannot be set (in the configuration, a CMK_KAFKA_*"
                            + " variable or --command-config): the worker sets it for exactly-once processing");
                }
                props.put(key, value);
            });
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return props;
    }
}
