package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.app.Worker;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.sandbox.Faults;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A misbehaving Platform: errors, throttling, latency and a full outage, on a real broker. */
@ExtendWith(KafkaBroker.class)
class ChaosIT {

    private static final String[] WORKER = {
        "platform.max.concurrent.calls", "64",
        "platform.rate.limit", "300",
        "platform.retry.max.attempts", "3",
        "platform.retry.initial.backoff", "250ms",
        "platform.retry.max.backoff", "2s",
        "platform.breaker.window", "30",
        "platform.breaker.failure.rate", "60",
        "platform.breaker.open.duration", "5s",
        "platform.breaker.trial.calls", "3",
        "onboarding.check.backoff", "1s,2s",
        "onboarding.retry.backoff", "1s,2s,5s",
        "onboarding.deadline", "10m"};

    @Test
    void fiveHundredOrgsThroughErrorsThrottlingLatencyAndAnOutageEachEndAsTheyShouldWithOnePostEach() {
        try (Harness h = new Harness("chaos", s -> s.withTimes(Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            h.sandbox().faults().set(new Faults.Plan(Map.of(500, 0.05, 502, 0.05, 503, 0.05, 504, 0.05), 0.05,
                    Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ZERO, false));
            Worker worker = h.startWorker(WORKER);
            List<OnboardingRequest> requests = new ArrayList<>();
            Map<String, OutcomeStatus> expected = new HashMap<>();
            for (int i = 0; i < 500; i++) {
                OnboardingRequest r = (i % 10 == 0 ? Requests.failing(Harness.CREDENTIAL)
                        : Requests.valid(Harness.CREDENTIAL)).build();
                requests.add(r);
                expected.put(r.getRequestId(), i % 10 == 0 ? OutcomeStatus.FAILED : OutcomeStatus.COMPLETED);
            }
            h.publish(requests.toArray(OnboardingRequest[]::new));

            await().atMost(Duration.ofMinutes(2)).until(() -> h.sandbox().postCounts().size() >= 250);
            h.sandbox().faults().outage(Duration.ofSeconds(30));
            Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(500, Duration.ofMinutes(5));

            outcomes.forEach((id, outcome) ->
                    assertThat(outcome.getStatus()).as(outcome.getReason()).isEqualTo(expected.get(id)));
            assertThat(h.sandbox().postCounts()).hasSize(500);
            assertThat(h.sandbox().postCounts().values()).containsOnly(1);
            assertThat(transitions(worker, "CLOSED", "OPEN")).isPositive();
            assertThat(transitions(worker, "HALF_OPEN", "CLOSED")).isPositive();
            assertThat(worker.breakerStates().values()).containsOnly("CLOSED");
            assertThat(worker.metrics().total("cmk.retries")).isPositive();
            assertThat(h.sandbox().calls()).containsKeys(
                    "GET /data/infrastructure/manager/customer/config/{name} 429",
                    "POST /data/infrastructure/manager/customer/config 503");
        }
    }

    @Test
    void aPlatformThatStaysDownPastTheDeadlineEndsTimedOutWithTheLastError() {
        try (Harness h = new Harness("down")) {
            h.sandbox().faults().outage(Duration.ofMinutes(30));
            h.startWorker(WORKER);
            OnboardingRequest request = Requests.valid(Harness.CREDENTIAL).setDeadline(Instant.now().plusSeconds(8))
                    .build();
            h.publish(request);

            OnboardingOutcome outcome = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60))
                    .get(request.getRequestId());

            assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.TIMED_OUT);
            assertThat(outcome.getReason()).contains("deadline").contains("last error")
                    .containsAnyOf("answered HTTP 503", "circuit breaker is open");
            assertThat(h.sandbox().postCounts()).isEmpty();
        }
    }

    private static double transitions(Worker worker, String from, String to) {
        return worker.metrics().registry().find("cmk.breaker.transitions").tag("from", from).tag("to", to)
                .counters().stream().mapToDouble(Counter::count).sum();
    }
}
