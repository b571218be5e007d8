package io.cmkworker.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitFileTest {

    private static final String ORG = "0123456789ABCDEF01234567@AdobeOrg";
    private static final String KEY = "https://acme-vault.vault.azure.net/keys/cmk-key";

    @TempDir
    Path dir;

    @Test
    void readsCsvWithMetadataColumnsAnyCaseOfHeaderAndLineNumbers() throws Exception {
        Path file = write("orgs.csv", "OrgId,region,configName,keyVaultKeyIdentifier,credentialRef,deadline,metadata.team\n"
                + ORG + ",VA7,cfg-1," + KEY + ",main,,blue\n"
                + "\n"
                + ORG + ",NLD2,\"cfg,2\"," + KEY + ",main,48h,\n");

        SubmitFile.Parsed<Org> parsed = SubmitFile.readOrgs(file);

        assertThat(parsed.format()).isEqualTo(FileFormat.CSV);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows()).containsExactly(
                new Org(2, ORG, "VA7", "cfg-1", KEY, "main", "", Map.of("team", "blue"), 1),
                new Org(4, ORG, "NLD2", "cfg,2", KEY, "main", "48h", Map.of(), 1));
    }

    @Test
    void aCsvLineWithTheWrongNumberOfFieldsIsAProblemOfThatLine() throws Exception {
        Path file = write("orgs.csv", "orgId,region,configName,keyVaultKeyIdentifier,credentialRef\n"
                + ORG + ",VA7,cfg-1," + KEY + ",main\n"
                + ORG + ",VA7,cfg-2\n");

        SubmitFile.Parsed<Org> parsed = SubmitFile.readOrgs(file);

        assertThat(parsed.rows()).hasSize(1);
        assertThat(parsed.problems()).extracting(LineProblem::toString)
                .containsExactly("line 3: 3 fields, but the header has 5");
    }

    @Test
    void anUnknownOrMissingColumnIsAnErrorOfTheFile() throws Exception {
        Path typo = write("typo.csv", "orgId,regoin,configName,keyVaultKeyIdentifier,credentialRef\n");
        Path missing = write("missing.csv", "orgId,region,configName,keyVaultKeyIdentifier\n");

        assertThatThrownBy(() -> SubmitFile.readOrgs(typo)).hasMessageContaining("unknown column 'regoin'");
        assertThatThrownBy(() -> SubmitFile.readOrgs(missing)).hasMessageContaining("no column credentialRef");
    }

    @Test
    void readsJsonLinesAndReportsBadLinesByNumber() throws Exception {
        Path file = write("orgs.jsonl", "{\"orgId\":\"" + ORG + "\",\"region\":\"AUS5\",\"configName\":\"cfg-1\","
                + "\"keyVaultKeyIdentifier\":\"" + KEY + "\",\"credentialRef\":\"main\",\"metadata\":{\"team\":\"red\"}}\n"
                + "{not json}\n"
                + "\n"
                + "{\"orgId\":\"" + ORG + "\",\"region\":\"VA7\",\"configName\":\"cfg-2\",\"credentialRef\":\"main\","
                + "\"colour\":\"red\"}\n");

        SubmitFile.Parsed<Org> parsed = SubmitFile.readOrgs(file);

        assertThat(parsed.format()).isEqualTo(FileFormat.JSONL);
        assertThat(parsed.rows()).containsExactly(new Org(1, ORG, "AUS5", "cfg-1", KEY, "main", "",
                Map.of("team", "red"), 1));
        assertThat(parsed.problems()).extracting(LineProblem::line).containsExactly(2, 4, 4);
        assertThat(parsed.problems()).extracting(LineProblem::withoutLine).anyMatch(p -> p.startsWith("not JSON"))
                .anyMatch(p -> p.startsWith("colour \"\": is not a field"))
                .anyMatch(p -> p.equals("keyVaultKeyIdentifier \"\": is required"));
    }

    @Test
    void aResultsFileReadsBackWithItsOriginalLinesAndAttempts() throws Exception {
        Org org = new Org(17, ORG, "VA7", "cfg-r2", KEY, "main", "", Map.of("team", "blue"), 2);
        Result failed = new Result(org, "cmk-1", "FAILED", false, "FAILED", "the Platform reported FAILED",
                "check the role", "2026-11-29T10:00:00Z", "2026-11-29T10:00:09Z");
        for (FileFormat format : FileFormat.values()) {
            Path file = dir.resolve("orgs.results." + format.extension());
            ResultsFile.write(file, format, java.util.List.of(failed));

            SubmitFile.Parsed<Result> parsed = SubmitFile.readResults(file);

            assertThat(parsed.problems()).as(format.name()).isEmpty();
            assertThat(parsed.rows()).as(format.name()).containsExactly(failed);
        }
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
