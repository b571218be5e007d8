package io.cmkworker.preflight;

import io.cmkworker.pipeline.AzureSources;

/**
 * The thresholds a preflight holds keys to; the requirements themselves are Adobe's (see {@link Check}).
 *
 * @param minRsaBits the smallest RSA key accepted. Default {@value #DEFAULT_MIN_RSA_BITS}: Adobe's "Configure an
 *     Azure Key Vault" asks for at least 3072 bits "as required for Azure Cosmos DB"
 *     ({@link Sources#ADOBE_VAULT_CONFIG}); the {@code preflight --min-key-size} option changes it.
 */
public record KeyRequirements(int minRsaBits) {

    public static final int DEFAULT_MIN_RSA_BITS = 3072;
    public static final KeyRequirements DEFAULT = new KeyRequirements(DEFAULT_MIN_RSA_BITS);

    public KeyRequirements {
        if (minRsaBits < 1) {
            throw new IllegalArgumentException("minRsaBits must be at least 1, was " + minRsaBits);
        }
    }
}
