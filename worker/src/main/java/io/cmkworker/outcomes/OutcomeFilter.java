package io.cmkworker.outcomes;

import io.cmkworker.config.Durations;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Which outcomes to show: an outcome matches when it is of one of {@code orgs}, {@code statuses} and
 * {@code requestIds} (an empty set allows any) and finished in {@code [since, until)} (either open).
 */
public record OutcomeFilter(Set<String> orgs, Set<OutcomeStatus> statuses, Set<String> requestIds,
                            Optional<Instant> since, Optional<Instant> until) {

    public OutcomeFilter {
        orgs = Set.copyOf(orgs);
        statuses = Set.copyOf(statuses);
        requestIds = Set.copyOf(requestIds);
        if (since.isPresent() && until.isPresent() && !until.get().isAfter(since.get())) {
            throw new IllegalArgumentException("--until (" + until.get() + ") must be after --since (" + since.get()
                    + ")");
        }
    }

    public static OutcomeFilter all() {
        return new OutcomeFilter(Set.of(), Set.of(), Set.of(), Optional.empty(), Optional.empty());
    }

    public boolean matches(OnboardingOutcome outcome) {
        Instant finished = outcome.getFinishedAt();
        return (orgs.isEmpty() || orgs.contains(outcome.getOrgId()))
                && (statuses.isEmpty() || statuses.contains(outcome.getStatus()))
                && (requestIds.isEmpty() || requestIds.contains(outcome.getRequestId()))
                && since.map(s -> !finished.isBefore(s)).orElse(true)
                && until.map(finished::isBefore).orElse(true);
    }

    /**
     * A point in time as people write it on a command line: an ISO-8601 instant
     * ({@code 2026-11-29T10:00:00Z}), a date (its start, UTC), or a duration meaning that long before
     * {@code now} ({@code 2h}, {@code 30m}, {@code 7d}).
     */
    public static Instant parseTime(String text, Instant now) {
        String t = text.trim();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                try {
                    return now.minus(Durations.parse(t));
                } catch (IllegalArgumentException notADuration) {
                    throw new IllegalArgumentException("not a time: '" + text + "' (write 2026-11-29T10:00:00Z,"
                            + " 2026-11-29, or a duration ago such as 2h)");
                }
            }
        }
    }
}
