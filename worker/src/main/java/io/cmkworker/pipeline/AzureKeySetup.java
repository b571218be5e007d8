package io.cmkworker.pipeline;

import io.cmkworker.domain.KeyIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The Azure side of onboarding one key, as commands a person copies into a shell: the role Adobe's
 * CMK app needs on the vault (or Managed HSM), the vault settings the Platform requires (soft delete,
 * purge protection, Azure RBAC), and a look at the key's type and permitted operations. Role names
 * and scopes are Microsoft's: "Key Vault Crypto Service Encryption User" on the vault's resource ID
 * (it only works for vaults in the Azure RBAC permission model), and "Managed HSM Crypto Service
 * Encryption User" on {@code /keys} of a Managed HSM (its local RBAC).
 *
 * @param vaultName the vault or Managed HSM name (the first label of the key identifier's host)
 * @param managedHsm whether the key lives in a Managed HSM ({@code *.managedhsm.azure.net} and the
 *     other clouds' equivalents) rather than a vault
 * @param keyName the key's name
 */
public record AzureKeySetup(String vaultName, boolean managedHsm, String keyName) {

    /** The Azure RBAC role Adobe's CMK app needs on a key vault. */
    public static final String VAULT_ROLE = "Key Vault Crypto Service Encryption User";
    /** The Managed HSM local RBAC role Adobe's CMK app needs on a Managed HSM. */
    public static final String HSM_ROLE = "Managed HSM Crypto Service Encryption User";
    /** The smallest RSA key the Platform accepts (Azure Cosmos DB needs 3072 bits). */
    public static final int MIN_RSA_BITS = 3072;

    private static final AzureKeySetup PLACEHOLDER = new AzureKeySetup("<vault-name>", false, "<key-name>");

    public AzureKeySetup {
        Objects.requireNonNull(vaultName, "vaultName");
        Objects.requireNonNull(keyName, "keyName");
    }

    /** The setup of the key a key identifier names, or empty when it is not one. */
    public static Optional<AzureKeySetup> of(String keyVaultKeyIdentifier) {
        return KeyIdentifier.parse(keyVaultKeyIdentifier).map(key -> {
            String host = key.vaultHost().toLowerCase(Locale.ROOT);
            int dot = host.indexOf('.');
            String vault = dot < 0 ? host : host.substring(0, dot);
            return new AzureKeySetup(vault, host.contains(".managedhsm."), key.keyName());
        });
    }

    /** The role to grant, by the kind of key store. */
    public String role() {
        return managedHsm ? HSM_ROLE : VAULT_ROLE;
    }

    /** Grants {@code applicationId} (Adobe's CMK app, from {@code app-registration}) the role on this key store. */
    public String roleAssignment(String applicationId) {
        return roleAssignment(managedHsm, vaultName, applicationId);
    }

    /**
     * The role assignment for a vault or Managed HSM by name. A vault's scope is its Azure resource ID,
     * which {@code az keyvault show} prints, so the command needs no subscription or resource group.
     */
    public static String roleAssignment(boolean managedHsm, String storeName, String applicationId) {
        if (managedHsm) {
            return "az keyvault role assignment create --hsm-name " + storeName + " --role \"" + HSM_ROLE
                    + "\" --assignee " + applicationId + " --scope /keys";
        }
        return "az role assignment create --role \"" + VAULT_ROLE + "\" --assignee " + applicationId
                + " --scope \"$(az keyvault show --name " + storeName + " --query id --output tsv)\"";
    }

    /**
     * Turns on what the Platform requires of the store: purge protection (soft delete is always on in new
     * vaults) and, for a vault, the Azure RBAC permission model. Purge protection cannot be turned off again.
     */
    public String storeSettings() {
        if (managedHsm) {
            return "az keyvault update-hsm --hsm-name " + vaultName + " --enable-purge-protection true";
        }
        return "az keyvault update --name " + vaultName + " --enable-purge-protection true"
                + " --enable-rbac-authorization true";
    }

    /** One manual step of the setup: what to do, and the commands that do or check it. */
    public record Step(String what, List<String> commands) {
        public Step {
            commands = List.copyOf(commands);
        }
    }

    /**
     * The manual steps after {@code app-registration}, in the reference's order: accept the consent, grant
     * the role, check the vault and the key. With the key known, the commands name its vault or Managed HSM;
     * without it, both kinds are shown with a placeholder name.
     */
    public static List<Step> consentSteps(String applicationId, Optional<AzureKeySetup> key) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("An administrator of the Azure tenant that holds the key opens the consent URL above in a"
                + " browser and selects Accept: this adds the CMK app's service principal to the tenant (once per"
                + " tenant). Then check that it is there:", List.of("az ad sp show --id " + applicationId)));
        if (key.isPresent()) {
            steps.add(new Step("Grant the app the role \"" + key.get().role() + "\" on "
                    + (key.get().managedHsm() ? "Managed HSM '" : "vault '") + key.get().vaultName() + "':",
                    List.of(key.get().roleAssignment(applicationId))));
            steps.add(new Step("Make sure the " + (key.get().managedHsm() ? "Managed HSM" : "vault") + " keeps deleted"
                    + " keys (soft delete and purge protection" + (key.get().managedHsm() ? "" : ", Azure RBAC"
                    + " permission model") + ") and that key '" + key.get().keyName() + "' is RSA or RSA-HSM of at"
                    + " least " + MIN_RSA_BITS + " bits, enabled, with wrapKey and unwrapKey permitted:",
                    List.of(key.get().storeSettings(), key.get().keyCheck())));
        } else {
            steps.add(new Step("Grant the app the role on the key vault (\"" + VAULT_ROLE + "\"; the vault must use the"
                    + " Azure RBAC permission model) or, for a key in a Managed HSM, \"" + HSM_ROLE + "\" at scope /keys:",
                    List.of(roleAssignment(false, "<vault-name>", applicationId),
                            roleAssignment(true, "<hsm-name>", applicationId))));
            steps.add(new Step("Make sure the vault keeps deleted keys (soft delete and purge protection) and uses Azure"
                    + " RBAC, and that the key is RSA or RSA-HSM of at least " + MIN_RSA_BITS + " bits with wrapKey and"
                    + " unwrapKey permitted (--key KEY_IDENTIFIER prints the commands for one key):",
                    List.of(PLACEHOLDER.storeSettings(), PLACEHOLDER.keyCheck())));
        }
        return steps;
    }

    /** Shows the key's type, permitted operations and whether it is enabled. */
    public String keyCheck() {
        return "az keyvault key show " + (managedHsm ? "--hsm-name " : "--vault-name ") + vaultName + " --name "
                + keyName + " --query \"{type:key.kty, operations:key.keyOps, enabled:attributes.enabled}\"";
    }
}
