package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.sandbox.KeyVaultSimulator;
import io.cmkworker.sandbox.SimulatedVaults.KeyFault;
import io.cmkworker.sandbox.SimulatedVaults.VaultFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preflight} as an operator runs it on a submit file, with the real Azure SDK (KeyClient,
 * ClientSecretCredential through MSAL, azure-core's pipeline) against the sandbox's Key Vault simulator over
 * HTTPS, trusted through the certificate file only. The file has a line for every fault the simulator has,
 * and each is caught by the check that names it; a good key passes every check; the exit code says some failed.
 */
class PreflightIT {

    private static final String HEADER = "orgId,region,configName,keyVaultKeyIdentifier,credentialRef";
    private static final String CMK_APP = "e463a445-c6ac-4ca2-b36a-b5146fcf6a52";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static KeyVaultSimulator vault;
    private static Path certificate;

    @BeforeAll
    static void startSimulator() throws Exception {
        vault = KeyVaultSimulator.start(Clock.systemUTC());
        certificate = dir.resolve("sandbox-vault.pem");
        vault.certificate().writePem(certificate);
    }

    @AfterAll
    static void stopSimulator() {
        vault.close();
    }

    @Test
    void catchesEveryFaultOfTheSandboxWithTheCheckThatNamesIt() throws Exception {
        Map<String, List<String>> expected = new LinkedHashMap<>(); // key identifier -> the checks that fail
        expected.put(key("acme-good", "cmk-key"), List.of());
        expected.put(key("globex-good", "cmk-key"), List.of());
        Map<KeyFault, List<String>> keyChecks = Map.of(KeyFault.MISSING, List.of("EXISTS"), KeyFault.DISABLED,
                List.of("ENABLED"), KeyFault.EXPIRED, List.of("DATES"), KeyFault.NOT_YET_VALID, List.of("DATES"),
                KeyFault.RSA_2048, List.of("SIZE"), KeyFault.EC_KEY, List.of("TYPE", "OPERATIONS"), KeyFault.NO_WRAP,
                List.of("OPERATIONS"), KeyFault.PURGEABLE, List.of("RECOVERY"));
        for (KeyFault fault : KeyFault.values()) {
            expected.put(key("acme-keys", "cmk-" + fault.marker()), keyChecks.get(fault));
        }
        Map<VaultFault, List<String>> vaultChecks = Map.of(VaultFault.MISSING, List.of("VAULT"), VaultFault.UNREACHABLE,
                List.of(), VaultFault.NO_READ, List.of(), VaultFault.PURGEABLE, List.of("RECOVERY"),
                VaultFault.ACCESS_POLICY, List.of("RBAC"), VaultFault.FIREWALL, List.of("NETWORK"), VaultFault.NO_CONSENT,
                List.of("CONSENT"), VaultFault.NO_ROLE, List.of("ROLE"));
        for (VaultFault fault : VaultFault.values()) {
            String name = fault == VaultFault.NO_CONSENT ? fault.marker() + "-eu" : "acme-" + fault.marker();
            expected.put(key(name, "cmk-key"), vaultChecks.get(fault));
        }
        List<String> lines = new ArrayList<>(List.of(HEADER));
        int n = 0;
        for (String id : expected.keySet()) {
            n++;
            lines.add(String.format("%024X@AdobeOrg,VA7,cmk-%d,%s,it", n, n, id));
        }
        lines.add("ACME@AdobeOrg,VA7,cmk-bad,http://acme.vault.azure.net/keys/k,it");
        Path file = Files.write(dir.resolve("orgs.csv"), lines);

        CommandLineRun run = CommandLineRun.of("preflight", file.toString(), "--sandbox", vault.baseUri().toString(),
                "--sandbox-trust", certificate.toString(), "--cmk-app-id", CMK_APP, "--format", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("keys")).hasSize(expected.size() + 1);
        int line = 0;
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            JsonNode key = report.path("keys").get(line++);
            assertThat(key.path("keyVaultKeyIdentifier").asText()).isEqualTo(e.getKey());
            List<String> failed = new ArrayList<>();
            key.path("findings").forEach(f -> {
                if (f.path("status").asText().equals("FAIL")) {
                    failed.add(f.path("check").asText());
                }
            });
            assertThat(failed).as(e.getKey() + ": " + key).isEqualTo(e.getValue());
        }
        JsonNode good = report.path("keys").get(0);
        assertThat(good.path("result").asText()).as(good.toString()).isEqualTo("PASS");
        assertThat(good.path("tenantId").asText()).isNotEmpty()
                .isNotEqualTo(report.path("keys").get(1).path("tenantId").asText());
        assertThat(byKey(report, key("acme-unreachable", "cmk-key")).path("result").asText()).isEqualTo("INCOMPLETE");
        assertThat(finding(byKey(report, key("acme-unreachable", "cmk-key")), "VAULT").path("detail").asText())
                .startsWith("nothing answered at https://127.0.0.1:1");
        assertThat(finding(byKey(report, key("acme-noread", "cmk-key")), "READ").path("detail").asText())
                .contains("HTTP 403").contains("ForbiddenByRbac");
        assertThat(report.path("keys").get(expected.size()).path("findings").get(0).path("detail").asText())
                .isEqualTo("must use https");
        assertThat(vault.calls()).as("each vault and key asked once")
                .containsEntry("GET /vaults/{host}/keys/{name} 200", 14);
    }

    @Test
    void withoutACredentialNamesEachVaultsTenantAndSaysWhatWasNotChecked() {
        CommandLineRun run = CommandLineRun.of("preflight", "--key", key("acme-good", "cmk-key"), "--key",
                key("acme-missing", "cmk-key"), "--sandbox", vault.baseUri().toString(), "--sandbox-trust",
                certificate.toString(), "--no-credential");

        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.out())
                .containsPattern("1 +- +acme-good/cmk-key +[0-9a-f-]{36} +INCOMPLETE")
                .containsPattern("2 +- +acme-missing/cmk-key +- +FAIL +vault exists: no vault: the name"
                        + " acme-missing.vault.azure.net does not resolve")
                .contains("key readable, key exists, enabled, within nbf/exp, RSA or RSA-HSM, key size, wrapKey,"
                        + " unwrapKey, soft delete, purge protection: no credential (--no-credential)")
                .contains("key readable: run preflight without --no-credential to check the key")
                .contains("0 passed, 0 passed with a warning, 1 failed, 1 not fully checked.");
    }

    @Test
    void aCertificateItWasNotGivenIsNotTrusted() throws Exception {
        Path other = dir.resolve("other.pem");
        try (KeyVaultSimulator another = KeyVaultSimulator.start(Clock.systemUTC())) {
            another.certificate().writePem(other);
        }

        CommandLineRun run = CommandLineRun.of("preflight", "--key", key("acme-good", "cmk-key"), "--sandbox",
                vault.baseUri().toString(), "--sandbox-trust", other.toString(), "--format", "csv", "--retries", "0");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("INCOMPLETE").contains("TLS with");
    }

    private static String key(String vault, String key) {
        return "https://" + vault + ".vault.azure.net/keys/" + key.toLowerCase(Locale.ROOT);
    }

    private static JsonNode byKey(JsonNode report, String id) {
        for (JsonNode key : report.path("keys")) {
            if (key.path("keyVaultKeyIdentifier").asText().equals(id)) {
                return key;
            }
        }
        throw new AssertionError("no " + id);
    }

    private static JsonNode finding(JsonNode key, String check) {
        for (JsonNode f : key.path("findings")) {
            if (f.path("check").asText().equals(check)) {
                return f;
            }
        }
        throw new AssertionError("no " + check + " in " + key);
    }
}
