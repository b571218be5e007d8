package io.cmkworker.pipeline;

import io.cmkworker.config.ConfigKeys;
import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.domain.Region;
import io.cmkworker.domain.Violation;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.platform.PlatformEndpoints;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a request before any call is made and lists every problem found, each with the field, the
 * value (shown safely: escaped and shortened) and the rule. The rules are in the README's "Rejection
 * reasons" table.
 */
public final class RequestValidator {

    /** Longest request ID and org ID an outcome can echo; longer ones cannot be answered (dead letter). */
    public static final int MAX_ID_LENGTH = 128;

    private static final Pattern REQUEST_ID = Pattern.compile("[\\x21-\\x7e]{1," + MAX_ID_LENGTH + "}");
    private static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9]{1,64}@AdobeOrg");
    private static final Pattern CONFIG_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_KEY_IDENTIFIER = 512;
    private static final int MAX_METADATA_ENTRIES = 32;
    private static final int MAX_METADATA_KEY = 64;
    private static final int MAX_METADATA_VALUE = 512;

    private final Predicate<String> knownCredential;
    private final KeyVaultRules keyVaultRules;
    private final java.time.Duration maxDeadline;

    /**
     * @param maxDeadline how far ahead a deadline may be: the ledger's retention, so a duplicate always
     *     arrives while the ledger still remembers a request that may be running
     */
    public RequestValidator(Set<String> knownCredentials, KeyVaultRules keyVaultRules, java.time.Duration maxDeadline) {
        Set<String> known = Set.copyOf(knownCredentials);
        this.knownCredential = known::contains;
        this.keyVaultRules = keyVaultRules;
        this.maxDeadline = maxDeadline;
    }

    /** A validator with the default Azure key hosts and a 7-day deadline limit. */
    public RequestValidator(Set<String> knownCredentials) {
        this(knownCredentials, new KeyVaultRules(ConfigKeys.KEY_HOSTS.parser().apply(ConfigKeys.KEY_HOSTS.defaultValue())),
                java.time.Duration.ofDays(7));
    }

    /** Whether {@code orgId} is an Adobe organisation ID (1-64 letters and digits, then {@code @AdobeOrg}). */
    public static boolean isOrgId(String orgId) {
        return orgId != null && ORG_ID.matcher(orgId).matches();
    }

    /**
     * Whether {@code name} can be a configuration name: 1-64 letters, digits, '.', '_' and '-', not '.' or '..',
     * and unchanged by URL path encoding (it becomes a path segment).
     */
    public static boolean isConfigName(String name) {
        if (name == null) {
            return false;
        }
        List<Violation> out = new ArrayList<>();
        configName(out, name);
        return out.isEmpty();
    }

    /** Whether an outcome can be addressed to this request at all: it has a usable request ID and org ID. */
    public static boolean answerable(OnboardingRequest request) {
        return usableId(request.getRequestId()) && usableId(request.getOrgId());
    }

    private static boolean usableId(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH;
    }

    public List<Violation> validate(OnboardingRequest request, Instant now) {
        List<Violation> out = new ArrayList<>();
        if (required(out, "requestId", request.getRequestId()) && !REQUEST_ID.matcher(request.getRequestId()).matches()) {
            out.add(Violation.of("requestId", request.getRequestId(),
                    "must be 1-" + MAX_ID_LENGTH + " visible ASCII characters (no spaces or control characters)"));
        }
        if (required(out, "orgId", request.getOrgId()) && !ORG_ID.matcher(request.getOrgId()).matches()) {
            out.add(Violation.of("orgId", request.getOrgId(),
                    "must be an Adobe organisation ID: 1-64 letters and digits, then @AdobeOrg"));
        }
        if (required(out, "region", request.getRegion()) && Region.find(request.getRegion()).isEmpty()) {
            out.add(Violation.of("region", request.getRegion(), "must be one of VA7, NLD2, AUS5"));
        }
        if (required(out, "configName", request.getConfigName())) {
            configName(out, request.getConfigName());
        }
        if (!"AZURE_KEYVAULT".equals(request.getProvider())) {
            out.add(Violation.of("provider", request.getProvider(), "must be AZURE_KEYVAULT"));
        }
        String keyId = request.getKeyVaultKeyIdentifier();
        if (required(out, "keyVaultKeyIdentifier", keyId)) {
            if (keyId.length() > MAX_KEY_IDENTIFIER) {
                out.add(Violation.of("keyVaultKeyIdentifier", keyId, "must be at most " + MAX_KEY_IDENTIFIER
                        + " characters"));
            } else {
                keyVaultRules.problem(keyId).ifPresent(rule -> out.add(Violation.of("keyVaultKeyIdentifier", keyId,
                        rule + " (an Azure key identifier: https://{vault}.vault.azure.net/keys/{name}[/{version}])")));
            }
        }
        if (required(out, "credentialRef", request.getCredentialRef())
                && !knownCredential.test(request.getCredentialRef())) {
            out.add(Violation.of("credentialRef", request.getCredentialRef(),
                    "must name a credential configured in the worker (credentials.<ref>.*)"));
        }
        // A deadline before the request was made is wrong; one that passed while the request waited in Kafka
        // is not: that request ends TIMED_OUT, without a call.
        Instant since = request.getRequestedAt() == null ? now : request.getRequestedAt();
        if (request.getDeadline() != null && !request.getDeadline().isAfter(since)) {
            out.add(Violation.of("deadline", request.getDeadline().toString(), "must be after requestedAt"));
        } else if (request.getDeadline() != null && request.getDeadline().isAfter(now.plus(maxDeadline))) {
            out.add(Violation.of("deadline", request.getDeadline().toString(), "must be at most "
                    + io.cmkworker.config.Durations.format(maxDeadline) + " ahead (ledger.retention)"));
        }
        metadata(out, request.getMetadata());
        return out;
    }

    private static void configName(List<Violation> out, String name) {
        if (!CONFIG_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            out.add(Violation.of("configName", name,
                    "must be 1-64 letters, digits, '.', '_' and '-', and not '.' or '..' (it becomes a URL path segment)"));
            return;
        }
        String encoded = PlatformEndpoints.encodePathSegment(name);
        if (!URLDecoder.decode(encoded, StandardCharsets.UTF_8).equals(name)) {
            out.add(Violation.of("configName", name, "must survive URL path encoding unchanged"));
        }
    }

    private static void metadata(List<Violation> out, Map<String, String> metadata) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            out.add(Violation.of("metadata", metadata.size() + " entries", "must have at most " + MAX_METADATA_ENTRIES
                    + " entries"));
            return;
        }
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY || value.length() > MAX_METADATA_VALUE) {
                out.add(Violation.of("metadata", key, "keys must be 1-" + MAX_METADATA_KEY + " and values at most "
                        + MAX_METADATA_VALUE + " characters"));
            }
        });
    }

    private static boolean required(List<Violation> out, String field, String value) {
        if (value == null || value.isBlank()) {
            out.add(Violation.of(field, value == null ? "" : value, "is required"));
            return false;
        }
        return true;
    }
}
