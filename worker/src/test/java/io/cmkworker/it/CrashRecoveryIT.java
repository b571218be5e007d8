package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Workers in their own JVMs, SIGKILLed mid-flight: nothing is lost and nothing is created twice. */
@ExtendWith(KafkaBroker.class)
class CrashRecoveryIT {

    @Test
    void aKilledWorkerLosesNoPendingCheckAndPublishesOneOutcomeEach() throws Exception {
        try (Harness h = new Harness("kill-pending", s -> s.withTimes(Duration.ofSeconds(6), Duration.ofSeconds(1)))) {
            h.createTopics();
            List<OnboardingRequest> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(Requests.valid(Harness.CREDENTIAL).build());
            }
            try (WorkerProcess first = WorkerProcess.start(h.configValues(), h.names().prefix() + "-a")) {
                h.publish(requests.toArray(OnboardingRequest[]::new));
                await().atMost(Duration.ofSeconds(60)).until(() -> h.sandbox().postCounts().size() == 10);
                first.kill();
            }
            assertThat(h.outcomes()).isEmpty();

            try (WorkerProcess second = WorkerProcess.start(h.configValues(), h.names().prefix() + "-b")) {
                Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(10, Duration.ofSeconds(90));
                assertThat(outcomes.values()).extracting(OnboardingOutcome::getStatus)
                        .containsOnly(OutcomeStatus.COMPLETED);
            }
            assertThat(h.sandbox().postCounts().values()).containsOnly(1);
        }
    }

    @Test
    void aRequestRedeliveredAfterItsPostIsNotPostedAgain() throws Exception {
        try (Harness h = new Harness("kill-post")) {
            h.createTopics();
            // The sandbox stores the config, then holds its answer: the worker has POSTed but not committed.
            h.sandbox().faults().delayCreateReplies(Duration.ofSeconds(30));
            OnboardingRequest request = Requests.valid(Harness.CREDENTIAL).build();
            try (WorkerProcess first = WorkerProcess.start(h.configValues("platform.call.timeout", "40s",
                    "worker.drain.timeout", "60s"), h.names().prefix() + "-a")) {
                h.publish(request);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> h.sandbox().postCount(request.getOrgId(), request.getConfigName()) == 1);
                first.kill();
            }
            h.sandbox().faults().delayCreateReplies(Duration.ZERO);

            try (WorkerProcess second = WorkerProcess.start(h.configValues(), h.names().prefix() + "-b")) {
                OnboardingOutcome outcome = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(90))
                        .get(request.getRequestId());
                assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.COMPLETED);
            }
            assertThat(h.sandbox().postCount(request.getOrgId(), request.getConfigName())).isEqualTo(1);
            assertThat(h.sandbox().calls()).containsEntry(
                    "GET /data/infrastructure/manager/customer/config/{name} 404", 1);
        }
    }
}
