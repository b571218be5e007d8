package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.sandbox.KeyVaultSimulator;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import io.cmkworker.sandbox.SimulatedVaults;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code app-registration} against the sandbox over HTTP, as an operator runs it: the consent URL and
 * application ID the Platform returns, then the Azure commands that follow, or a clear refusal with a
 * hint and no secret; with {@code --file}, one to-do list per tenant (from the Key Vault simulator's
 * challenges) and per vault. No broker: the command only calls IMS, the Platform and the vaults.
 */
class AppRegistrationIT {

    private static final String ORG = "0123456789ABCDEF01234567@AdobeOrg";
    private static final String SECRET = "app-reg-secret-0123456789";
    /** What the sandbox answers, as the reference's example does. */
    private static final String APPLICATION_ID = "e463a445-c6ac-4ca2-b36a-b5146fcf6a52";

    @TempDir
    Path dir;

    private SandboxServer sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = SandboxServer.start(0, SandboxSettings.defaults(Map.of("it-client", SECRET)), Clock.systemUTC());
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void printsTheConsentUrlApplicationIdAndTheRoleAssignmentCommands() throws Exception {
        CommandLineRun run = CommandLineRun.of("app-registration", "--config", config(SECRET).toString(),
                "--org", ORG, "--region", "NLD2", "--credential", "it");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("application ID: " + APPLICATION_ID)
                .contains("consent URL:    https://login.microsoftonline.com/common/oauth2/authorize?response_type=code"
                        + "&client_id=" + APPLICATION_ID)
                .contains("az ad sp show --id " + APPLICATION_ID)
                .contains("az role assignment create --role \"Key Vault Crypto Service Encryption User\" --assignee "
                        + APPLICATION_ID + " --scope \"$(az keyvault show --name <vault-name> --query id --output tsv)\"")
                .contains("az keyvault role assignment create --hsm-name <hsm-name> --role \"Managed HSM Crypto Service"
                        + " Encryption User\" --assignee " + APPLICATION_ID + " --scope /keys");
        assertThat(run.out().indexOf("consent URL")).as("consent before the role")
                .isLessThan(run.out().indexOf("az role assignment create"));
        assertThat(sandbox.calls()).containsKey("GET /data/infrastructure/manager/byok/app-registration 200");
        assertThat(run.out() + run.err()).doesNotContain(SECRET);
    }

    @Test
    void withAKeyNamesItsManagedHsmOnly() throws Exception {
        CommandLineRun run = CommandLineRun.of("app-registration", "--config", config(SECRET).toString(),
                "--org", ORG, "--region", "VA7", "--credential", "it",
                "--key", "https://acme-hsm.managedhsm.azure.net/keys/cmk-key");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("az keyvault role assignment create --hsm-name acme-hsm --role \"Managed HSM Crypto Service"
                        + " Encryption User\" --assignee " + APPLICATION_ID + " --scope /keys")
                .contains("az keyvault update-hsm --hsm-name acme-hsm --enable-purge-protection true")
                .contains("az keyvault key show --hsm-name acme-hsm --name cmk-key")
                .doesNotContain("az role assignment create");
    }

    @Test
    void aCredentialImsRefusesEndsWithExitCode1AndAHintWithoutTheSecret() throws Exception {
        String wrong = "wrong-" + SECRET;

        CommandLineRun run = CommandLineRun.of("app-registration", "--config", config(wrong).toString(),
                "--org", ORG, "--region", "VA7", "--credential", "it");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("app-registration failed: POST /ims/token/v3 answered HTTP 401")
                .contains("hint: IMS refused credential 'it'")
                .contains("credentials.it.client.id and credentials.it.client.secret");
        assertThat(run.out() + run.err()).doesNotContain(wrong);
    }

    @Test
    void anImsThatDoesNotAnswerIsSaidNotToHaveAnsweredNotToHaveRefused() throws Exception {
        Path config = config(SECRET, "https://127.0.0.1:1/ims/token/v3");

        CommandLineRun run = CommandLineRun.of("app-registration", "--config", config.toString(), "--org", ORG,
                "--region", "VA7", "--credential", "it", "--timeout", "10s");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("app-registration failed: POST /ims/token/v3 got no response")
                .contains("hint: Nothing answered from IMS").doesNotContain("refused credential");
    }

