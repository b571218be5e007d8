package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.app.PlatformAccess;
import io.cmkworker.app.Worker;
import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.Region;
import io.cmkworker.platform.CallObserver;
import io.cmkworker.platform.OrgTarget;
import io.cmkworker.platform.PlatformModel.NewConfig;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import io.cmkworker.submit.FileFormat;
import io.cmkworker.submit.Org;
import io.cmkworker.submit.Result;
import io.cmkworker.submit.ResultsFile;
import io.cmkworker.submit.SubmitFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} against the sandbox over HTTP, as an operator runs it: one organisation's configuration, and
 * every row of a results file refreshed from the Platform. It only ever GETs: the sandbox counts no POST from
 * it. No broker: the command does not touch Kafka.
 */
class StatusIT {

    private static final String SECRET = "status-secret-0123456789";
    private static final String CONFIG_PATH = "/data/infrastructure/manager/customer/config";

    @TempDir
    Path dir;

    private SandboxServer sandbox;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSandbox() {
        // Jobs finish at once: COMPLETED, or FAILED for keys named fail*.
        sandbox = SandboxServer.start(0, SandboxSettings.defaults(Map.of("it-client", SECRET))
                .withTimes(Duration.ZERO, Duration.ZERO), Clock.systemUTC());
        sandbox.onCall(call -> calls.add(call.endpoint() + " " + call.status()));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void showsOneConfigurationAndWhatItsStatusMeansWithoutAnyPost() throws Exception {
        Path config = config(SECRET);

        CommandLineRun none = CommandLineRun.of("status", "--config", config.toString(), "--org", org(1),
                "--region", "VA7", "--config-name", "cmk-config-1", "--credential", "it", "--format", "json");

        assertThat(none.exit()).as(none.err()).isEqualTo(3);
        JsonNode absent = new ObjectMapper().readTree(none.out());
        assertThat(absent.get("jobStatus").asText()).isEqualTo("NOT_FOUND");
        assertThat(absent.get("meaning").asText()).isEqualTo("no configuration of this name for this organisation"
                + " in this region");
        assertThat(sandbox.postCounts()).as("status POSTs nothing, even where there is no configuration").isEmpty();

        create(1, "cmk-key-1");
        calls.clear();
        CommandLineRun done = CommandLineRun.of("status", "--config", config.toString(), "--org", org(1),
                "--region", "VA7", "--config-name", "cmk-config-1", "--credential", "it");

        assertThat(done.exit()).as(done.err()).isZero();
        assertThat(done.out()).startsWith("ORG ID").contains("JOB STATUS").contains(org(1)).contains(" COMPLETED ")
                .contains("https://vault1.vault.azure.net/keys/cmk-key-1")
                .contains("the key vault and key name are in the datastores");
        assertThat(calls).containsExactly("POST /ims/token/v3 200", "GET " + CONFIG_PATH + "/{name} 200");
        assertThat(done.out() + done.err()).doesNotContain(SECRET);
    }

    @Test
    void refreshesEveryRowOfAResultsFileAndWritesThemBackWithoutAnyPost() throws Exception {
        create(1, "cmk-key-1");
        create(2, "fail-key-2");
        create(3, "cmk-key-elsewhere");
        Map<String, Integer> postsBefore = sandbox.postCounts();
        Path results = dir.resolve("orgs.results.csv");
        ResultsFile.write(results, FileFormat.CSV, List.of(
                row(1, "cmk-key-1", "TIMED_OUT"),
                row(2, "fail-key-2", "PENDING"),
                row(3, "cmk-key-3", "ERROR"),
                row(4, "cmk-key-4", "PENDING"),
                new Result(new Org(6, "acme", "VA7", "cmk-config-6", key(6, "cmk-key-6"), "it", "", Map.of(), 1), "",
                        Result.INVALID, false, null, "not published: orgId", null, null, null)));
        calls.clear();

        CommandLineRun run = CommandLineRun.of("status", "--file", results.toString(), "--results",
                results.toString(), "--config", config(SECRET).toString(), "--format", "csv", "--progress-every",
                "100ms");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(sandbox.postCounts()).as("no POST by status").isEqualTo(postsBefore);
        assertThat(calls).as("only GETs of configurations (and a token)")
                .allMatch(c -> c.startsWith("GET " + CONFIG_PATH + "/{name} ") || c.startsWith("POST /ims/token/v3 "))
                .filteredOn(c -> c.startsWith("GET ")).hasSize(4);
        List<String> csv = run.out().lines().toList();
        assertThat(csv.get(0)).isEqualTo("line,requestId,orgId,region,configName,credentialRef,keyVaultKeyIdentifier,"
                + "status,previousStatus,jobStatus,configId,note");
        assertThat(csv).hasSize(6);
        assertThat(run.err()).contains("4/4 looked up")
                .contains("5 rows: COMPLETED 2, FAILED 1, NOT_FOUND 1, NOT_LOOKED_UP 1; 2 changed: PENDING -> FAILED 1,"
                        + " TIMED_OUT -> COMPLETED 1")
                .contains("Refreshed results written to " + results);
        Map<Integer, Result> after = SubmitFile.readResults(results).rows().stream()
                .collect(Collectors.toMap(r -> r.org().line(), Function.identity()));
        assertThat(after.get(1).status()).isEqualTo("COMPLETED");
        assertThat(after.get(1).jobStatus()).isEqualTo("COMPLETED");
        assertThat(after.get(2).status()).isEqualTo("FAILED");
        assertThat(after.get(3).status()).as("that name holds another key").isEqualTo("ERROR");
        assertThat(after.get(4).status()).isEqualTo("PENDING");
        assertThat(after.get(6).status()).isEqualTo("INVALID");
        assertThat(after.get(1).org()).isEqualTo(row(1, "cmk-key-1", "TIMED_OUT").org());
    }

    @Test
    void needsOnlyTheSecretOfTheCredentialItUsesAndACredentialImsRefusesEndsWithExitCode1() throws Exception {
        create(1, "cmk-key-1");
        Path wrong = config("wrong-" + SECRET);

        CommandLineRun refused = CommandLineRun.of("status", "--config", wrong.toString(), "--org", org(1),
                "--region", "VA7", "--config-name", "cmk-config-1", "--credential", "it");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("LOOKUP_FAILED").contains("the look-up failed: POST /ims/token/v3 answered"
                + " HTTP 401");
        assertThat(refused.out() + refused.err()).doesNotContain("wrong-" + SECRET);

        CommandLineRun unknown = CommandLineRun.of("status", "--config", wrong.toString(), "--org", org(1),
                "--region", "VA7", "--config-name", "cmk-config-1", "--credential", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--credential names a credential not configured: nope; configured: [it,"
                + " other]");
        assertThat(sandbox.postCounts()).hasSize(1);
    }

    /** A configuration made the way the worker makes it: a POST to the sandbox, before status runs. */
    private void create(int n, String keyName) throws Exception {
        WorkerConfig worker = WorkerConfig.from(values(SECRET), SecretsNeeded.only(List.of("it")));
        try (Worker.Threads threads = Worker.Threads.create()) {
            PlatformAccess.create(worker, Clock.systemUTC(), threads.steps(), threads.timers(), CallObserver.NONE)
                    .client().createConfig(new OrgTarget(org(n), Region.VA7, "it"),
                            NewConfig.byok("cmk-config-" + n, org(n), key(n, keyName)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static Result row(int n, String keyName, String status) {
        return new Result(new Org(n, org(n), "VA7", "cmk-config-" + n, key(n, keyName), "it", "", Map.of("team", "blue"),
                1), "cmk-" + n, status, false, null, "as submit left it", "", "", "");
    }

    private static String org(int n) {
        return String.format("%024X@AdobeOrg", 0x57A7000000L + n);
    }

    private static String key(int n, String keyName) {
        return "https://vault" + n + ".vault.azure.net/keys/" + keyName;
    }

    /** The settings: credential "it" with this secret, and "other" without any (status never needs it). */
    private Map<String, String> values(String secret) {
        return Map.of("platform.base.url", sandbox.baseUri().toString(), "ims.url", sandbox.imsTokenUrl().toString(),
                "credentials.it.client.id", "it-client", "credentials.it.client.secret", secret,
                "credentials.other.client.id", "other-client");
    }

    private Path config(String secret) throws IOException {
        Properties props = new Properties();
        props.putAll(values(secret));
        Path file = Files.createTempFile(dir, "worker", ".properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, null);
        }
        return file;
    }
}
