package io.cmkworker.pipeline;

import io.cmkworker.domain.SafeText;
import io.cmkworker.domain.Verdict;
import io.cmkworker.domain.Violation;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.PlatformConfig;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds outcome events from the state an onboarding carries. */
final class Outcomes {

    private Outcomes() {
    }

    static OnboardingOutcome rejected(OnboardingRequest request, List<Violation> violations, Instant now) {
        String reason = violations.size() == 1 ? "invalid request: " + violations.get(0)
                : "invalid request: " + violations.size() + " problems, first: " + violations.get(0);
        return OnboardingOutcome.newBuilder()
                .setRequestId(nullToEmpty(request.getRequestId()))
                .setOrgId(nullToEmpty(request.getOrgId()))
                .setConfigName(SafeText.of(nullToEmpty(request.getConfigName()), 256))
                .setStatus(OutcomeStatus.REJECTED)
                .setReason(reason)
                .setPlatform(null)
                .setViolations(violations.stream().map(v -> io.cmkworker.events.Violation.newBuilder()
                        .setField(v.field()).setValue(v.value()).setRule(v.rule()).build()).toList())
                .setAttempts(0)
                .setStartedAt(now)
                .setFinishedAt(now)
                .setMetadata(violations.stream().anyMatch(v -> v.field().equals("metadata")) ? Map.of()
                        : request.getMetadata())
                .build();
    }

    static OnboardingOutcome finished(StatusCheck state, Verdict verdict, String reason, ConfigStatus platform,
                                      Instant now) {
        return OnboardingOutcome.newBuilder()
                .setRequestId(state.getRequestId())
                .setOrgId(state.getOrgId())
                .setConfigName(state.getConfigName())
                .setStatus(OutcomeStatus.valueOf(verdict.name()))
                .setReason(reason)
                .setPlatform(platformConfig(state, platform))
                .setViolations(List.of())
                .setAttempts(state.getCallsMade())
                .setStartedAt(state.getStartedAt())
                .setFinishedAt(now)
                .setMetadata(state.getMetadata())
                .setHint(Hints.forOutcome(verdict, reason, platform == null ? null : platform.status(),
                        new Hints.Subject(state.getOrgId(), state.getRegion(), state.getConfigName(),
                                state.getKeyVaultKeyIdentifier(), state.getCredentialRef())))
                .build();
    }

    private static PlatformConfig platformConfig(StatusCheck state, ConfigStatus platform) {
        if (platform == null) {
            return state.getConfigId() == null ? null
                    : PlatformConfig.newBuilder().setConfigId(state.getConfigId()).build();
        }
        var data = platform.configData();
        return PlatformConfig.newBuilder()
                .setConfigId(platform.id() != null ? platform.id() : state.getConfigId())
                .setJobStatus(platform.status())
                .setKeyVaultUri(data == null ? null : data.keyVaultUri())
                .setKeyName(data == null ? null : data.keyName())
                .setSubscriptionId(platform.subscriptionId())
                .build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
