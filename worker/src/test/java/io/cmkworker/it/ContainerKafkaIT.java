package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.kafka.topics.OutcomeReader;
import io.cmkworker.kafka.topics.RequestPublisher;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The happy path against Kafka in a container, where a Docker engine exists; skipped cleanly where
 * none does (these build machines run the broker as a child process instead).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Test
    void onboardsAnOrganisationThroughAContainerisedBroker() {
        try (SandboxServer sandbox = SandboxServer.start(0, SandboxSettings.defaults(Map.of("c", "s"))
                .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC())) {
            WorkerConfig config = WorkerConfig.of("kafka.bootstrap.servers", KAFKA.getBootstrapServers(),
                    "worker.instance.id", "container-1", "topics.partitions", "1",
                    "onboarding.check.backoff", "1s", "platform.base.url", sandbox.baseUri().toString(),
                    "ims.url", sandbox.imsTokenUrl().toString(), "credentials.c.client.id", "c",
                    "credentials.c.client.secret", "s");
            OnboardingRequest request = Requests.valid("c").build();
            try (Worker worker = Worker.start(config); RequestPublisher publisher = new RequestPublisher(config)) {
                publisher.publish(request);
                publisher.flush();
                List<OnboardingOutcome> outcomes = new ArrayList<>();
                try (OutcomeReader reader = new OutcomeReader(config)) {
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                        outcomes.addAll(reader.poll(Duration.ofMillis(200)));
                        return !outcomes.isEmpty();
                    });
                }
                assertThat(outcomes).singleElement().extracting(OnboardingOutcome::getStatus)
                        .isEqualTo(OutcomeStatus.COMPLETED);
            }
        }
    }
}