    @Test
    void aFileGivesOneConsentPerTenantAndOneRolePerVaultWithTheOrganisationsWaitingOnEach() throws Exception {
        KeyVaultSimulator vault = sandbox.startKeyVault(new java.net.InetSocketAddress("127.0.0.1", 0));
        Path certificate = dir.resolve("vault.pem");
        vault.certificate().writePem(certificate);
        Path file = Files.write(dir.resolve("orgs.csv"), List.of(
                "orgId,region,configName,keyVaultKeyIdentifier,credentialRef",
                org(1) + ",VA7,c,https://acme-eu.vault.azure.net/keys/k1,it",
                org(2) + ",NLD2,c,https://acme-eu.vault.azure.net/keys/k2,it",
                org(3) + ",VA7,c,https://acme-us.vault.azure.net/keys/k3,it",
                org(4) + ",AUS5,c,https://globex.vault.azure.net/keys/k4,it",
                org(5) + ",VA7,c,https://acme-missing.vault.azure.net/keys/k5,it",
                "ACME,VA7,c,https://acme-eu.vault.azure.net/keys/k6,it"));
        String acme = SimulatedVaults.tenantOf("acme-eu.vault.azure.net");
        String globex = SimulatedVaults.tenantOf("globex.vault.azure.net");

        CommandLineRun table = CommandLineRun.of("app-registration", "--config", config(SECRET).toString(), "--file",
                file.toString(), "--sandbox", vault.baseUri().toString(), "--sandbox-trust", certificate.toString());

        assertThat(table.exit()).as(table.err()).isEqualTo(2);
        assertThat(table.out())
                .contains("consent once per tenant (2), then its role once per vault (3)")
                .contains("  tenant " + acme + " (2 vaults, 3 organisations)")
                .contains("    consent: https://login.microsoftonline.com/" + acme + "/oauth2/authorize?response_type=code"
                        + "&client_id=" + APPLICATION_ID)
                .contains("    waiting: " + org(1) + ", " + org(2) + ", " + org(3))
                .contains("  tenant " + globex + " (1 vault, 1 organisation)")
                .contains("  vault acme-eu.vault.azure.net (tenant " + acme + "): \"Key Vault Crypto Service Encryption"
                        + " User\"")
                .contains("    check:   az role assignment list --assignee " + APPLICATION_ID)
                .contains("  line 6 (" + org(5) + "): the tenant of vault acme-missing.vault.azure.net is not known: no"
                        + " vault: the name acme-missing.vault.azure.net does not resolve")
                .contains("  line 7 (ACME): orgId must be an Adobe organisation ID")
                .contains("preflight " + file + " --cmk-app-id " + APPLICATION_ID + " --sandbox " + vault.baseUri());
        assertThat(table.out().indexOf("1. Consent")).isLessThan(table.out().indexOf("2. Role"));
        assertThat(sandbox.calls()).containsEntry("GET /data/infrastructure/manager/byok/app-registration 200", 5);

        CommandLineRun csv = CommandLineRun.of("app-registration", "--config", config(SECRET).toString(), "--file",
                file.toString(), "--sandbox", vault.baseUri().toString(), "--sandbox-trust", certificate.toString(),
                "--format", "csv");

        assertThat(csv.out().lines()).first().isEqualTo("step,tenantId,vault,applicationId,orgs,consentUrl,check,command,"
                + "problem");
        assertThat(csv.out().lines().filter(l -> l.startsWith("consent,"))).hasSize(2);
        assertThat(csv.out().lines().filter(l -> l.startsWith("role,"))).hasSize(3);
        assertThat(csv.out().lines().filter(l -> l.startsWith("problem,"))).hasSize(2);

        CommandLineRun json = CommandLineRun.of("app-registration", "--config", config(SECRET).toString(), "--file",
                file.toString(), "--sandbox", vault.baseUri().toString(), "--sandbox-trust", certificate.toString(),
                "--format", "json");

        com.fasterxml.jackson.databind.JsonNode plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(plan.path("consents")).hasSize(2);
        assertThat(plan.path("roles")).hasSize(3);
        assertThat(plan.at("/consents/0/orgs")).hasSize(3);
    }

    private static String org(int n) {
        return String.format("%024X@AdobeOrg", n);
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Path config = config(SECRET);

        assertThat(CommandLineRun.of("app-registration", "--config", config.toString(), "--org", ORG, "--region",
                "MARS1", "--credential", "it").err()).contains("--region must be one of VA7, NLD2, AUS5");
        CommandLineRun unknown = CommandLineRun.of("app-registration", "--config", config.toString(), "--org", ORG,
                "--region", "VA7", "--credential", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--credential names a credential not configured: nope");
        assertThat(CommandLineRun.of("app-registration", "--config", config.toString(), "--org", "acme",
                "--region", "VA7", "--credential", "it").exit()).isEqualTo(2);
        assertThat(sandbox.calls()).as("nothing was called for a usage error").isEmpty();
    }

    private Path config(String secret) throws IOException {
        return config(secret, sandbox.imsTokenUrl().toString());
    }

    private Path config(String secret, String imsUrl) throws IOException {
        Properties props = new Properties();
        props.put("platform.base.url", sandbox.baseUri().toString());
        props.put("ims.url", imsUrl);
        props.put("credentials.it.client.id", "it-client");
        props.put("credentials.it.client.secret", secret);
        Path file = Files.createTempFile(dir, "worker", ".properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, null);
        }
        return file;
    }
}
