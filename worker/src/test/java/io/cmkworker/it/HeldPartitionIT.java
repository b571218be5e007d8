package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.app.Worker;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.group.Slots;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A partition committed with a done set of a version this worker does not read (as a newer worker would leave it):
 * on a real broker, the worker holds that partition, says so on /health/ready and in its meters, and every other
 * partition goes on.
 */
@ExtendWith(KafkaBroker.class)
class HeldPartitionIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDoneSetOfAnUnknownVersionHoldsItsPartitionAndTheOthersGoOn() throws Exception {
        try (Harness h = new Harness("held", s -> s.withTimes(Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
            h.createTopics();
            TopicPartition held = new TopicPartition(h.names().delayPrefix() + ".1s", 0);
            try (Admin admin = Admin.create(KafkaClients.admin(h.config()))) {
                admin.alterConsumerGroupOffsets(h.names().group(), Map.of(held, new OffsetAndMetadata(0, "cmk9:AAEC")))
                        .all().get(30, TimeUnit.SECONDS);
            }
            Worker worker = Worker.start(h.config("admin.port", "0"), Clock.systemUTC(),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            try {
                String adminUrl = "http://127.0.0.1:" + worker.adminPort().orElseThrow();
                List<OnboardingRequest> requests = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    requests.add(Requests.valid(Harness.CREDENTIAL).build());
                }
                h.publish(requests.toArray(OnboardingRequest[]::new));
                int partitions = Integer.parseInt(h.configValues().get("topics.partitions"));
                Set<String> elsewhere = requests.stream().filter(r -> Slots.of(r.getOrgId(), partitions) != 0)
                        .map(OnboardingRequest::getRequestId).collect(Collectors.toSet());
                Set<String> inSlot0 = requests.stream().filter(r -> Slots.of(r.getOrgId(), partitions) == 0)
                        .map(OnboardingRequest::getRequestId).collect(Collectors.toSet());
                assertThat(elsewhere).isNotEmpty();
                assertThat(inSlot0).isNotEmpty();

                await().atMost(Duration.ofSeconds(60)).until(() -> h.outcomes().stream()
                        .map(OnboardingOutcome::getRequestId).collect(Collectors.toSet()).containsAll(elsewhere));
                HttpResponse<String> ready = get(adminUrl + "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("holding " + held).contains("done-set version 9");
                assertThat(get(adminUrl + "/metrics").body())
                        .contains("cmk_partitions_held{reason=\"unknown-done-set-version\"} 1.0");
                assertThat(h.outcomes()).extracting(OnboardingOutcome::getRequestId)
                        .as("the requests of the held slot wait: their status checks are in the held partition")
                        .doesNotContainAnyElementsOf(inSlot0);
            } finally {
                worker.close();
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
