package io.cmkworker.preflight;

import io.cmkworker.pipeline.AzureSources;

/** What a preflight checks for one key, in the order it checks them, each with where the requirement is written. */
public enum Check {
    /** The line's key identifier is one (https://{vault}.vault.azure.net/keys/{name}[/{version}]). */
    IDENTIFIER("key identifier", AzureSources.ADOBE_API_SETUP),
    /** The vault's name resolves and the vault answers; its 401 challenge names its tenant. */
    VAULT("vault exists", AzureSources.MS_CHALLENGE),
    /** This credential can read the key (a token for the vault's tenant, and get/read on the key). */
    READ("key readable", AzureSources.MS_GET_KEY),
    /** The key exists. */
    EXISTS("key exists", AzureSources.ADOBE_ALERTS),
    /** The key is enabled. */
    ENABLED("enabled", AzureSources.ADOBE_ALERTS),
    /** Now is within the key's not-before and expiry dates. */
    DATES("within nbf/exp", AzureSources.ADOBE_ALERTS),
    /** The key is RSA or RSA-HSM. */
    TYPE("RSA or RSA-HSM", AzureSources.ADOBE_VAULT_CONFIG),
    /** The RSA key has at least the configured number of bits. */
    SIZE("key size", AzureSources.ADOBE_VAULT_CONFIG),
    /** wrapKey and unwrapKey are permitted operations. */
    OPERATIONS("wrapKey, unwrapKey", AzureSources.ADOBE_API_SETUP),
    /** Soft delete and purge protection, read from the key's recoveryLevel. */
    RECOVERY("soft delete, purge protection", AzureSources.ADOBE_VAULT_CONFIG),
    /** The vault uses the Azure RBAC permission model (Resource Manager). */
    RBAC("Azure RBAC", AzureSources.ADOBE_VAULT_CONFIG),
    /** A restricted vault lets trusted Microsoft services through (Resource Manager). */
    NETWORK("network", AzureSources.ADOBE_VAULT_CONFIG),
    /** Adobe's CMK app has a service principal in the vault's tenant (Microsoft Graph). */
    CONSENT("CMK app consent", AzureSources.ADOBE_API_SETUP),
    /** That service principal holds "Key Vault Crypto Service Encryption User" on the vault (Resource Manager). */
    ROLE("CMK app role", AzureSources.ADOBE_API_SETUP);

    private final String label;
    private final String source;

    Check(String label, String source) {
        this.label = label;
        this.source = source;
    }

    public String label() {
        return label;
    }

    /** Where the requirement is written. */
    public String source() {
        return source;
    }
}
