package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.sandbox.KeyVaultSimulator;
import io.cmkworker.submit.Result;
import io.cmkworker.submit.SubmitFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit} as an operator runs it, against a real broker, a running worker and the sandbox: bad
 * lines stop the submission and are reported by number; {@code --skip-invalid --wait} follows every
 * outcome with progress and writes a results file whose failures carry hints; the same file again is
 * answered by replays with no new POST; {@code --retry} resubmits the failures once the cause is fixed;
 * {@code outcomes} lists them.
 */
@ExtendWith(KafkaBroker.class)
class SubmitIT {

    private static final String HEADER = "orgId,region,configName,keyVaultKeyIdentifier,credentialRef,metadata.team";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void submitsAFileWaitsForEveryOutcomeAndReRunningItOnboardsNobodyTwice() throws Exception {
        try (Harness h = new Harness("submit")) {
            h.startWorker();
            String config = h.configFileWithoutSecrets(dir).toString();
            List<String> lines = new ArrayList<>(List.of(HEADER));
            for (int i = 1; i <= 30; i++) {
                lines.add(line(i, i % 10 == 0 ? "fail-key-" + i : "cmk-key-" + i, Harness.CREDENTIAL));
            }
            lines.add(7, "ACME,VA7,cmk-config-bad,https://vault7.vault.azure.net/keys/k,it,red");
            lines.add(20, line(99, "cmk-key-99", Harness.CREDENTIAL).replace(",VA7,", ",MARS1,"));
            Path orgs = Files.write(dir.resolve("orgs.csv"), lines);

            CommandLineRun refused = CommandLineRun.of("submit", orgs.toString(), "--config", config, "--wait");

            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.out()).contains("32 organisations in " + orgs + " (CSV): 30 valid, 2 invalid.")
                    .contains("  line 8: orgId \"ACME\": must be an Adobe organisation ID")
                    .contains("  line 21: region \"MARS1\": must be one of VA7, NLD2, AUS5")
                    .contains("Nothing was published");
            assertThat(h.sandbox().postCounts()).as("nothing reached the Platform").isEmpty();

            CommandLineRun first = CommandLineRun.of("submit", orgs.toString(), "--config", config, "--skip-invalid",
                    "--wait", "--progress-every", "1s");

            assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(3);
            assertThat(first.out()).contains("Published 30 requests to " + h.names().requests())
                    .containsPattern("\\[ *\\d+\\.\\d s\\] \\d+/30 outcomes")
                    .contains("30/30 outcomes: COMPLETED 27, FAILED 3")
                    .contains("Results: " + dir.resolve("orgs.results.csv") + " (32 rows, one per organisation):"
                            + " COMPLETED 27, FAILED 3, INVALID 2.")
                    .contains("Submit the 3 FAILED, ERROR and TIMED_OUT ones again with:");
            Map<Integer, Result> results = byLine(dir.resolve("orgs.results.csv"));
            assertThat(results).hasSize(32);
            assertThat(results.get(8).status()).isEqualTo("INVALID");
            assertThat(results.get(8).reason()).startsWith("not published: orgId \"ACME\"");
            List<Result> failed = results.values().stream().filter(r -> r.status().equals("FAILED")).toList();
            assertThat(failed).extracting(r -> r.org().configName())
                    .containsExactlyInAnyOrder("cmk-config-10", "cmk-config-20", "cmk-config-30");
            assertThat(failed).allSatisfy(r -> assertThat(r.hint()).contains("Key Vault Crypto Service Encryption User")
                    .contains("--name vault" + r.org().configName().substring("cmk-config-".length())));
            assertThat(results.values()).filteredOn(r -> r.status().equals("COMPLETED"))
                    .allSatisfy(r -> assertThat(r.hint()).isEmpty())
                    .allSatisfy(r -> assertThat(r.org().metadata()).containsEntry("team", "blue"));
            Map<String, Integer> postsAfterFirst = Map.copyOf(h.sandbox().postCounts());
            assertThat(postsAfterFirst).hasSize(30).allSatisfy((config1, n) -> assertThat(n).isEqualTo(1));

            CommandLineRun again = CommandLineRun.of("submit", orgs.toString(), "--config", config, "--skip-invalid",
                    "--wait", "--results", dir.resolve("again.results.jsonl").toString());

            assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(3);
            assertThat(again.out()).contains("30 of the 30 outcomes were replays");
            assertThat(h.sandbox().postCounts()).as("no second POST").isEqualTo(postsAfterFirst);
            List<JsonNode> rows = jsonLines(dir.resolve("again.results.jsonl"));
            assertThat(rows).hasSize(32);
            assertThat(rows).filteredOn(r -> !r.get("status").asText().equals("INVALID"))
                    .allMatch(r -> r.get("replay").asBoolean())
                    .allMatch(r -> r.get("requestId").asText().equals(results.get(r.get("line").asInt()).requestId()));

            CommandLineRun listed = CommandLineRun.of("outcomes", "--config", config, "--status", "failed",
                    "--format", "jsonl");

            assertThat(listed.exit()).as(listed.err()).isZero();
            List<JsonNode> outcomes = new ArrayList<>();
            for (String line : listed.out().split("\n")) {
                outcomes.add(JSON.readTree(line));
            }
            assertThat(outcomes).as("3 outcomes and their 3 replays").hasSize(6)
                    .allMatch(o -> o.get("status").asText().equals("FAILED") && o.get("hint").asText().contains("az "));
            assertThat(listed.err()).contains("6 outcomes");
        }
    }

    @Test
    void retryResubmitsFailuresUnderANewNameAndErrorsUnderTheSameOnceTheCauseIsFixed() throws Exception {
        try (Harness h = new Harness("retry")) {
            String[] wrongSecret = {"credentials.late.client.id", Harness.CLIENT_ID,
                    "credentials.late.client.secret", "not-the-secret"};
            h.startWorker(wrongSecret);
            String config = h.configFileWithoutSecrets(dir, wrongSecret).toString();
            Path orgs = Files.write(dir.resolve("few.csv"), List.of(HEADER, line(1, "cmk-key-1", Harness.CREDENTIAL),
                    line(2, "fail-key-2", Harness.CREDENTIAL), line(3, "cmk-key-3", "late")));

            CommandLineRun first = CommandLineRun.of("submit", orgs.toString(), "--config", config, "--wait");

            assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(3);
            Map<Integer, Result> before = byLine(dir.resolve("few.results.csv"));
            assertThat(before.get(2).status()).isEqualTo("COMPLETED");
            assertThat(before.get(3).status()).isEqualTo("FAILED");
            assertThat(before.get(4).status()).isEqualTo("ERROR");
            assertThat(before.get(4).hint()).contains("IMS refused credential 'late'");

            // the operator fixes the credential the worker holds, then retries
            h.stopWorkers();
            h.startWorker("credentials.late.client.id", Harness.CLIENT_ID, "credentials.late.client.secret",
                    h.clientSecret());
            CommandLineRun retry = CommandLineRun.of("submit", "--retry", dir.resolve("few.results.csv").toString(),
                    "--config", config, "--wait");

            assertThat(retry.exit()).as(retry.out() + retry.err()).isEqualTo(3);
            assertThat(retry.out()).contains("2 of the 3 rows in " + dir.resolve("few.results.csv") + " ended FAILED, ERROR or TIMED_OUT:"
                            + " submitting them again.")
                    .contains("Results: " + dir.resolve("few.r2.results.csv") + " (3 rows, one per organisation):"
                            + " COMPLETED 2, FAILED 1.");
            Map<Integer, Result> after = byLine(dir.resolve("few.r2.results.csv"));
            assertThat(after.get(2)).isEqualTo(before.get(2));
            assertThat(after.get(3).org().configName()).isEqualTo("cmk-config-2-r2");
            assertThat(after.get(3).org().attempt()).isEqualTo(2);
            assertThat(after.get(3).status()).isEqualTo("FAILED");
            assertThat(after.get(4).org().configName()).isEqualTo("cmk-config-3");
            assertThat(after.get(4).status()).isEqualTo("COMPLETED");
            assertThat(after.get(4).requestId()).isNotEqualTo(before.get(4).requestId());
            assertThat(h.sandbox().postCount(orgId(2), "cmk-config-2-r2")).isEqualTo(1);
            assertThat(h.sandbox().postCount(orgId(3), "cmk-config-3")).isEqualTo(1);
            assertThat(h.sandbox().postCounts()).as("one POST per configuration name").hasSize(4)
                    .allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
        }
    }

    /** A CSV line for organisation {@code n}: vault{n}, config cmk-config-{n}, team blue. */
    @Test
    void withPreflightNoLineWhoseKeyFailsIsPublishedAndEachIsAToDoRow() throws Exception {
        try (Harness h = new Harness("submit-preflight");
             KeyVaultSimulator vault = KeyVaultSimulator.start(java.time.Clock.systemUTC())) {
            h.startWorker();
            Path certificate = dir.resolve("vault.pem");
            vault.certificate().writePem(certificate);
            String config = h.configFileWithoutSecrets(dir).toString();
            List<String> keys = List.of("acme-good/cmk-key", "globex-good/cmk-key", "acme-keys/cmk-disabled",
                    "acme-keys/cmk-nowrap", "acme-purgeable/cmk-key", "initech-good/cmk-key");
            List<String> lines = new ArrayList<>(List.of(HEADER));
            for (int i = 0; i < keys.size(); i++) {
                String[] vk = keys.get(i).split("/");
                lines.add(orgId(100 + i) + ",VA7,cmk-pre-" + i + ",https://" + vk[0] + ".vault.azure.net/keys/" + vk[1]
                        + "," + Harness.CREDENTIAL + ",blue");
            }
            Path orgs = Files.write(dir.resolve("preflight.csv"), lines);

            CommandLineRun run = CommandLineRun.of("submit", orgs.toString(), "--config", config, "--preflight",
                    "--sandbox", vault.baseUri().toString(), "--sandbox-trust", certificate.toString(),
                    "--skip-invalid", "--wait", "--progress-every", "1s");

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.out()).contains("Preflight refused 3 of the 6 lines that passed the worker's rules")
                    .contains("  line 4: keyVaultKeyIdentifier").contains("preflight failed");
            assertThat(h.sandbox().postCounts()).as("only the lines that passed reached the Platform").hasSize(3)
                    .allSatisfy((config1, n) -> assertThat(n).isEqualTo(1));
            Path results = dir.resolve("preflight.results.csv");
            Map<String, Result> rows = SubmitFile.readResults(results).rows().stream()
                    .collect(Collectors.toMap(r -> r.org().configName(), Function.identity()));
            for (String refused : List.of("cmk-pre-2", "cmk-pre-3", "cmk-pre-4")) {
                assertThat(rows.get(refused).status()).isEqualTo(Result.INVALID);
                assertThat(rows.get(refused).reason()).contains("preflight failed");
                assertThat(rows.get(refused).hint()).as("what to do").isNotBlank();
            }
            assertThat(rows.get("cmk-pre-0").status()).isEqualTo(Result.COMPLETED);
        }
    }

    private static String line(int n, String keyName, String credential) {
        return orgId(n) + ",VA7,cmk-config-" + n + ",https://vault" + n + ".vault.azure.net/keys/" + keyName + ","
                + credential + ",blue";
    }

    private static String orgId(int n) {
        return String.format("%024X@AdobeOrg", 0xABCDEF0000L + n);
    }

    private static Map<Integer, Result> byLine(Path results) throws Exception {
        SubmitFile.Parsed<Result> parsed = SubmitFile.readResults(results);
        assertThat(parsed.problems()).isEmpty();
        return parsed.rows().stream().collect(Collectors.toMap(r -> r.org().line(), Function.identity()));
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
