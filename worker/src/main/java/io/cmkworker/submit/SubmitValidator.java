package io.cmkworker.submit;

import io.cmkworker.config.Durations;
import io.cmkworker.domain.Violation;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.pipeline.RequestValidator;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the organisations of a file into requests and checks each with the worker's own
 * {@link RequestValidator}, so a line that would be {@code REJECTED} is reported before anything is
 * published. Also refuses what only makes sense across lines: the same request twice, and the same
 * configuration name of an organisation with two different keys.
 */
public final class SubmitValidator {

    /** A line that can be published, and its request. */
    public record Planned(Org org, OnboardingRequest request) {
    }

    /** A line that cannot, and every reason why. */
    public record Invalid(Org org, String requestId, List<LineProblem> problems) {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** The lines sorted into those to publish and those not to, each in file order. */
    public record Checked(List<Planned> valid, List<Invalid> invalid) {
        public Checked {
            valid = List.copyOf(valid);
            invalid = List.copyOf(invalid);
        }
    }

    private final RequestValidator validator;

    public SubmitValidator(RequestValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    public Checked check(List<Org> orgs, Instant now) {
        List<Planned> valid = new ArrayList<>();
        List<Invalid> invalid = new ArrayList<>();
        Map<String, Org> byRequestId = new HashMap<>();
        Map<String, Org> byConfig = new HashMap<>();
        for (Org org : orgs) {
            String requestId = RequestIds.of(org);
            List<LineProblem> problems = new ArrayList<>();
            Optional<Instant> deadline = deadline(org, now, problems);
            OnboardingRequest request = OnboardingRequest.newBuilder()
                    .setRequestId(requestId)
                    .setOrgId(org.orgId())
                    .setRegion(org.region().toUpperCase(Locale.ROOT))
                    .setConfigName(org.configName())
                    .setProvider("AZURE_KEYVAULT")
                    .setKeyVaultKeyIdentifier(org.keyVaultKeyIdentifier())
                    .setCredentialRef(org.credentialRef())
                    .setRequestedAt(now)
                    .setDeadline(deadline.orElse(null))
                    .setMetadata(org.metadata())
                    .build();
            for (Violation v : validator.validate(request, now)) {
                problems.add(new LineProblem(org.line(), v.field(), v.value(), v.rule()));
            }
            Org same = byRequestId.putIfAbsent(requestId, org);
            if (same != null) {
                problems.add(LineProblem.ofLine(org.line(), "the same organisation, region, configuration, key and"
                        + " credential as line " + same.line() + " (one request)"));
            } else {
                Org sameName = byConfig.putIfAbsent(org.orgId() + "\n" + org.configName(), org);
                if (sameName != null) {
                    problems.add(new LineProblem(org.line(), "configName", org.configName(), "is already on line "
                            + sameName.line() + " for organisation " + org.orgId() + " (with another key, region or"
                            + " credential): a configuration name holds one key"));
                }
            }
            if (problems.isEmpty()) {
                valid.add(new Planned(org, request));
            } else {
                invalid.add(new Invalid(org, requestId, problems));
            }
        }
        return new Checked(valid, invalid);
    }

    /** An ISO-8601 time, or a duration from now ({@code 48h}); empty for the worker's default. */
    private static Optional<Instant> deadline(Org org, Instant now, List<LineProblem> problems) {
        if (org.deadline().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(org.deadline()));
        } catch (DateTimeParseException notATime) {
            try {
                return Optional.of(now.plus(Durations.parse(org.deadline())));
            } catch (IllegalArgumentException notADuration) {
                problems.add(new LineProblem(org.line(), "deadline", org.deadline(), "must be an ISO-8601 time"
                        + " (2026-12-01T00:00:00Z) or a duration from submission (48h)"));
                return Optional.empty();
            }
        }
    }
}
