package io.cmkworker.pipeline;

import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.domain.Region;
import io.cmkworker.domain.Violation;
import io.cmkworker.events.OnboardingRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a request before any call is made and lists every problem found, each with the field, the
 * value (shown safely) and the rule.
 */
public final class RequestValidator {

    private final Predicate<String> knownCredential;
    private final KeyVaultRules keyVaultRules;

    public RequestValidator(Set<String> knownCredentials, KeyVaultRules keyVaultRules) {
        Set<String> known = Set.copyOf(knownCredentials);
        this.knownCredential = known::contains;
        this.keyVaultRules = keyVaultRules;
    }

    /** A validator with the default Azure key hosts. */
    public RequestValidator(Set<String> knownCredentials) {
        this(knownCredentials, new KeyVaultRules(KeyVaultRules.DEFAULT_HOST_SUFFIXES));
    }

    public List<Violation> validate(OnboardingRequest request, Instant now) {
        List<Violation> out = new ArrayList<>();
        required(out, "requestId", request.getRequestId());
        if (required(out, "orgId", request.getOrgId()) && !request.getOrgId().endsWith("@AdobeOrg")) {
            out.add(Violation.of("orgId", request.getOrgId(), "must be an Adobe organisation ID ending in @AdobeOrg"));
        }
        if (required(out, "region", request.getRegion()) && Region.find(request.getRegion()).isEmpty()) {
            out.add(Violation.of("region", request.getRegion(), "must be one of VA7, NLD2, AUS5"));
        }
        required(out, "configName", request.getConfigName());
        if (!"AZURE_KEYVAULT".equals(request.getProvider())) {
            out.add(Violation.of("provider", request.getProvider(), "must be AZURE_KEYVAULT"));
        }
        String keyId = request.getKeyVaultKeyIdentifier();
        if (required(out, "keyVaultKeyIdentifier", keyId)) {
            keyVaultRules.problem(keyId).ifPresent(rule -> out.add(Violation.of("keyVaultKeyIdentifier", keyId,
                    rule + " (an Azure key identifier: https://{vault}.vault.azure.net/keys/{name}[/{version}])")));
        }
        if (required(out, "credentialRef", request.getCredentialRef())
                && !knownCredential.test(request.getCredentialRef())) {
            out.add(Violation.of("credentialRef", request.getCredentialRef(),
                    "must name a credential configured in the worker (credentials.<ref>.*)"));
        }
        if (request.getDeadline() != null && !request.getDeadline().isAfter(now)) {
            out.add(Violation.of("deadline", request.getDeadline().toString(), "must not be in the past"));
        }
        return out;
    }

    private static boolean required(List<Violation> out, String field, String value) {
        if (value == null || value.isBlank()) {
            out.add(Violation.of(field, value == null ? "" : value, "is required"));
            return false;
        }
        return true;
    }
}
