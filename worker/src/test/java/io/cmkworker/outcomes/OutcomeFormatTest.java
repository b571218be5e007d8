package io.cmkworker.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.PlatformConfig;
import io.cmkworker.events.Violation;
import io.cmkworker.listing.ListFormat;
import io.cmkworker.listing.ListPrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeFormatTest {

    private static final Instant T = Instant.parse("2026-11-29T12:00:00.250Z");

    @Test
    void jsonLineCarriesEveryFieldWithIsoTimes() throws Exception {
        OnboardingOutcome outcome = OutcomeFilterTest.outcome("r1", "A@AdobeOrg", OutcomeStatus.FAILED, T);
        outcome.setHint("check the role");
        outcome.setPlatform(PlatformConfig.newBuilder().setConfigId("c-1").setJobStatus("FAILED").build());
        outcome.setMetadata(Map.of("team", "blue"));

        JsonNode json = new ObjectMapper().readTree(print(ListFormat.JSON, outcome).get(0));

        assertThat(json.get("requestId").asText()).isEqualTo("r1");
        assertThat(json.get("status").asText()).isEqualTo("FAILED");
        assertThat(json.get("hint").asText()).isEqualTo("check the role");
        assertThat(json.get("finishedAt").asText()).isEqualTo("2026-11-29T12:00:00.250Z");
        assertThat(json.get("platform").get("jobStatus").asText()).isEqualTo("FAILED");
        assertThat(json.get("platform").get("keyName").isNull()).isTrue();
        assertThat(json.get("metadata").get("team").asText()).isEqualTo("blue");
        assertThat(json.get("replay").asBoolean()).isFalse();
        assertThat(json.fieldNames()).toIterable().containsExactly("requestId", "orgId", "configName", "status",
                "reason", "hint", "replay", "attempts", "startedAt", "finishedAt", "platform", "violations", "metadata");
    }

    @Test
    void jsonLineOfARejectionListsItsViolationsAndANullHint() throws Exception {
        OnboardingOutcome outcome = OutcomeFilterTest.outcome("r2", "A@AdobeOrg", OutcomeStatus.REJECTED, T);
        outcome.setViolations(List.of(new Violation("region", "MARS1", "must be one of VA7, NLD2, AUS5")));

        JsonNode json = new ObjectMapper().readTree(print(ListFormat.JSON, outcome).get(0));

        assertThat(json.get("hint").isNull()).isTrue();
        assertThat(json.get("platform").isNull()).isTrue();
        assertThat(json.get("violations").get(0).get("value").asText()).isEqualTo("MARS1");
    }

    @Test
    void csvFlattensThePlatformsPartUnderAHeaderRow() {
        OnboardingOutcome outcome = OutcomeFilterTest.outcome("r4", "A@AdobeOrg", OutcomeStatus.COMPLETED, T);
        outcome.setPlatform(PlatformConfig.newBuilder().setConfigId("c-4").setJobStatus("COMPLETED")
                .setKeyName("cmk-key").build());
        outcome.setReason("done, at last");

        List<String> lines = print(ListFormat.CSV, outcome);

        assertThat(lines.get(0)).isEqualTo("requestId,orgId,configName,status,reason,hint,replay,attempts,startedAt,"
                + "finishedAt,jobStatus,configId,keyVaultUri,keyName,subscriptionId,violations,metadata");
        assertThat(lines.get(1)).startsWith("r4,A@AdobeOrg,").contains(",COMPLETED,\"done, at last\",,false,")
                .contains(",2026-11-29T12:00:00.250Z,COMPLETED,c-4,,cmk-key,,[],{}");
    }

    @Test
    void tableRowIsOneLineWithReplaysMarked() {
        OnboardingOutcome outcome = OutcomeFilterTest.outcome("r3", "A@AdobeOrg", OutcomeStatus.COMPLETED, T);
        outcome.setReason("done\nforged line");
        outcome.setReplay(true);

        List<String> lines = print(ListFormat.TABLE, outcome);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("FINISHED").contains("REASON");
        assertThat(lines.get(1)).startsWith("2026-11-29T12:00:00Z COMPLETED*")
                .contains("r3").contains("done\\u000aforged line");
    }

    private static List<String> print(ListFormat format, OnboardingOutcome outcome) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            ListPrinter<OnboardingOutcome> printer = new ListPrinter<>(format, OutcomeFormat.COLUMNS, stream, stream);
            printer.header();
            printer.row(outcome);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
