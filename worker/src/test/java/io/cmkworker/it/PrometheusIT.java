package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.app.Worker;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.monitoring.Dashboard;
import io.cmkworker.monitoring.MonitoringFiles;
import io.cmkworker.monitoring.PrometheusBinaries;
import io.cmkworker.monitoring.PrometheusServer;
import io.cmkworker.monitoring.Promtool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring as an operator runs it: a real Prometheus (Debian's binary, a child process) with the project's rule
 * files scrapes a running worker every second while the sandbox fails the Platform long enough to open the worker's
 * breaker. The breaker alert becomes pending (its {@code for} is minutes) and clears once the Platform recovers; then
 * every query of the Grafana dashboard returns data from that Prometheus, so a panel whose metric was renamed fails
 * the build; every rule evaluates without error, and {@code promtool check metrics} finds nothing to say about the
 * worker's scrape.
 */
@ExtendWith(KafkaBroker.class)
class PrometheusIT {

    private static final String JOB = "cmk-worker";
    private static final String BREAKER_ALERT = "CmkWorkerBreakerOpen";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theBreakerAlertFiresWhileThePlatformFailsAndClearsAfterAndEveryDashboardQueryReturnsData(@TempDir Path dir)
            throws Exception {
        PrometheusBinaries binaries = PrometheusBinaries.require();
        try (Harness h = new Harness("prometheus")) {
            h.createTopics();
            Worker worker = Worker.start(h.config("admin.port", "0", "platform.breaker.window", "4",
                            "platform.breaker.open.duration", "1s", "platform.breaker.trial.calls", "2"),
                    Clock.systemUTC(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            String metrics = "127.0.0.1:" + worker.adminPort().orElseThrow();
            try (PrometheusServer prometheus = PrometheusServer.start(binaries, dir, JOB, metrics,
                    MonitoringFiles.ruleFiles())) {
                h.publish(requests(5));
                h.awaitExactlyOneOutcomeEach(5, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> !prometheus.query(
                        "cmk_outcomes_total{job=\"" + JOB + "\",status=\"COMPLETED\"} > 0").isEmpty());

                // The Platform answers 503 to everything: the host's breaker opens, and the alert goes pending.
                h.sandbox().faults().outage(Duration.ofMinutes(5));
                h.publish(requests(5));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(prometheus.alertState(BREAKER_ALERT)).as(prometheus.alerts().toString())
                                .isIn("pending", "firing"));

                // It recovers: trial calls succeed, the breaker closes, the alert clears, and the requests end.
                h.sandbox().faults().outage(Duration.ZERO);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(prometheus.alertState(BREAKER_ALERT)).isEqualTo("inactive"));
                h.awaitExactlyOneOutcomeEach(10, Duration.ofSeconds(60));

                // The GC panels need a collection to have happened in the worker's JVM (this one): make sure of one,
                // and let Prometheus scrape after it.
                System.gc();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                        !prometheus.query("jvm_gc_pause_seconds_count{job=\"" + JOB + "\"} > 0").isEmpty());
                List<String> empty = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    empty.clear();
                    for (Dashboard.Query q : Dashboard.queries(MonitoringFiles.dashboard(),
                            Dashboard.variables(JOB, "10m"))) {
                        if (prometheus.query(q.expr()).isEmpty()) {
                            empty.add(q.origin() + ": " + q.expr());
                        }
                    }
                    assertThat(empty).as("dashboard queries that return no data").isEmpty();
                });

                String scrape = http.send(HttpRequest.newBuilder(URI.create("http://" + metrics + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Promtool.Result lint = new Promtool(binaries).run(dir, scrape, "check", "metrics");
                assertThat(lint.output()).as("promtool check metrics on the worker's scrape").isEmpty();
                assertThat(prometheus.failingTargets()).as("scrapes that failed").isEmpty();
                assertThat(prometheus.failingRules()).as("rules whose evaluation failed").isEmpty();
            } finally {
                worker.close();
            }
        }
    }

    private static OnboardingRequest[] requests(int n) {
        OnboardingRequest[] out = new OnboardingRequest[n];
        for (int i = 0; i < n; i++) {
            out[i] = Requests.valid(Harness.CREDENTIAL).build();
        }
        return out;
    }
}
