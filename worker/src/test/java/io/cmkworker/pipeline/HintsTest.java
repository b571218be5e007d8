package io.cmkworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.domain.BackoffSchedule;
import io.cmkworker.domain.Decision;
import io.cmkworker.domain.JobStatus;
import io.cmkworker.domain.OnboardingPolicy;
import io.cmkworker.domain.Verdict;
import io.cmkworker.platform.CircuitOpenException;
import io.cmkworker.platform.PlatformCallException;
import io.cmkworker.platform.PlatformError;
import io.cmkworker.platform.PlatformOperation;
import io.cmkworker.platform.UnknownCredentialException;
import io.cmkworker.resilience.FailureClassifier;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each kind of failure gets its own hint, naming the vault, key, org or credential concerned. The
 * reasons are produced the way the worker produces them (the policy's texts, {@link PlatformCallException}
 * messages through the {@link FailureClassifier}), so a change of wording there fails here.
 */
class HintsTest {

    private static final String ORG = "0123456789ABCDEF01234567@AdobeOrg";
    private static final String VAULT_KEY = "https://acme-vault.vault.azure.net/keys/cmk-key/0123456789abcdef0123456789abcdef";
    private static final String HSM_KEY = "https://acme-hsm.managedhsm.azure.net/keys/cmk-key";
    private static final Hints.Subject VAULT = new Hints.Subject(ORG, "NLD2", "cmk-config", VAULT_KEY, "acme-prod");
    private static final Hints.Subject HSM = new Hints.Subject(ORG, "VA7", "cmk-config", HSM_KEY, "acme-prod");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final OnboardingPolicy POLICY = new OnboardingPolicy(new BackoffSchedule(List.of(Duration.ofSeconds(5))),
            new BackoffSchedule(List.of(Duration.ofSeconds(5))), Duration.ofHours(24));

    @Test
    void failedJobListsConsentRoleVaultSettingsNetworkAndKeyForTheVaultConcerned() {
        String hint = hint(Verdict.FAILED, finishReason(JobStatus.FAILED), "FAILED", VAULT);

        assertThat(hint)
                .contains("key 'cmk-key' in vault 'acme-vault'")
                .contains("java -jar cmk-worker.jar app-registration --org " + ORG + " --region NLD2 --credential acme-prod")
                .contains("az ad sp show --id <applicationId>")
                .contains("az role assignment create --role \"Key Vault Crypto Service Encryption User\""
                        + " --assignee <applicationId> --scope \"$(az keyvault show --name acme-vault --query id"
                        + " --output tsv)\"")
                .contains("soft delete, purge protection and Azure RBAC")
                .contains("az keyvault update --name acme-vault --enable-purge-protection true")
                .contains("az keyvault update --name acme-vault --enable-rbac-authorization true")
                .contains("az keyvault update --name acme-vault --bypass AzureServices")
                .contains("az keyvault network-rule add --name acme-vault --ip-address 20.88.123.53")
                .contains("RSA or RSA-HSM of at least 3072 bits", "wrapKey and unwrapKey")
                .contains(AzureSources.ADOBE_VAULT_CONFIG)
                .contains("az keyvault key show --vault-name acme-vault --name cmk-key")
                .contains("new configName");
    }

    @Test
    void failedJobGivesEachReadOnlyCheckBeforeTheChangeAndWarnsBeforeWhatCannotBeUndone() {
        String hint = hint(Verdict.FAILED, finishReason(JobStatus.FAILED), "FAILED", VAULT);

        assertThat(hint.indexOf("az role assignment list --assignee <applicationId>"))
                .isPositive().isLessThan(hint.indexOf("az role assignment create"));
        assertThat(hint.indexOf("az keyvault show --name acme-vault --query \"{softDelete"))
                .isPositive().isLessThan(hint.indexOf("az keyvault update"));
        assertThat(hint.indexOf("purge protection cannot be turned off again"))
                .isPositive().isLessThan(hint.indexOf("--enable-purge-protection true"));
        assertThat(hint.indexOf("access policies stop applying"))
                .isPositive().isLessThan(hint.indexOf("--enable-rbac-authorization true"));
        assertThat(hint).contains(AzureSources.MS_PURGE_PROTECTION, AzureSources.MS_RBAC_MIGRATION)
                .doesNotContain("--enable-purge-protection true --enable-rbac-authorization true");
    }

    @Test
    void failedJobInAManagedHsmUsesTheHsmRoleAtScopeKeys() {
        String hint = hint(Verdict.FAILED, finishReason(JobStatus.FAILED), "FAILED", HSM);

        assertThat(hint)
                .contains("key 'cmk-key' in Managed HSM 'acme-hsm'")
                .contains("az keyvault role assignment create --hsm-name acme-hsm --role \"Managed HSM Crypto Service"
                        + " Encryption User\" --assignee <applicationId> --scope /keys")
                .contains("az keyvault update-hsm --hsm-name acme-hsm --enable-purge-protection true")
                .contains("az keyvault key show --hsm-name acme-hsm")
                .doesNotContain("Azure RBAC are on")
                .doesNotContain("network-rule");
    }

