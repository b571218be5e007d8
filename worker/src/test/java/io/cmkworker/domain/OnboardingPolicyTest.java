package io.cmkworker.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnboardingPolicyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Instant SUBMITTED = CLOCK.instant();
    private static final Instant FAR_DEADLINE = SUBMITTED.plus(Duration.ofHours(24));

    private final OnboardingPolicy policy = new OnboardingPolicy(
            BackoffSchedule.of(secs(5), secs(15), secs(30), secs(60)),
            BackoffSchedule.of(secs(2), secs(10), secs(40)),
            Duration.ofHours(24));

    @Test
    void checksAfter5s15s30sThenEvery60s() {
        List<Duration> waits = new ArrayList<>();
        Duration first = policy.firstCheckDelay();
        waits.add(first);
        Instant now = SUBMITTED.plus(first);
        for (int checksDone = 1; checksDone <= 6; checksDone++) {
            Decision decision = policy.afterStatus(JobStatus.RUNNING, checksDone, FAR_DEADLINE, now);
            assertThat(decision).isInstanceOf(Decision.Later.class);
            Duration delay = ((Decision.Later) decision).delay();
            waits.add(delay);
            now = now.plus(delay);
        }

        assertThat(waits).containsExactly(secs(5), secs(15), secs(30), secs(60), secs(60), secs(60), secs(60));
        assertThat(now).isEqualTo(SUBMITTED.plusSeconds(5 + 15 + 30 + 60 * 4));
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"NEW", "RUNNING", "UPDATE_EXISTING_RESOURCES", "UNKNOWN"})
    void everyNonTerminalStatusChecksAgainBeforeTheDeadline(JobStatus status) {
        Decision decision = policy.afterStatus(status, 1, FAR_DEADLINE, SUBMITTED.plusSeconds(5));

        assertThat(decision).isEqualTo(new Decision.Later(secs(15)));
    }

    @Test
    void completedFinishesWithCompletedVerdict() {
        Decision decision = policy.afterStatus(JobStatus.COMPLETED, 3, FAR_DEADLINE, SUBMITTED.plusSeconds(50));

        assertThat(decision).isInstanceOfSatisfying(Decision.Finish.class, finish -> {
            assertThat(finish.verdict()).isEqualTo(Verdict.COMPLETED);
            assertThat(finish.reason()).contains("completed");
        });
    }

    @Test
    void failedFinishesWithFailedVerdictAndSaysWhatToCheck() {
        Decision decision = policy.afterStatus(JobStatus.FAILED, 2, FAR_DEADLINE, SUBMITTED.plusSeconds(20));

        assertThat(decision).isInstanceOfSatisfying(Decision.Finish.class, finish -> {
            assertThat(finish.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(finish.reason()).contains("FAILED").contains("key vault");
        });
    }

    @Test
    void terminalStatusWinsEvenPastTheDeadline() {
        Instant late = FAR_DEADLINE.plusSeconds(1);

        assertThat(policy.afterStatus(JobStatus.COMPLETED, 9, FAR_DEADLINE, late))
                .isInstanceOfSatisfying(Decision.Finish.class,
                        f -> assertThat(f.verdict()).isEqualTo(Verdict.COMPLETED));
        assertThat(policy.afterStatus(JobStatus.FAILED, 9, FAR_DEADLINE, late))
                .isInstanceOfSatisfying(Decision.Finish.class, f -> assertThat(f.verdict()).isEqualTo(Verdict.FAILED));
    }

    @Test
    void nonTerminalStatusAtTheDeadlineTimesOut() {
        Decision decision = policy.afterStatus(JobStatus.RUNNING, 7, FAR_DEADLINE, FAR_DEADLINE);

        assertThat(decision).isInstanceOfSatisfying(Decision.Finish.class, finish -> {
            assertThat(finish.verdict()).isEqualTo(Verdict.TIMED_OUT);
            assertThat(finish.reason())
                    .contains(FAR_DEADLINE.toString()).contains("RUNNING").contains("7 status checks");
        });
    }

    @Test
    void nonTerminalStatusPastTheDeadlineTimesOut() {
        Decision decision = policy.afterStatus(JobStatus.UNKNOWN, 2, FAR_DEADLINE, FAR_DEADLINE.plusMillis(1));

        assertThat(decision).isInstanceOfSatisfying(Decision.Finish.class,
                finish -> assertThat(finish.verdict()).isEqualTo(Verdict.TIMED_OUT));
    }

    @Test
    void checkDelayIsCutToTheDeadline() {
        Instant deadline = SUBMITTED.plusSeconds(100);
        Instant now = deadline.minusSeconds(7);

        Decision decision = policy.afterStatus(JobStatus.RUNNING, 4, deadline, now);

        assertThat(decision).isEqualTo(new Decision.Later(secs(7)));
    }

    @Test
    void checkDelayEndingExactlyAtTheDeadlineIsKept() {
        Instant now = SUBMITTED;
        Instant deadline = now.plusSeconds(15);

        assertThat(policy.afterStatus(JobStatus.RUNNING, 1, deadline, now)).isEqualTo(new Decision.Later(secs(15)));
    }

    @Test
    void retriesAfterFailuresWithTheRetryBackoffAndRepeatsTheLastStep() {
        Instant now = SUBMITTED;
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 5; attempt++) {
            waits.add(((Decision.Later) policy.afterRetriableFailure("HTTP 503", attempt, FAR_DEADLINE, now)).delay());
        }

        assertThat(waits).containsExactly(secs(2), secs(10), secs(40), secs(40), secs(40));
    }

    @Test
    void retryDelayIsCutToTheDeadline() {
        Instant deadline = SUBMITTED.plusSeconds(3);

        assertThat(policy.afterRetriableFailure("HTTP 503", 3, deadline, SUBMITTED))
                .isEqualTo(new Decision.Later(secs(3)));
    }

    @Test
    void retriableFailureAtTheDeadlineTimesOutWithTheLastErrorInTheReason() {
        Decision decision = policy.afterRetriableFailure("GET config answered HTTP 503 (busy)", 4, FAR_DEADLINE,
                FAR_DEADLINE);

        assertThat(decision).isInstanceOfSatisfying(Decision.Finish.class, finish -> {
            assertThat(finish.verdict()).isEqualTo(Verdict.TIMED_OUT);
            assertThat(finish.reason())
                    .contains("last error: GET config answered HTTP 503 (busy)")
                    .contains("4 failed attempts")
                    .contains(FAR_DEADLINE.toString());
        });
    }

    @Test
    void looksForAConfigurationNotYetVisibleOnItsOwnShortSchedule() {
        OnboardingPolicy p = new OnboardingPolicy(BackoffSchedule.of(Duration.ofSeconds(5)),
                BackoffSchedule.of(Duration.ofSeconds(30)), BackoffSchedule.of(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4)), Duration.ofHours(1));
        Instant deadline = SUBMITTED.plus(Duration.ofHours(1));

        assertThat(p.firstLookAfterLostPost()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.afterMiss("404", 1, deadline, SUBMITTED)).isEqualTo(new Decision.Later(Duration.ofSeconds(2)));
        assertThat(p.afterMiss("404", 2, deadline, SUBMITTED)).isEqualTo(new Decision.Later(Duration.ofSeconds(4)));
        assertThat(p.afterMiss("404", 9, deadline, SUBMITTED)).isEqualTo(new Decision.Later(Duration.ofSeconds(4)));
        assertThat(p.afterMiss("404", 3, SUBMITTED, SUBMITTED)).isInstanceOf(Decision.Finish.class);
    }

    @Test
    void aStepHeldByAnOpenBreakerGoesWhenItReopensAndEndsAtTheDeadline() {
        Instant deadline = SUBMITTED.plusSeconds(6);

        assertThat(policy.afterHeld("breaker open", Duration.ofSeconds(4), deadline, SUBMITTED))
                .isEqualTo(new Decision.Later(Duration.ofSeconds(4)));
        assertThat(policy.afterHeld("breaker open", Duration.ofSeconds(9), deadline, SUBMITTED))
                .isEqualTo(new Decision.Later(Duration.ofSeconds(6)));
        Decision late = policy.afterHeld("breaker open", Duration.ofSeconds(4), deadline, deadline);
        assertThat(late).isInstanceOfSatisfying(Decision.Finish.class, f -> {
            assertThat(f.verdict()).isEqualTo(Verdict.TIMED_OUT);
            assertThat(f.reason()).contains("breaker open");
        });
    }

    @Test
    void deadlineDefaultsToRequestedAtPlusTheConfiguredDeadline() {
        Instant requestedAt = Instant.parse("2025-03-01T08:00:00Z");

        assertThat(policy.deadline(requestedAt, null)).isEqualTo(Instant.parse("2025-03-02T08:00:00Z"));
    }

    @Test
    void deadlineOfTheRequestWinsOverTheDefault() {
        Instant requestedAt = Instant.parse("2025-03-01T08:00:00Z");
        Instant requested = Instant.parse("2025-03-01T09:30:00Z");

        assertThat(policy.deadline(requestedAt, requested)).isEqualTo(requested);
    }

    @Test
    void expiredOnlyAtOrAfterTheDeadline() {
        assertThat(policy.expired(FAR_DEADLINE, FAR_DEADLINE.minusMillis(1))).isFalse();
        assertThat(policy.expired(FAR_DEADLINE, FAR_DEADLINE)).isTrue();
        assertThat(policy.expired(FAR_DEADLINE, FAR_DEADLINE.plusMillis(1))).isTrue();
    }

    @Test
    void rejectsNonPositiveDefaultDeadline() {
        BackoffSchedule backoff = BackoffSchedule.of(secs(1));

        assertThatThrownBy(() -> new OnboardingPolicy(backoff, backoff, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultDeadline must be positive");
        assertThatThrownBy(() -> new OnboardingPolicy(backoff, backoff, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultDeadline");
    }

    @Test
    void backoffRepeatsItsLastStep() {
        BackoffSchedule schedule = BackoffSchedule.of(secs(1), secs(3));

        assertThat(schedule.delayAfter(0)).isEqualTo(secs(1));
        assertThat(schedule.delayAfter(1)).isEqualTo(secs(3));
        assertThat(schedule.delayAfter(1000)).isEqualTo(secs(3));
    }

    @Test
    void backoffRejectsEmptySchedule() {
        assertThatThrownBy(() -> new BackoffSchedule(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff must have at least one step");
    }

    @Test
    void backoffRejectsZeroOrNegativeStepsNamingTheStep() {
        assertThatThrownBy(() -> BackoffSchedule.of(secs(5), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("every backoff step must be positive, was PT0S");
        assertThatThrownBy(() -> BackoffSchedule.of(secs(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("every backoff step must be positive, was PT-1S");
    }

    @Test
    void backoffRejectsNegativeAttempt() {
        assertThatThrownBy(() -> BackoffSchedule.of(secs(5)).delayAfter(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attempt must be >= 0, was -1");
    }

    @Test
    void backoffIsImmutableCopyOfItsSteps() {
        List<Duration> steps = new ArrayList<>(List.of(secs(1), secs(2)));
        BackoffSchedule schedule = new BackoffSchedule(steps);
        steps.set(0, secs(99));

        assertThat(schedule.delayAfter(0)).isEqualTo(secs(1));
    }

    @Test
    void laterRejectsNegativeDelay() {
        assertThatThrownBy(() -> new Decision.Later(secs(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay must be zero or positive");
    }

    @Test
    void parsesJobStatusIgnoringCaseAndSpaces() {
        assertThat(JobStatus.parse("COMPLETED")).isEqualTo(JobStatus.COMPLETED);
        assertThat(JobStatus.parse(" running ")).isEqualTo(JobStatus.RUNNING);
        assertThat(JobStatus.parse("update_existing_resources")).isEqualTo(JobStatus.UPDATE_EXISTING_RESOURCES);
        assertThat(JobStatus.parse("Failed")).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void parsesUnknownOrNullJobStatusAsUnknown() {
        assertThat(JobStatus.parse(null)).isEqualTo(JobStatus.UNKNOWN);
        assertThat(JobStatus.parse("")).isEqualTo(JobStatus.UNKNOWN);
        assertThat(JobStatus.parse("PENDING_APPROVAL")).isEqualTo(JobStatus.UNKNOWN);
    }

    @Test
    void onlyCompletedAndFailedAreTerminal() {
        assertThat(JobStatus.values()).filteredOn(JobStatus::isTerminal)
                .containsExactlyInAnyOrder(JobStatus.COMPLETED, JobStatus.FAILED);
    }

    private static Duration secs(long s) {
        return Duration.ofSeconds(s);
    }
}
