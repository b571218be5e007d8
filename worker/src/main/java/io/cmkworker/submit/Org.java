package io.cmkworker.submit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One organisation to onboard, as a line of a submit file gives it: the request's fields as text (checked
 * later, with the worker's rules), the line it came from, and which attempt this is (1 for a first
 * submission; a retry counts up).
 *
 * @param line the line of the original input file (kept through results files and retries)
 * @param deadline empty for the worker's default; an ISO-8601 time or a duration from submission
 */
public record Org(int line, String orgId, String region, String configName, String keyVaultKeyIdentifier,
                  String credentialRef, String deadline, Map<String, String> metadata, int attempt) {

    public Org {
        orgId = nullToEmpty(orgId);
        region = nullToEmpty(region);
        configName = nullToEmpty(configName);
        keyVaultKeyIdentifier = nullToEmpty(keyVaultKeyIdentifier);
        credentialRef = nullToEmpty(credentialRef);
        deadline = nullToEmpty(deadline);
        metadata = Map.copyOf(new TreeMap<>(Objects.requireNonNull(metadata, "metadata")));
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
        }
    }

    /** The same organisation for another attempt, under {@code configName}. */
    Org retry(String newConfigName) {
        return new Org(line, orgId, region, newConfigName, keyVaultKeyIdentifier, credentialRef, deadline, metadata,
                attempt + 1);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
