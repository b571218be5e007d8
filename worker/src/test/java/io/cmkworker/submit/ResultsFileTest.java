package io.cmkworker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsFileTest {

    private static final String ORG = "0123456789ABCDEF01234567@AdobeOrg";
    private static final Org ORG_A = new Org(2, ORG, "VA7", "cfg-a", "https://acme-vault.vault.azure.net/keys/a", "main",
            "", Map.of("team", "blue"), 1);
    private static final Org ORG_B = new Org(3, ORG, "VA7", "cfg-b", "https://acme-vault.vault.azure.net/keys/fail-b",
            "main", "", Map.of(), 1);

    @Test
    void csvStartsWithTheOutcomeColumnsThenTheRequestsAndOneColumnPerMetadataKey() {
        List<String> lines = ResultsFile.csv(List.of(
                new Result(ORG_A, "cmk-a", "COMPLETED", true, "COMPLETED", "done", "", "2026-11-29T10:00:00Z",
                        "2026-11-29T10:00:09Z"),
                new Result(ORG_B, "cmk-b", "FAILED", false, "FAILED", "the Platform reported FAILED",
                        "check, then retry", "2026-11-29T10:00:00Z", "2026-11-29T10:00:05Z")));

        assertThat(lines.get(0)).isEqualTo("requestId,orgId,configName,status,reason,hint,startedAt,finishedAt,region,"
                + "keyVaultKeyIdentifier,credentialRef,deadline,attempt,line,replay,jobStatus,metadata.team");
        assertThat(lines.get(1)).isEqualTo("cmk-a," + ORG + ",cfg-a,COMPLETED,done,,2026-11-29T10:00:00Z,"
                + "2026-11-29T10:00:09Z,VA7,https://acme-vault.vault.azure.net/keys/a,main,,1,2,true,COMPLETED,blue");
        assertThat(lines.get(2)).contains(",FAILED,the Platform reported FAILED,\"check, then retry\",")
                .endsWith(",1,3,false,FAILED,");
    }

    @Test
    void jsonLinesHaveTypedAttemptLineAndReplayAndNullsForWhatIsAbsent() throws Exception {
        List<String> lines = ResultsFile.jsonLines(List.of(Result.invalid(ORG_B, "cmk-b", "not published: region")));

        JsonNode row = new ObjectMapper().readTree(lines.get(0));
        assertThat(row.get("status").asText()).isEqualTo("INVALID");
        assertThat(row.get("line").isInt()).isTrue();
        assertThat(row.get("replay").isBoolean()).isTrue();
        assertThat(row.get("hint").isNull()).isTrue();
        assertThat(row.get("metadata").isObject()).isTrue();
    }

    @Test
    void theDefaultPathIsNamedAfterTheInputAndCountsRetries() {
        assertThat(ResultsFile.defaultPath(Path.of("in", "orgs.csv"), FileFormat.CSV, 1))
                .isEqualTo(Path.of("in", "orgs.results.csv"));
        assertThat(ResultsFile.defaultPath(Path.of("orgs.results.csv"), FileFormat.CSV, 2))
                .isEqualTo(Path.of("orgs.r2.results.csv"));
        assertThat(ResultsFile.defaultPath(Path.of("orgs.r2.results.jsonl"), FileFormat.JSONL, 3))
                .isEqualTo(Path.of("orgs.r3.results.jsonl"));
    }
}
