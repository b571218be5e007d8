package io.cmkworker.outcomes;

import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.PlatformConfig;
import io.cmkworker.listing.Column;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An outcome as a row of a list ({@link io.cmkworker.listing.ListPrinter}): in a table for people the time to
 * the second, replays marked {@code *} and the reason cut; in CSV every field flat; in JSON every field, the
 * Platform's part, the violations and the metadata nested, times in ISO-8601 and absent values null.
 */
public final class OutcomeFormat {

    /** The columns of every format, in order. */
    public static final List<Column<OnboardingOutcome>> COLUMNS = List.of(
            Column.table("finished", 20, o -> o.getFinishedAt() == null ? null
                    : o.getFinishedAt().truncatedTo(ChronoUnit.SECONDS)),
            Column.table("status", 10, o -> o.getStatus().name() + (o.getReplay() ? "*" : "")),
            Column.table("org", 34, OnboardingOutcome::getOrgId),
            Column.table("config", 24, OnboardingOutcome::getConfigName),
            Column.table("request", 40, OnboardingOutcome::getRequestId),
            Column.table("reason", 100, OnboardingOutcome::getReason),
            Column.data("requestId", OnboardingOutcome::getRequestId),
            Column.data("orgId", OnboardingOutcome::getOrgId),
            Column.data("configName", OnboardingOutcome::getConfigName),
            Column.data("status", o -> o.getStatus().name()),
            Column.data("reason", OnboardingOutcome::getReason),
            Column.data("hint", OnboardingOutcome::getHint),
            Column.data("replay", OnboardingOutcome::getReplay),
            Column.data("attempts", OnboardingOutcome::getAttempts),
            Column.data("startedAt", OnboardingOutcome::getStartedAt),
            Column.data("finishedAt", OnboardingOutcome::getFinishedAt),
            Column.json("platform", OutcomeFormat::platform),
            Column.csv("jobStatus", o -> platform(o, PlatformConfig::getJobStatus)),
            Column.csv("configId", o -> platform(o, PlatformConfig::getConfigId)),
            Column.csv("keyVaultUri", o -> platform(o, PlatformConfig::getKeyVaultUri)),
            Column.csv("keyName", o -> platform(o, PlatformConfig::getKeyName)),
            Column.csv("subscriptionId", o -> platform(o, PlatformConfig::getSubscriptionId)),
            Column.data("violations", o -> o.getViolations().stream().map(v -> {
                Map<String, String> violation = new LinkedHashMap<>();
                violation.put("field", v.getField());
                violation.put("value", v.getValue());
                violation.put("rule", v.getRule());
                return violation;
            }).toList()),
            Column.data("metadata", o -> new TreeMap<>(o.getMetadata())));

    private OutcomeFormat() {
    }

    /** Explains the marks the table uses. */
    public static String tableLegend() {
        return "* a replay: the same outcome sent again because the same requestId arrived again";
    }

    private static Map<String, String> platform(OnboardingOutcome o) {
        PlatformConfig p = o.getPlatform();
        if (p == null) {
            return null;
        }
        Map<String, String> platform = new LinkedHashMap<>();
        platform.put("configId", p.getConfigId());
        platform.put("jobStatus", p.getJobStatus());
        platform.put("keyVaultUri", p.getKeyVaultUri());
        platform.put("keyName", p.getKeyName());
        platform.put("subscriptionId", p.getSubscriptionId());
        return platform;
    }

    private static String platform(OnboardingOutcome o, java.util.function.Function<PlatformConfig, String> field) {
        return o.getPlatform() == null ? null : field.apply(o.getPlatform());
    }
}
