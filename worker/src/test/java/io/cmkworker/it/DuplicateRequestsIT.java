package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A request ID seen again never starts a second onboarding; what its sender gets back is defined. */
@ExtendWith(KafkaBroker.class)
class DuplicateRequestsIT {

    private static List<OnboardingOutcome> outcomesOf(Harness h, String requestId) {
        return h.outcomes().stream().filter(o -> o.getRequestId().equals(requestId)).toList();
    }

    @Test
    void aCopyArrivingWhileTheFirstIsInFlightStartsNothingAndGetsTheOneOutcome() {
        try (Harness h = new Harness("dup-inflight", s -> s.withTimes(Duration.ofSeconds(3), Duration.ofSeconds(1)))) {
            h.startWorker();
            OnboardingRequest request = Requests.valid(Harness.CREDENTIAL).build();
            h.publish(request);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> h.sandbox().postCount(request.getOrgId(), request.getConfigName()) == 1);
            h.publish(request, request);

            OnboardingOutcome outcome = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60)).get(request.getRequestId());

            assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.COMPLETED);
            assertThat(outcome.getReplay()).isFalse();
            assertThat(h.sandbox().postCount(request.getOrgId(), request.getConfigName())).isEqualTo(1);
        }
    }

    @Test
    void aCopyArrivingAfterTheOutcomeGetsTheSameOutcomeMarkedAsAReplayWithoutAnyCall() {
        try (Harness h = new Harness("dup-done")) {
            h.startWorker();
            OnboardingRequest request = Requests.valid(Harness.CREDENTIAL).build();
            h.publish(request);
            OnboardingOutcome first = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60)).get(request.getRequestId());
            int callsBefore = h.sandbox().totalCalls();

            h.publish(request);
            await().atMost(Duration.ofSeconds(30)).until(() -> outcomesOf(h, request.getRequestId()).size() == 2);

            OnboardingOutcome replay = outcomesOf(h, request.getRequestId()).get(1);
            assertThat(replay.getReplay()).isTrue();
            assertThat(replay.getStatus()).isEqualTo(first.getStatus());
            assertThat(replay.getFinishedAt()).isEqualTo(first.getFinishedAt());
            assertThat(replay.getPlatform()).isEqualTo(first.getPlatform());
            assertThat(h.sandbox().totalCalls()).isEqualTo(callsBefore);
        }
    }

    @Test
    void theLedgerSurvivesARestart() {
        try (Harness h = new Harness("dup-restart")) {
            h.startWorker();
            OnboardingRequest request = Requests.valid(Harness.CREDENTIAL).build();
            h.publish(request);
            h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60));
            h.stopWorkers();

            h.startWorker();
            h.publish(request);
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomesOf(h, request.getRequestId()).size() == 2);

            assertThat(outcomesOf(h, request.getRequestId()).get(1).getReplay()).isTrue();
            assertThat(h.sandbox().postCount(request.getOrgId(), request.getConfigName())).isEqualTo(1);
        }
    }

    @Test
    void aRejectedRequestSentAgainGetsItsRejectionReplayed() {
        try (Harness h = new Harness("dup-rejected")) {
            h.startWorker();
            OnboardingRequest bad = Requests.valid(Harness.CREDENTIAL).setRegion("XX1").build();
            h.publish(bad);
            h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(30));
            h.publish(bad);

            await().atMost(Duration.ofSeconds(30)).until(() -> outcomesOf(h, bad.getRequestId()).size() == 2);
            assertThat(outcomesOf(h, bad.getRequestId())).extracting(OnboardingOutcome::getStatus)
                    .containsOnly(OutcomeStatus.REJECTED);
            assertThat(outcomesOf(h, bad.getRequestId())).extracting(OnboardingOutcome::getReplay)
                    .containsExactly(false, true);
        }
    }

    @Test
    void aRequestKeyedByItsRequestIdIsMovedToItsOrganisationsPartitionAndCompletes() {
        try (Harness h = new Harness("misrouted")) {
            h.startWorker();
            OnboardingRequest request = Requests.valid(Harness.CREDENTIAL).build();
            h.publishRaw(h.names().requests(), request.getRequestId().getBytes(StandardCharsets.UTF_8),
                    Codecs.REQUEST.encode(request));

            OnboardingOutcome outcome = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60)).get(request.getRequestId());

            assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.COMPLETED);
            assertThat(h.sandbox().postCount(request.getOrgId(), request.getConfigName())).isEqualTo(1);
        }
    }
}
