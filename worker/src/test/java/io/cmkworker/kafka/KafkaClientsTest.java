package io.cmkworker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.config.ConfigException;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.kafka.group.SlotAssignor;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClientsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"svc\" password=\"p=w;d\";";

    private final WorkerConfig config = WorkerConfig.of(
            "kafka.bootstrap.servers", "broker:9093",
            "worker.group.id", "cmk",
            "worker.instance.id", "worker-3");

    @Test
    void consumerReadsCommittedWithoutAutoCommitWithTheCooperativeSlotAssignor() {
        Properties props = KafkaClients.consumer(config);

        assertThat(props.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("broker:9093");
        assertThat(props.getProperty(ConsumerConfig.GROUP_ID_CONFIG)).isEqualTo("cmk");
        assertThat(props.getProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
        assertThat(props.getProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)).isEqualTo("false");
        assertThat(props.getProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))
                .isEqualTo(SlotAssignor.class.getName());
        assertThat(props.getProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG)).isEqualTo("classic");
        assertThat(props.getProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG))
                .isEqualTo(ByteArrayDeserializer.class.getName());
        assertThat(props.getProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG))
                .isEqualTo(ByteArrayDeserializer.class.getName());
    }

    @Test
    void consumerUsesTheInstanceIdForStaticMembership() {
        Properties props = KafkaClients.consumer(config);

        assertThat(props.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("worker-3");
        assertThat(props.getProperty(ConsumerConfig.CLIENT_ID_CONFIG)).isEqualTo("cmk-worker-3");
    }

    @Test
    void producerIsTransactionalPerInstanceAndIdempotent() {
        Properties props = KafkaClients.producer(config);

        assertThat(props.getProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG)).isEqualTo("cmk-worker-3");
        assertThat(props.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
        assertThat(props.getProperty(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(props.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("broker:9093");
        assertThat(props.getProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG))
                .isEqualTo(ByteArraySerializer.class.getName());
        assertThat(props.getProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG))
                .isEqualTo(ByteArraySerializer.class.getName());
    }

    @Test
    void plainProducerIsIdempotentButNotTransactional() {
        Properties props = KafkaClients.plainProducer(config);

        assertThat(props.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
        assertThat(props.getProperty(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(props).doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "kafka.isolation.level",
        "kafka.enable.auto.commit",
        "kafka.group.id",
        "kafka.partition.assignment.strategy",
        "kafka.consumer.isolation.level",
        "kafka.consumer.enable.auto.commit",
        "kafka.producer.transactional.id",
        "kafka.producer.enable.idempotence",
        "kafka.producer.acks",
        "kafka.transactional.id",
    })
    void protectedKafkaSettingCannotBeOverridden(String key) {
        WorkerConfig overriding = WorkerConfig.of(key, "anything");

        assertThatThrownBy(() -> {
            KafkaClients.consumer(overriding);
            KafkaClients.producer(overriding);
        })
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot be set");
    }

    @Test
    void protectedKeyErrorNamesTheKey() {
        WorkerConfig overriding = WorkerConfig.of("kafka.isolation.level", "read_uncommitted");

        assertThatThrownBy(() -> KafkaClients.consumer(overriding))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.isolation.level");
    }

    @Test
    void producerTransactionalIdOverrideIsRejected() {
        WorkerConfig overriding = WorkerConfig.of("kafka.producer.transactional.id", "mine");

        assertThatThrownBy(() -> KafkaClients.producer(overriding))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transactional.id");
    }

    @Test
    void otherKafkaPropertiesPassThroughUntouched() {
        WorkerConfig secured = WorkerConfig.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", JAAS,
                "kafka.ssl.truststore.location", "/etc/kafka/truststore.jks");

        for (Properties props : new Properties[] {
            KafkaClients.consumer(secured), KafkaClients.producer(secured),
            KafkaClients.plainProducer(secured), KafkaClients.admin(secured)}) {
            assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
            assertThat(props.getProperty("sasl.mechanism")).isEqualTo("PLAIN");
            assertThat(props.getProperty("sasl.jaas.config")).isEqualTo(JAAS);
            assertThat(props.getProperty("ssl.truststore.location")).isEqualTo("/etc/kafka/truststore.jks");
        }
    }

    @Test
    void clientSpecificPropertiesApplyToThatClientOnly() {
        WorkerConfig tuned = WorkerConfig.of(
                "kafka.consumer.max.poll.records", "17",
                "kafka.producer.linger.ms", "42");

        Properties consumer = KafkaClients.consumer(tuned);
        Properties producer = KafkaClients.producer(tuned);

        assertThat(consumer.getProperty("max.poll.records")).isEqualTo("17");
        assertThat(consumer).doesNotContainKey("linger.ms");
        assertThat(producer.getProperty("linger.ms")).isEqualTo("42");
        assertThat(producer).doesNotContainKey("max.poll.records");
    }

    @Test
    void userSettingsReplaceTheWorkersSoftDefaults() {
        WorkerConfig tuned = WorkerConfig.of(
                "kafka.consumer.auto.offset.reset", "latest",
                "kafka.client.id", "my-client");

        Properties consumer = KafkaClients.consumer(tuned);

        assertThat(consumer.getProperty("auto.offset.reset")).isEqualTo("latest");
        assertThat(consumer.getProperty("client.id")).isEqualTo("my-client");
    }

    @Test
    void consumerHasSoftDefaultsWhenUnset() {
        Properties consumer = KafkaClients.consumer(config);

        assertThat(consumer.getProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)).isEqualTo("earliest");
        assertThat(consumer.getProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)).isEqualTo("200");
    }

    @Test
    void bootstrapServersComeFromTheirOwnKeyAndAreNotPassedTwice() {
        Properties admin = KafkaClients.admin(config);

        assertThat(admin.getProperty("bootstrap.servers")).isEqualTo("broker:9093");
        assertThat(config.kafka().common()).doesNotContainKey("bootstrap.servers");
    }

    @Test
    void commandsWaitForKafkaAsLongAsTheClientsDefaultApiTimeoutSays() {
        assertThat(KafkaClients.answerTimeout(config)).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(KafkaClients.answerTimeout(WorkerConfig.of("kafka.default.api.timeout.ms", "1500")))
                .isEqualTo(java.time.Duration.ofMillis(1500));
        assertThatThrownBy(() -> KafkaClients.answerTimeout(WorkerConfig.of("kafka.default.api.timeout.ms", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.default.api.timeout.ms=soon is invalid");
    }
}