    @Test
    void timedOutWhileRunningPointsAtConsentRoleAndFirewall() {
        Decision.Finish finish = (Decision.Finish) POLICY.afterStatus(JobStatus.RUNNING, 40, NOW, NOW);

        String hint = hint(finish.verdict(), finish.reason(), "RUNNING", VAULT);

        assertThat(finish.verdict()).isEqualTo(Verdict.TIMED_OUT);
        assertThat(hint).contains("still checking access to vault 'acme-vault'")
                .contains("app-registration --org " + ORG)
                .contains("Key Vault Crypto Service Encryption User")
                .contains("firewall")
                .contains("az keyvault show --name acme-vault");
        assertThat(hint.indexOf("az role assignment list")).as("the read-only check first").isPositive()
                .isLessThan(hint.indexOf("az role assignment create"));
        assertThat(hint)
                .contains("same configName");
    }

    @Test
    void timedOutWhileUpdatingResourcesSaysNothingIsWrong() {
        Decision.Finish finish = (Decision.Finish) POLICY.afterStatus(JobStatus.UPDATE_EXISTING_RESOURCES, 40, NOW,
                NOW);

        assertThat(hint(finish.verdict(), finish.reason(), "UPDATE_EXISTING_RESOURCES", VAULT))
                .contains("accepted the key").contains("nothing to fix").contains(ORG);
    }

    @Test
    void timedOutAfterPlatformErrorsNamesTheRegionHost() {
        String lastError = new FailureClassifier().classify(new PlatformCallException(PlatformOperation.GET_CONFIG,
                503, new PlatformError("503001", "Service Unavailable"), null, null)).reason();
        Decision.Finish finish = (Decision.Finish) POLICY.afterRetriableFailure(lastError, 7, NOW, NOW);

        assertThat(hint(finish.verdict(), finish.reason(), null, VAULT))
                .startsWith("The Platform (platform-nld2.adobe.io) did not answer successfully")
                .contains("same configName");
    }

    @Test
    void timedOutAfterImsGaveNoAnswerNamesIms() {
        String lastError = new PlatformCallException(PlatformOperation.IMS_TOKEN, 0, null, null,
                new ConnectException("Connection refused")).getMessage();
        Decision.Finish finish = (Decision.Finish) POLICY.afterRetriableFailure(lastError, 3, NOW, NOW);

        assertThat(hint(finish.verdict(), finish.reason(), null, VAULT)).startsWith("IMS (the ims.url host)");
    }

    @Test
    void timedOutBeforeTheWorkerTookItAsksForALaterDeadline() {
        String reason = "the deadline 2026-01-01T00:00:00Z had passed when the worker took the request; nothing was"
                + " sent to the Platform";

        assertThat(hint(Verdict.TIMED_OUT, reason, null, VAULT)).contains("later deadline");
    }

    @Test
    void imsThatDidNotAnswerIsSaidToHaveNotAnsweredNotToHaveRefused() {
        String reason = new FailureClassifier().classify(new PlatformCallException(PlatformOperation.IMS_TOKEN, 0, null,
                null, new ConnectException("Connection refused"))).reason();

        assertThat(Hints.forCallFailure(reason, VAULT))
                .startsWith("Nothing answered from IMS (the ims.url host)")
                .contains("nothing was refused")
                .doesNotContain("IMS refused");
    }

    @Test
    void aPlatformThatDidNotAnswerNamesTheRegionsHost() {
        String reason = new PlatformCallException(PlatformOperation.APP_REGISTRATION, 0, null, null,
                new java.net.http.HttpTimeoutException("request timed out")).getMessage();

        assertThat(Hints.forCallFailure(reason, VAULT)).startsWith("Nothing answered from the Platform"
                + " (platform-nld2.adobe.io)");
    }

    @Test
    void forbiddenWithProfileNotValidIsAMissingProductProfile() {
        String reason = call(PlatformOperation.CREATE_CONFIG, 403, "403025", "Profile is not valid");

        assertThat(hint(Verdict.ERROR, reason, null, VAULT))
                .contains("credential 'acme-prod' for org " + ORG)
                .contains("product profile")
                .contains("Manage Customer Managed Key");
    }

    @Test
    void otherForbiddenIsTheWrongOrgForTheCredential() {
        String reason = call(PlatformOperation.CREATE_CONFIG, 403, "403027",
                "imsOrgId in the body must equal the x-gw-ims-org-id header");

        assertThat(hint(Verdict.ERROR, reason, null, VAULT))
                .startsWith("The Platform refused org " + ORG + " for credential 'acme-prod' (403 403027)")
                .contains("check the org ID");
    }

