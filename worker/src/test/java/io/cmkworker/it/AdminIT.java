package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.app.Worker;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.sandbox.Faults;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin endpoints of a running worker: Prometheus metrics scraped mid-run, and health that flips. */
@ExtendWith(KafkaBroker.class)
class AdminIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheWorkersMetricsAndHealthWhileItWorks() throws Exception {
        try (Harness h = new Harness("admin", s -> s.withTimes(Duration.ofSeconds(3), Duration.ofSeconds(1)))) {
            h.createTopics();
            Worker worker = Worker.start(h.config("admin.port", "0", "admin.stuck.after", "2s"), Clock.systemUTC(),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            try {
                String admin = "http://127.0.0.1:" + worker.adminPort().orElseThrow();
                await().atMost(Duration.ofSeconds(30)).until(() -> get(admin + "/health/ready").statusCode() == 200);
                assertThat(get(admin + "/health/live").statusCode()).isEqualTo(200);

                List<OnboardingRequest> requests = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    requests.add(Requests.valid(Harness.CREDENTIAL).build());
                }
                h.publish(requests.toArray(OnboardingRequest[]::new));
                await().atMost(Duration.ofSeconds(60)).until(() -> h.sandbox().postCounts().size() == 20);
                // Scraped mid-run: onboardings in flight, checks pending, lag per partition, call latency, lateness,
                // breakers, and the JVM's and the Kafka clients' own meters.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(admin + "/metrics").body())
                        .contains("cmk_onboardings_in_flight{scope=\"instance\"}")
                        .containsPattern("cmk_checks_pending\\{tier=\"[^\"]+delay.1s\"}")
                        .containsPattern("cmk_consumer_lag_records\\{partition=\"\\d+\",role=\"requests\","
                                + "topic=\"[^\"]+requests\"}")
                        .containsPattern("cmk_consumer_lag_seconds\\{partition=\"\\d+\",role=\"delay\","
                                + "topic=\"[^\"]+delay.1s\"}")
                        .contains("jvm_memory_used_bytes{", "kafka_consumer_fetch_manager_records_consumed_total{",
                                "kafka_producer_record_send_total{")
                        .contains("cmk_platform_call_duration_seconds_bucket{operation=\"CREATE_CONFIG\"")
                        .contains("cmk_platform_call_duration_seconds_bucket{operation=\"IMS_TOKEN\"")
                        .contains("cmk_check_lateness_seconds_bucket")
                        .contains("cmk_queue_wait_seconds_bucket{queue=\"calls-new\"")
                        .containsPattern("cmk_breaker_state\\{guard=\"platform:127.0.0.1\"} 0.0")
                        .containsPattern("cmk_onboardings_in_flight\\{scope=\"instance\"} [1-9]"));
                h.awaitExactlyOneOutcomeEach(20, Duration.ofSeconds(60));
                assertThat(get(admin + "/metrics").body()).contains("cmk_outcomes_total{replay=\"false\",status=\"COMPLETED\"} 20.0");

                // A Platform that hangs: a record stays in work past admin.stuck.after, and liveness fails.
                h.sandbox().faults().set(new Faults.Plan(Map.of(), 0, Duration.ofSeconds(1), Duration.ofSeconds(4),
                        Duration.ZERO, Duration.ZERO, false));
                h.publish(Requests.valid(Harness.CREDENTIAL).build());
                await().atMost(Duration.ofSeconds(30)).until(() -> get(admin + "/health/live").statusCode() == 503);
                assertThat(get(admin + "/health/live").body()).contains("in work for");
                h.sandbox().faults().set(new Faults.Plan(Map.of(), 0, Duration.ofSeconds(1), Duration.ZERO,
                        Duration.ZERO, Duration.ZERO, false));
                await().atMost(Duration.ofSeconds(30)).until(() -> get(admin + "/health/live").statusCode() == 200);
            } finally {
                worker.close();
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
