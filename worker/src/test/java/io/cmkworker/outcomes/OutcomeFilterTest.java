package io.cmkworker.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutcomeFilterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void matchesOnlyWhatEverySetFilterAllows() {
        OutcomeFilter filter = new OutcomeFilter(Set.of("A@AdobeOrg"), Set.of(OutcomeStatus.FAILED, OutcomeStatus.ERROR),
                Set.of(), Optional.empty(), Optional.empty());

        assertThat(filter.matches(outcome("r1", "A@AdobeOrg", OutcomeStatus.FAILED, NOW))).isTrue();
        assertThat(filter.matches(outcome("r2", "A@AdobeOrg", OutcomeStatus.COMPLETED, NOW))).isFalse();
        assertThat(filter.matches(outcome("r3", "B@AdobeOrg", OutcomeStatus.FAILED, NOW))).isFalse();
        assertThat(OutcomeFilter.all().matches(outcome("r4", "B@AdobeOrg", OutcomeStatus.COMPLETED, NOW))).isTrue();
    }

    @Test
    void timeWindowIsOnFinishedAtIncludingSinceExcludingUntil() {
        OutcomeFilter filter = new OutcomeFilter(Set.of(), Set.of(), Set.of("r1"), Optional.of(NOW.minusSeconds(60)),
                Optional.of(NOW));

        assertThat(filter.matches(outcome("r1", "A@AdobeOrg", OutcomeStatus.COMPLETED, NOW.minusSeconds(60)))).isTrue();
        assertThat(filter.matches(outcome("r1", "A@AdobeOrg", OutcomeStatus.COMPLETED, NOW))).isFalse();
        assertThat(filter.matches(outcome("r1", "A@AdobeOrg", OutcomeStatus.COMPLETED, NOW.minusSeconds(61)))).isFalse();
        assertThat(filter.matches(outcome("r2", "A@AdobeOrg", OutcomeStatus.COMPLETED, NOW.minusSeconds(1)))).isFalse();
    }

    @Test
    void parsesInstantsDatesAndDurationsAgo() {
        assertThat(OutcomeFilter.parseTime("2026-11-29T10:15:00Z", NOW)).isEqualTo(Instant.parse("2026-11-29T10:15:00Z"));
        assertThat(OutcomeFilter.parseTime("2026-11-28", NOW)).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(OutcomeFilter.parseTime("2h", NOW)).isEqualTo(NOW.minusSeconds(7200));
        assertThatThrownBy(() -> OutcomeFilter.parseTime("yesterday", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a time: 'yesterday'");
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> new OutcomeFilter(Set.of(), Set.of(), Set.of(), Optional.of(NOW), Optional.of(NOW)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--until");
    }

    static OnboardingOutcome outcome(String requestId, String orgId, OutcomeStatus status, Instant finishedAt) {
        return OnboardingOutcome.newBuilder().setRequestId(requestId).setOrgId(orgId).setConfigName("cfg")
                .setStatus(status).setReason("why").setAttempts(2).setStartedAt(finishedAt.minusSeconds(9))
                .setFinishedAt(finishedAt).setPlatform(null).setViolations(java.util.List.of())
                .setMetadata(java.util.Map.of()).build();
    }
}
