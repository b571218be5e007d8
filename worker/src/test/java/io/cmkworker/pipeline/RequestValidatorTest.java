package io.cmkworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.domain.Violation;
import io.cmkworker.events.OnboardingRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private final RequestValidator validator = new RequestValidator(Set.of("acme-prod", "acme-dev"));

    @Test
    void acceptsAValidRequest() {
        assertThat(validator.validate(valid().build(), NOW)).isEmpty();
    }

    @Test
    void acceptsKeyIdentifierWithoutVersionAndRegionInLowerCase() {
        OnboardingRequest request = valid()
                .setKeyVaultKeyIdentifier("https://acme.vault.azure.net/keys/cmk")
                .setRegion("aus5")
                .build();

        assertThat(validator.validate(request, NOW)).isEmpty();
    }

    @Test
    void acceptsRequestWithoutDeadline() {
        assertThat(validator.validate(valid().setDeadline(null).build(), NOW)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"requestId", "orgId", "region", "configName", "keyVaultKeyIdentifier", "credentialRef"})
    void blankRequiredFieldIsReported(String field) {
        OnboardingRequest request = valid().build();
        request.put(field, "  ");

        List<Violation> violations = validator.validate(request, NOW);

        assertThat(violations).containsExactly(new Violation(field, "  ", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"requestId", "orgId", "region", "configName", "keyVaultKeyIdentifier", "credentialRef"})
    void missingRequiredFieldIsReported(String field) {
        OnboardingRequest request = valid().build();
        request.put(field, null);

        assertThat(validator.validate(request, NOW)).containsExactly(new Violation(field, "", "is required"));
    }

    @Test
    void orgIdMustEndWithAdobeOrg() {
        List<Violation> violations = validator.validate(valid().setOrgId("0123456789ABCDEF01234567").build(), NOW);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("orgId");
            assertThat(v.value()).isEqualTo("0123456789ABCDEF01234567");
            assertThat(v.rule()).contains("@AdobeOrg");
        });
    }

    @Test
    void unknownRegionIsReported() {
        List<Violation> violations = validator.validate(valid().setRegion("EU1").build(), NOW);

        assertThat(violations).containsExactly(new Violation("region", "EU1", "must be one of VA7, NLD2, AUS5"));
    }

    @Test
    void providerMustBeAzureKeyVault() {
        List<Violation> violations = validator.validate(valid().setProvider("AWS_KMS").build(), NOW);

        assertThat(violations).containsExactly(new Violation("provider", "AWS_KMS", "must be AZURE_KEYVAULT"));
    }

    @Test
    void providerDefaultsToAzureKeyVault() {
        OnboardingRequest request = OnboardingRequest.newBuilder()
                .setRequestId("req-1")
                .setOrgId("0123456789ABCDEF01234567@AdobeOrg")
                .setRegion("VA7")
                .setConfigName("acme-cmk")
                .setKeyVaultKeyIdentifier("https://acme.vault.azure.net/keys/cmk/0a1b2c3d4e5f60718293a4b5c6d7e8f9")
                .setCredentialRef("acme-prod")
                .setRequestedAt(NOW.minusSeconds(1))
                .build();

        assertThat(validator.validate(request, NOW)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://acme.vault.azure.net/keys/cmk",
        "acme.vault.azure.net/keys/cmk",
        "https://acme.vault.azure.net/secrets/cmk",
        "https://acme.vault.azure.net/keys/",
        "https://acme.vault.azure.net/keys/cmk/v1/extra",
        "https://acme.vault.azure.net",
        "ftp://acme.vault.azure.net/keys/cmk",
        "not a url at all",
    })
    void keyIdentifierMustBeHttpsWithKeysNameAndOptionalVersion(String keyId) {
        List<Violation> violations = validator.validate(valid().setKeyVaultKeyIdentifier(keyId).build(), NOW);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("keyVaultKeyIdentifier");
            assertThat(v.value()).isEqualTo(keyId);
            assertThat(v.rule()).contains("https").contains("/keys/{name}[/{version}]");
        });
    }

    @Test
    void rejectsKeyIdentifierOutsideAzureKeyVault() {
        List<Violation> violations = validator.validate(
                valid().setKeyVaultKeyIdentifier("https://attacker.example.com/keys/cmk").build(), NOW);

        assertThat(violations).extracting(Violation::field).containsExactly("keyVaultKeyIdentifier");
    }

    @Test
    void unknownCredentialIsReported() {
        List<Violation> violations = validator.validate(valid().setCredentialRef("acme-staging").build(), NOW);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("credentialRef");
            assertThat(v.value()).isEqualTo("acme-staging");
            assertThat(v.rule()).contains("credential configured in the worker");
        });
    }

    @Test
    void deadlineBeforeTheRequestWasMadeIsReported() {
        Instant before = NOW.minusSeconds(6); // requestedAt is NOW - 5 s

        List<Violation> violations = validator.validate(valid().setDeadline(before).build(), NOW);

        assertThat(violations).containsExactly(new Violation("deadline", before.toString(),
                "must be after requestedAt"));
    }

    @Test
    void deadlineAtTheMomentOfTheRequestIsReported() {
        assertThat(validator.validate(valid().setDeadline(NOW.minusSeconds(5)).build(), NOW))
                .extracting(Violation::field).containsExactly("deadline");
    }

    @Test
    void aDeadlineThatPassedWhileTheRequestWaitedIsNoRejection() {
        assertThat(validator.validate(valid().setDeadline(NOW.minusSeconds(1)).build(), NOW)).isEmpty();
    }

    @Test
    void deadlineInTheFutureIsAccepted() {
        assertThat(validator.validate(valid().setDeadline(NOW.plusMillis(1)).build(), NOW)).isEmpty();
    }

    @Test
    void listsEveryProblemAtOnce() {
        OnboardingRequest request = valid()
                .setRequestId("")
                .setOrgId("acme")
                .setRegion("EU1")
                .setConfigName(" ")
                .setProvider("AWS_KMS")
                .setKeyVaultKeyIdentifier("http://acme.vault.azure.net/keys/cmk")
                .setCredentialRef("nobody")
                .setDeadline(NOW.minusSeconds(60))
                .build();

        List<Violation> violations = validator.validate(request, NOW);

        assertThat(violations).extracting(Violation::field).containsExactly(
                "requestId", "orgId", "region", "configName", "provider", "keyVaultKeyIdentifier", "credentialRef",
                "deadline");
    }

    @Test
    void violationValuesAreSafeToShow() {
        String forged = "acme\nINFO granted\u001b[31m";

        List<Violation> violations = validator.validate(valid().setOrgId(forged).build(), NOW);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.value()).doesNotContain("\n").doesNotContain("\u001b").contains("\\u000a");
            assertThat(v.toString()).startsWith("orgId '").doesNotContain("\n");
        });
    }

    @Test
    void longValuesAreCutInTheViolation() {
        String longName = "x".repeat(5_000) + "@AdobeOrg";

        List<Violation> violations = validator.validate(valid().setRegion(longName).build(), NOW);

        assertThat(violations).singleElement().satisfies(v -> assertThat(v.value()).hasSizeLessThan(200));
    }

    private static OnboardingRequest.Builder valid() {
        return OnboardingRequest.newBuilder()
                .setRequestId("req-1")
                .setOrgId("0123456789ABCDEF01234567@AdobeOrg")
                .setRegion("VA7")
                .setConfigName("acme-cmk")
                .setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier("https://acme.vault.azure.net/keys/cmk/0a1b2c3d4e5f60718293a4b5c6d7e8f9")
                .setCredentialRef("acme-prod")
                .setRequestedAt(NOW.minusSeconds(5))
                .setDeadline(NOW.plusSeconds(3600))
                .setMetadata(Map.of());
    }
}
