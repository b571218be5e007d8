package io.cmkworker.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.PlatformConfig;
import io.cmkworker.events.Violation;
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

        JsonNode json = new ObjectMapper().readTree(OutcomeFormat.jsonLine(outcome));

        assertThat(json.get("requestId").asText()).isEqualTo("r1");
        assertThat(json.get("status").asText()).isEqualTo("FAILED");
        assertThat(json.get("hint").asText()).isEqualTo("check the role");
        assertThat(json.get("finishedAt").asText()).isEqualTo("2026-11-29T12:00:00.250Z");
        assertThat(json.get("platform").get("jobStatus").asText()).isEqualTo("FAILED");
        assertThat(json.get("platform").get("keyName").isNull()).isTrue();
        assertThat(json.get("metadata").get("team").asText()).isEqualTo("blue");
        assertThat(json.get("replay").asBoolean()).isFalse();
    }

    @Test
    void jsonLineOfARejectionListsItsViolationsAndANullHint() throws Exception {
        OnboardingOutcome outcome = OutcomeFilterTest.outcome("r2", "A@AdobeOrg", OutcomeStatus.REJECTED, T);
        outcome.setViolations(List.of(new Violation("region", "MARS1", "must be one of VA7, NLD2, AUS5")));

        JsonNode json = new ObjectMapper().readTree(OutcomeFormat.jsonLine(outcome));

        assertThat(json.get("hint").isNull()).isTrue();
        assertThat(json.get("platform").isNull()).isTrue();
        assertThat(json.get("violations").get(0).get("value").asText()).isEqualTo("MARS1");
    }

    @Test
    void tableRowIsOneLineWithReplaysMarked() {
        OnboardingOutcome outcome = OutcomeFilterTest.outcome("r3", "A@AdobeOrg", OutcomeStatus.COMPLETED, T);
        outcome.setReason("done\nforged line");
        outcome.setReplay(true);

        String row = OutcomeFormat.tableRow(outcome);

        assertThat(row).doesNotContain("\n").startsWith("2026-11-29T12:00:00Z COMPLETED*")
                .contains("r3").contains("done\\u000aforged line");
        assertThat(OutcomeFormat.tableHeader()).startsWith("FINISHED").contains("REASON");
    }
}
