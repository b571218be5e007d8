package io.cmkworker.preflight;

import io.cmkworker.pipeline.AzureKeySetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to do about a failed check, as commands for the key's vault, one per line: the read-only look first,
 * and a change only after its warning (a {@code # WARNING} line) when it cannot be undone (from
 * {@link AzureKeySetup}).
 */
final class Remedies {

    private static final String APP = "<CMK app ID>";

    private Remedies() {
    }

    private static String lines(String check, List<String> change) {
        List<String> all = new ArrayList<>(List.of(check));
        all.addAll(change);
        return String.join("\n", all);
    }

    /** One entry per failed check (and per check the credential could not make), in the checks' order. */
    static List<String> of(List<Finding> findings, Optional<AzureKeySetup> key, Optional<String> tenant,
                           Optional<String> applicationId, int minRsaBits) {
        List<String> out = new ArrayList<>();
        String app = applicationId.orElse(APP);
        boolean vaultAnswered = findings.stream().anyMatch(f -> f.check() == Check.VAULT && f.status() == Finding.Status.PASS);
        for (Finding f : findings) {
            boolean unreadable = f.check() == Check.READ && f.status() == Finding.Status.NOT_CHECKED && vaultAnswered;
            if (f.status() != Finding.Status.FAIL && !unreadable) {
                continue;
            }
            if (key.isEmpty()) {
                out.add(f.check().label() + ": fix the key identifier (https://{vault}.vault.azure.net/keys/{name})");
                continue;
            }
            AzureKeySetup k = key.get();
            String v = k.managedHsm() ? "--hsm-name " + k.vaultName() : "--vault-name " + k.vaultName();
            String todo = switch (f.check()) {
                case IDENTIFIER -> "fix the key identifier";
                case VAULT -> "check the name: az keyvault show " + (k.managedHsm() ? "--hsm-name " : "--name ")
                        + k.vaultName() + " (a deleted vault: az keyvault list-deleted)";
                case READ -> f.detail().startsWith("no credential") ? "run preflight without --no-credential to check"
                        + " the key" : f.detail().startsWith("no token") ? "give DefaultAzureCredential a credential:"
                        + " az login" + tenant.map(t -> " --tenant " + t).orElse("") + ", or AZURE_TENANT_ID, AZURE_CLIENT_ID"
                        + " and AZURE_CLIENT_SECRET in the environment, or a managed identity"
                        + tenant.map(t -> " (a tenant other than the credential's own also needs --allow-tenant " + t
                        + ")").orElse("") : "to check the key, run preflight as someone who may read it (e.g. with the role"
                        + " \"Key Vault Reader\" on the vault)" + tenant.map(t -> ", signed in to tenant " + t
                        + " (az login --tenant " + t + "; a tenant other than the credential's own also needs"
                        + " --allow-tenant " + t + ")").orElse("");
                case EXISTS -> "list the vault's keys: az keyvault key list " + v + " --query \"[].name\"";
                case ENABLED -> k.keyCheck() + "\naz keyvault key set-attributes " + v + " --name " + k.keyName()
                        + " --enabled true";
                case DATES -> k.keyCheck() + "\naz keyvault key set-attributes " + v + " --name " + k.keyName()
                        + " --not-before <now or earlier> --expires <later>";
                case TYPE, SIZE -> "a key's type and size never change: create another, then use its identifier: az"
                        + " keyvault key create " + v + " --name <new-key> --kty RSA --size " + minRsaBits
                        + " --ops wrapKey unwrapKey";
                case OPERATIONS -> k.keyCheck() + "\naz keyvault key set-attributes " + v + " --name " + k.keyName()
                        + " --ops wrapKey unwrapKey <the operations it has now>";
                case RECOVERY -> lines(k.showSettings(), k.enablePurgeProtection());
                case RBAC -> lines(k.showSettings(), k.enableRbac());
                case NETWORK -> lines(k.showSettings(), k.openFirewallToAdobe());
                case CONSENT -> "an administrator of tenant " + tenant.orElse("?") + " accepts the consent URL"
                        + " ('app-registration --file' prints it), then check: az ad sp show --id " + app;
                case ROLE -> k.roleAssignments(app) + "\n" + k.roleAssignment(app);
            };
            out.add(f.check().label() + ": " + todo);
        }
        return out;
    }
}
