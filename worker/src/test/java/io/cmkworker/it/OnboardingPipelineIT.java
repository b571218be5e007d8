package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.app.Worker;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.kafka.fault.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pipeline end to end on a real broker and the sandbox over HTTP, with the worker in this JVM. */
@ExtendWith(KafkaBroker.class)
class OnboardingPipelineIT {

    @Test
    void completesEveryRequestWithExactlyOneOutcomeAndOnePost() {
        try (Harness h = new Harness("happy")) {
            h.startWorker();
            List<OnboardingRequest> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(Requests.valid(Harness.CREDENTIAL).build());
            }
            h.publish(requests.toArray(OnboardingRequest[]::new));

            Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(10, Duration.ofSeconds(60));

            for (OnboardingRequest request : requests) {
                OnboardingOutcome outcome = outcomes.get(request.getRequestId());
                assertThat(outcome.getStatus()).as(outcome.getReason()).isEqualTo(OutcomeStatus.COMPLETED);
                assertThat(outcome.getOrgId()).isEqualTo(request.getOrgId());
                assertThat(outcome.getConfigName()).isEqualTo(request.getConfigName());
                assertThat(outcome.getPlatform().getConfigId()).isNotBlank();
                assertThat(outcome.getPlatform().getKeyVaultUri()).startsWith("https://testvault");
                assertThat(outcome.getPlatform().getSubscriptionId()).isNotBlank();
                assertThat(outcome.getMetadata()).containsEntry("test", "yes");
                assertThat(outcome.getFinishedAt()).isAfter(outcome.getStartedAt());
                // lookup, POST, then checks 1 s apart against a job that completes 2 s after the POST:
                // more calls than 4 would mean a check ran before it was due.
                assertThat(outcome.getAttempts()).isBetween(3, 4);
                assertThat(h.sandbox().postCount(request.getOrgId(), request.getConfigName())).isEqualTo(1);
            }
        }
    }

    @Test
    void reportsFailedWhenThePlatformFailsTheJob() {
        try (Harness h = new Harness("failed")) {
            h.startWorker();
            OnboardingRequest failing = Requests.failing(Harness.CREDENTIAL).build();
            OnboardingRequest fine = Requests.valid(Harness.CREDENTIAL).build();
            h.publish(failing, fine);

            Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(2, Duration.ofSeconds(60));

            OnboardingOutcome failed = outcomes.get(failing.getRequestId());
            assertThat(failed.getStatus()).isEqualTo(OutcomeStatus.FAILED);
            assertThat(failed.getReason()).contains("FAILED").contains("Key Vault Crypto Service Encryption User");
            assertThat(failed.getPlatform().getJobStatus()).isEqualTo("FAILED");
            assertThat(outcomes.get(fine.getRequestId()).getStatus()).isEqualTo(OutcomeStatus.COMPLETED);
        }
    }

    @Test
    void endsTimedOutWhenTheDeadlinePassesBeforeTheJobEnds() {
        try (Harness h = new Harness("deadline", s -> s.withTimes(Duration.ofMinutes(10), Duration.ofMinutes(10)))) {
            h.startWorker();
            OnboardingRequest request = Requests.valid(Harness.CREDENTIAL)
                    .setDeadline(Instant.now().plusSeconds(4)).build();
            h.publish(request);

            OnboardingOutcome outcome = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60))
                    .get(request.getRequestId());

            assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.TIMED_OUT);
            assertThat(outcome.getReason()).contains("deadline").contains("RUNNING");
            assertThat(outcome.getFinishedAt()).isAfterOrEqualTo(request.getDeadline());
            assertThat(h.sandbox().postCount(request.getOrgId(), request.getConfigName())).isEqualTo(1);
        }
    }

    @Test
    void rejectsAnInvalidRequestWithoutCallingThePlatform() {
        try (Harness h = new Harness("reject")) {
            h.startWorker();
            OnboardingRequest bad = Requests.valid(Harness.CREDENTIAL).setRegion("MARS1").setCredentialRef("nobody")
                    .build();
            h.publish(bad);

            OnboardingOutcome outcome = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(30)).get(bad.getRequestId());

            assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.REJECTED);
            assertThat(outcome.getViolations()).extracting(v -> v.getField()).containsExactly("region", "credentialRef");
            assertThat(h.sandbox().totalCalls()).isZero();
        }
    }

    @Test
    void deadLettersARecordThatIsNotAnEventAndKeepsGoing() {
        try (Harness h = new Harness("poison")) {
            h.startWorker();
            h.publishRaw(h.names().requests(), "some-org".getBytes(StandardCharsets.UTF_8),
                    "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8));
            OnboardingRequest after = Requests.valid(Harness.CREDENTIAL).build();
            h.publish(after);

            assertThat(h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60)).get(after.getRequestId()).getStatus())
                    .isEqualTo(OutcomeStatus.COMPLETED);
            List<ConsumerRecord<byte[], byte[]>> dead = readAll(h, h.names().dlq(), 1);
            assertThat(dead).hasSize(1);
            Map<String, String> headers = new HashMap<>();
            for (Header header : dead.get(0).headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            assertThat(headers).containsEntry(DeadLetters.TOPIC, h.names().requests())
                    .containsKeys(DeadLetters.PARTITION, DeadLetters.OFFSET, DeadLetters.TIMESTAMP,
                            DeadLetters.EXCEPTION_CLASS, DeadLetters.EXCEPTION_MESSAGE);
            assertThat(headers.get(DeadLetters.EXCEPTION_MESSAGE)).contains("C3 01");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\":\"avro\"}");
        }
    }

    @Test
    void resumesPendingChecksAfterTheWorkerRestarts() {
        try (Harness h = new Harness("restart", s -> s.withTimes(Duration.ofSeconds(4), Duration.ofSeconds(1)))) {
            Worker first = h.startWorker();
            List<OnboardingRequest> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                requests.add(Requests.valid(Harness.CREDENTIAL).build());
            }
            h.publish(requests.toArray(OnboardingRequest[]::new));
            await().atMost(Duration.ofSeconds(30)).until(() -> h.sandbox().postCounts().size() == 5);
            first.close();
            assertThat(h.outcomes()).isEmpty();

            h.startWorker();
            Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(5, Duration.ofSeconds(60));

            assertThat(outcomes.values()).extracting(OnboardingOutcome::getStatus).containsOnly(OutcomeStatus.COMPLETED);
            assertThat(h.sandbox().postCounts().values()).containsOnly(1);
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(Harness h, String topic, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= atLeast;
            });
        }
        return out;
    }
}
