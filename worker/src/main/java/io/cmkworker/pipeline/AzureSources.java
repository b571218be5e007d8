package io.cmkworker.pipeline;

/**
 * Where each requirement the hints and the preflight name is written: Adobe's pages for what the Platform
 * needs, Microsoft's for what the values mean and what a change does. Every preflight check names one of
 * these, and so does the operator guide; a requirement with no source here is not checked.
 */
public final class AzureSources {

    private static final String CMK = "https://experienceleague.adobe.com/en/docs/experience-platform/landing/"
            + "governance-privacy-security/customer-managed-keys/";

    /** Adobe, "Set up and configure customer-managed keys for Azure using the API": prerequisites, consent, role, wrapKey/unwrapKey. */
    public static final String ADOBE_API_SETUP = CMK + "azure/api-set-up";
    /** Adobe, "Configure an Azure Key Vault": soft delete and purge protection, Azure RBAC, networking, RSA/RSA-HSM of at least 3072 bits. */
    public static final String ADOBE_VAULT_CONFIG = CMK + "azure/azure-key-vault-config";
    /** Adobe, "Configure alerts and IP allowlist for Azure CMK": Adobe's static IP 20.88.123.53 on a restricted vault. */
    public static final String ADOBE_IP_ALLOWLIST = CMK + "azure/alerts-and-ip-access";
    /** Adobe, "CMK alert resolution reference": a disabled key, wrapKey/unwrapKey removed, nbf in the future, exp in the past. */
    public static final String ADOBE_ALERTS = CMK + "alert-resolution-reference";
    /** Microsoft, Key Vault soft-delete overview: purge protection, and that it cannot be turned off once on. */
    public static final String MS_PURGE_PROTECTION =
            "https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview#purge-protection";
    /** Microsoft, Key Vault REST "Get Key": the key bundle, its attributes and recoveryLevel values. */
    public static final String MS_GET_KEY = "https://learn.microsoft.com/en-us/rest/api/keyvault/keys/get-key/get-key";
    /** Microsoft, Key Vault authentication: the 401 challenge that names the vault's tenant. */
    public static final String MS_CHALLENGE =
            "https://learn.microsoft.com/en-us/azure/key-vault/general/authentication-requests-and-responses";
    /** Microsoft, moving a vault from access policies to Azure RBAC: access policies stop applying. */
    public static final String MS_RBAC_MIGRATION = "https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-migration";
    /** Microsoft, built-in roles for security: "Key Vault Crypto Service Encryption User". */
    public static final String MS_ROLES =
            "https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/security";
    /** Microsoft identity platform: the {tenant} segment of its endpoints (common, organizations, or a tenant ID). */
    public static final String MS_IDENTITY_ENDPOINTS =
            "https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols#endpoints";
    /** Microsoft, Key Vault network security: "Allow trusted Microsoft services to bypass this firewall". */
    public static final String MS_NETWORK = "https://learn.microsoft.com/en-us/azure/key-vault/general/network-security";

    private AzureSources() {
    }
}
