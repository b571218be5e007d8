package io.cmkworker.outcomes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmkworker.domain.SafeText;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.PlatformConfig;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeMap;

/**
 * An outcome as one JSON object (JSON Lines: every field, times in ISO-8601, absent values null) or as a
 * table row for people (text from input escaped and cut, so one outcome is one line).
 */
public final class OutcomeFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW = "%-20s %-10s %-34s %-24s %-40s %s";

    private OutcomeFormat() {
    }

    public static String jsonLine(OnboardingOutcome o) {
        ObjectNode node = JSON.createObjectNode();
        node.put("requestId", o.getRequestId());
        node.put("orgId", o.getOrgId());
        node.put("configName", o.getConfigName());
        node.put("status", o.getStatus().name());
        node.put("reason", o.getReason());
        node.put("hint", o.getHint());
        node.put("replay", o.getReplay());
        node.put("attempts", o.getAttempts());
        node.put("startedAt", text(o.getStartedAt()));
        node.put("finishedAt", text(o.getFinishedAt()));
        PlatformConfig p = o.getPlatform();
        if (p == null) {
            node.putNull("platform");
        } else {
            ObjectNode platform = node.putObject("platform");
            platform.put("configId", p.getConfigId());
            platform.put("jobStatus", p.getJobStatus());
            platform.put("keyVaultUri", p.getKeyVaultUri());
            platform.put("keyName", p.getKeyName());
            platform.put("subscriptionId", p.getSubscriptionId());
        }
        var violations = node.putArray("violations");
        o.getViolations().forEach(v -> violations.addObject().put("field", v.getField()).put("value", v.getValue())
                .put("rule", v.getRule()));
        ObjectNode metadata = node.putObject("metadata");
        new TreeMap<>(o.getMetadata()).forEach(metadata::put);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String tableHeader() {
        return String.format(ROW, "FINISHED", "STATUS", "ORG", "CONFIG", "REQUEST", "REASON");
    }

    public static String tableRow(OnboardingOutcome o) {
        return String.format(ROW, text(o.getFinishedAt().truncatedTo(ChronoUnit.SECONDS)),
                o.getStatus().name() + (o.getReplay() ? "*" : ""), SafeText.of(o.getOrgId(), 34),
                SafeText.of(o.getConfigName(), 24), SafeText.of(o.getRequestId(), 40), SafeText.of(o.getReason(), 100));
    }

    /** Explains the marks the table uses. */
    public static String tableLegend() {
        return "* a replay: the same outcome sent again because the same requestId arrived again";
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