    @Test
    void imsRefusingTheSecretNamesTheCredentialKeys() {
        String reason = call(PlatformOperation.IMS_TOKEN, 401, "invalid_client", "invalid client_secret parameter");

        assertThat(hint(Verdict.ERROR, reason, null, VAULT))
                .contains("IMS refused credential 'acme-prod' (HTTP 401)")
                .contains("credentials.acme-prod.client.id and credentials.acme-prod.client.secret");
    }

    @Test
    void imsRefusingTheScopesPointsAtTheProductProfile() {
        String reason = call(PlatformOperation.IMS_TOKEN, 400, "invalid_scope", "scope is required");

        assertThat(hint(Verdict.ERROR, reason, null, VAULT))
                .contains("scopes of credential 'acme-prod'")
                .contains("Experience Platform API with a product profile");
    }

    @Test
    void secondUnauthorizedPointsAtTheCredentialsProject() {
        String reason = call(PlatformOperation.GET_CONFIG, 401, "401013", "Oauth token is not valid");

        assertThat(hint(Verdict.ERROR, reason, null, VAULT)).contains("fresh tokens of credential 'acme-prod'");
    }

    @Test
    void nameTakenByAnotherKeyAsksForANewName() {
        String reason = "a configuration named 'cmk-config' already exists for this organisation with another key"
                + " (other.vault.azure.net, key k); choose another configName";

        assertThat(hint(Verdict.ERROR, reason, "COMPLETED", VAULT))
                .contains("'cmk-config' is taken in org " + ORG).contains("new configName");
    }

    @Test
    void unknownCredentialNamesTheKeysToAdd() {
        String reason = new FailureClassifier().classify(new UnknownCredentialException("acme-prod")).reason();

        assertThat(hint(Verdict.ERROR, reason, null, VAULT))
                .contains("no credential 'acme-prod'").contains("credentials.acme-prod.client.id");
    }

    @Test
    void otherPlatformRefusalsPointAtTheKeyIdentifierAndRegion() {
        String reason = call(PlatformOperation.CREATE_CONFIG, 400, "", "configData.keyVaultKeyIdentifier must be an"
                + " https key identifier");

        assertThat(hint(Verdict.ERROR, reason, null, VAULT)).contains("HTTP 400").contains("region NLD2");
    }

    @Test
    void defectsPointAtTheLog() {
        String reason = new FailureClassifier().classify(new IllegalStateException("boom")).reason();

        assertThat(hint(Verdict.ERROR, reason, null, VAULT)).contains("worker's log");
    }

    @Test
    void breakerOpenUntilTheDeadlineIsAnUnreachablePlatform() {
        String lastError = new FailureClassifier().classify(new CircuitOpenException("platform:platform.adobe.io", java.time.Duration.ofSeconds(5)))
                .reason();
        Decision.Finish finish = (Decision.Finish) POLICY.afterRetriableFailure(lastError, 9, NOW, NOW);

        assertThat(hint(finish.verdict(), finish.reason(), null, VAULT)).startsWith("The Platform (");
    }

    @Test
    void completedAndRejectedGetNoHint() {
        assertThat(hint(Verdict.COMPLETED, "done", "COMPLETED", VAULT)).isNull();
        assertThat(hint(Verdict.REJECTED, "invalid request", null, VAULT)).isNull();
    }

    @Test
    void aFailedJobWithAnUnparsableKeyStillGetsTheChecklist() {
        Hints.Subject odd = new Hints.Subject(ORG, "VA7", "c", "not a url", "acme-prod");

        assertThat(hint(Verdict.FAILED, "x", "FAILED", odd)).contains("could not use the key")
                .contains("--name <vault>");
    }

    @Test
    void readsTheCallFailureOutOfATimedOutReason() {
        String reason = "the deadline 2026-01-01T00:00:00Z passed after 5 failed attempts; last error: "
                + call(PlatformOperation.GET_CONFIG, 503, "503001", "Service Unavailable");

        assertThat(Hints.callFailure(reason)).contains(
                new Hints.CallFailure(PlatformOperation.GET_CONFIG, 503, "503001", "Service Unavailable"));
        assertThat(Hints.callFailure(call(PlatformOperation.CREATE_CONFIG, 400, "", "Bad Request: body is not JSON")))
                .contains(new Hints.CallFailure(PlatformOperation.CREATE_CONFIG, 400, "", "Bad Request: body is not JSON"));
        assertThat(Hints.callFailure("something else")).isEmpty();
    }

    private static String hint(Verdict verdict, String reason, String jobStatus, Hints.Subject subject) {
        String hint = Hints.forOutcome(verdict, reason, jobStatus, subject);
        if (hint != null) {
            assertThat(hint).as("one line").doesNotContain("\n");
        }
        return hint;
    }

    private static String finishReason(JobStatus status) {
        return ((Decision.Finish) POLICY.afterStatus(status, 3, NOW.plusSeconds(60), NOW)).reason();
    }

    private static String call(PlatformOperation op, int status, String code, String message) {
        return new FailureClassifier().classify(new PlatformCallException(op, status, new PlatformError(code, message),
                null, null)).reason();
    }
}
