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
 * purge protection, Azure RBAC, trusted Microsoft services through a firewall), and a look at the key.
 * Role names and scopes are Microsoft's: "Key Vault Crypto Service Encryption User" on the vault's
 * resource ID (it only works for vaults in the Azure RBAC permission model), and "Managed HSM Crypto
 * Service Encryption User" on {@code /keys} of a Managed HSM (its local RBAC).
 *
 * <p>Read-only commands come first. A command that changes the vault comes after a plain warning of
 * what it does that cannot be taken back: purge protection cannot be turned off once on
 * ({@link AzureSources#MS_PURGE_PROTECTION}); switching a vault from access policies to Azure RBAC makes
 * its access policies stop applying ({@link AzureSources#MS_RBAC_MIGRATION}). Warnings are shell comments
 * ({@code # ...}), so a pasted block runs only the commands.
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
    /**
     * The smallest RSA key the hints name: Adobe's "Configure an Azure Key Vault" asks for at least 3072 bits
     * "as required for Azure Cosmos DB" ({@link AzureSources#ADOBE_VAULT_CONFIG}). The preflight holds keys to
     * a threshold of its own, set by an option with this default.
     */
    public static final int MIN_RSA_BITS = 3072;
    /** Adobe's static IP address, for a vault whose firewall restricts access ({@link AzureSources#ADOBE_IP_ALLOWLIST}). */
    public static final String ADOBE_IP = "20.88.123.53";
    /** What enabling purge protection does that cannot be undone. */
    public static final String PURGE_PROTECTION_WARNING = "# WARNING: purge protection cannot be turned off again once on,"
            + " and deleted keys then stay until their retention ends (" + AzureSources.MS_PURGE_PROTECTION + ")";
    /** What switching a vault to the Azure RBAC permission model does to its access policies. */
    public static final String RBAC_WARNING = "# WARNING: in the Azure RBAC permission model the vault's access policies"
            + " stop applying: whoever uses it through an access policy loses that access until given a role; list them"
            + " first with 'az keyvault show --name {vault} --query properties.accessPolicies' ("
            + AzureSources.MS_RBAC_MIGRATION + ")";

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

    /** {@code vault 'acme'} or {@code Managed HSM 'acme'}. */
    public String store() {
        return (managedHsm ? "Managed HSM '" : "vault '") + vaultName + "'";
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
                + " --scope " + vaultScope(storeName);
    }

    /** Read-only: whether {@code applicationId} holds the role on this store (here or inherited from above). */
    public String roleAssignments(String applicationId) {
        if (managedHsm) {
            return "az keyvault role assignment list --hsm-name " + vaultName + " --assignee " + applicationId
                    + " --role \"" + HSM_ROLE + "\" --scope /keys";
        }
        return "az role assignment list --assignee " + applicationId + " --role \"" + VAULT_ROLE + "\" --scope "
                + vaultScope(vaultName) + " --include-inherited --output table";
    }

    private static String vaultScope(String vaultName) {
        return "\"$(az keyvault show --name " + vaultName + " --query id --output tsv)\"";
    }

    /** Read-only: the store's soft delete, purge protection, permission model and network settings. */
    public String showSettings() {
        if (managedHsm) {
            return "az keyvault show --hsm-name " + vaultName + " --query \"{softDelete:properties.enableSoftDelete,"
                    + " purgeProtection:properties.enablePurgeProtection,"
                    + " publicNetworkAccess:properties.publicNetworkAccess, firewall:properties.networkAcls}\"";
        }
        return "az keyvault show --name " + vaultName + " --query \"{softDelete:properties.enableSoftDelete,"
                + " purgeProtection:properties.enablePurgeProtection, rbac:properties.enableRbacAuthorization,"
                + " publicNetworkAccess:properties.publicNetworkAccess, firewall:properties.networkAcls}\"";
    }

    /** Read-only: the key's type, permitted operations, state, dates and recovery level. */
    public String keyCheck() {
        return "az keyvault key show " + (managedHsm ? "--hsm-name " : "--vault-name ") + vaultName + " --name "
                + keyName + " --query \"{type:key.kty, operations:key.keyOps, enabled:attributes.enabled,"
                + " notBefore:attributes.notBefore, expires:attributes.expires, recoveryLevel:attributes.recoveryLevel}\"";
    }

    /** Changes the store, for good: turns purge protection on. Preceded by {@link #PURGE_PROTECTION_WARNING}. */
    public List<String> enablePurgeProtection() {
        return List.of(PURGE_PROTECTION_WARNING, managedHsm
                ? "az keyvault update-hsm --hsm-name " + vaultName + " --enable-purge-protection true"
                : "az keyvault update --name " + vaultName + " --enable-purge-protection true");
    }

    /** Changes the vault's permission model to Azure RBAC, preceded by {@link #RBAC_WARNING}; none for a Managed HSM. */
    public List<String> enableRbac() {
        if (managedHsm) {
            return List.of();
        }
        return List.of(RBAC_WARNING.replace("{vault}", vaultName),
                "az keyvault update --name " + vaultName + " --enable-rbac-authorization true");
    }

    /**
     * For a vault whose firewall restricts access: lets trusted Microsoft services through and allowlists Adobe's
     * IP, as Adobe asks ({@link AzureSources#ADOBE_VAULT_CONFIG}, {@link AzureSources#ADOBE_IP_ALLOWLIST}); none
     * for a Managed HSM (Adobe's networking steps are for vaults).
     */
    public List<String> openFirewallToAdobe() {
        if (managedHsm) {
            return List.of();
        }
        return List.of("az keyvault update --name " + vaultName + " --bypass AzureServices",
                "az keyvault network-rule add --name " + vaultName + " --ip-address " + ADOBE_IP);
    }

    /** One manual step of the setup: what to do, and the commands that check (first) or do it. */
    public record Step(String what, List<String> commands) {
        public Step {
            commands = List.copyOf(commands);
        }
    }

    /**
     * The manual steps after {@code app-registration}, in the reference's order: accept the consent (once per
     * Azure tenant), grant the role (once per vault), check the vault and the key. With the key known, the
     * commands name its vault or Managed HSM; without it, both kinds are shown with a placeholder name.
     */
    public static List<Step> consentSteps(String applicationId, Optional<AzureKeySetup> key) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("Once per Azure tenant: an administrator of the tenant that holds the key opens the consent"
                + " URL above in a browser and selects Accept: this adds the CMK app's service principal to the tenant."
                + " Check that it is there:", List.of("az ad sp show --id " + applicationId)));
        if (key.isPresent()) {
            AzureKeySetup k = key.get();
            steps.add(new Step("Once per " + (k.managedHsm ? "Managed HSM" : "vault") + ": grant the app the role \""
                    + k.role() + "\" on " + k.store() + ". Check first whether it already holds it:",
                    List.of(k.roleAssignments(applicationId), k.roleAssignment(applicationId))));
            steps.add(new Step(settingsStep(k.managedHsm, "'" + k.keyName + "'"), k.settingsCommands()));
        } else {
            steps.add(new Step("Once per vault: grant the app the role \"" + VAULT_ROLE + "\" on the key vault (the vault"
                    + " must use the Azure RBAC permission model) or, for a key in a Managed HSM, \"" + HSM_ROLE + "\" at"
                    + " scope /keys. Check first whether it already holds it:",
                    List.of(PLACEHOLDER.roleAssignments(applicationId), roleAssignment(false, "<vault-name>", applicationId),
                            roleAssignment(true, "<hsm-name>", applicationId))));
            steps.add(new Step(settingsStep(false, "") + " (--key KEY_IDENTIFIER prints the commands for one key)",
                    PLACEHOLDER.settingsCommands()));
        }
        return steps;
    }

    private static String settingsStep(boolean hsm, String key) {
        return "Check that the " + (hsm ? "Managed HSM" : "vault") + " has soft delete and purge protection on"
                + (hsm ? "" : ", uses the Azure RBAC permission model") + " and, if its firewall restricts access, lets"
                + " trusted Microsoft services through; and that the key " + (key.isEmpty() ? "" : key + " ")
                + "is RSA or RSA-HSM of at least " + MIN_RSA_BITS + " bits, enabled, within its dates, with wrapKey and"
                + " unwrapKey permitted (" + AzureSources.ADOBE_VAULT_CONFIG + "). 'preflight' checks all of this."
                + " Change only what the checks show missing, after reading the warnings:";
    }

    /** Read-only checks, then each change after its warning. */
    private List<String> settingsCommands() {
        List<String> commands = new ArrayList<>(List.of(showSettings(), keyCheck()));
        commands.addAll(enablePurgeProtection());
        commands.addAll(enableRbac());
        return commands;
    }
}
