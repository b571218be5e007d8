package io.cmkworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AzureKeySetupTest {

    @Test
    void readsTheVaultOrManagedHsmAndKeyFromTheKeyIdentifier() {
        assertThat(AzureKeySetup.of("https://Acme-Vault.vault.azure.net/keys/cmk-key/0123456789abcdef0123456789abcdef"))
                .contains(new AzureKeySetup("acme-vault", false, "cmk-key"));
        assertThat(AzureKeySetup.of("https://acme-hsm.managedhsm.azure.cn/keys/cmk-key"))
                .contains(new AzureKeySetup("acme-hsm", true, "cmk-key"));
        assertThat(AzureKeySetup.of("not a key")).isEmpty();
    }

    @Test
    void consentComesFirstThenTheRoleForTheKeysStoreThenItsSettings() {
        List<AzureKeySetup.Step> steps = AzureKeySetup.consentSteps("app-1",
                AzureKeySetup.of("https://acme-vault.vault.azure.net/keys/cmk-key"));

        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).what()).startsWith("Once per Azure tenant").contains("consent URL above").contains("Accept");
        assertThat(steps.get(0).commands()).containsExactly("az ad sp show --id app-1");
        assertThat(steps.get(1).what()).startsWith("Once per vault");
        assertThat(steps.get(1).commands()).containsExactly("az role assignment list --assignee app-1 --role \"Key Vault"
                + " Crypto Service Encryption User\" --scope \"$(az keyvault show --name acme-vault --query id --output"
                + " tsv)\" --include-inherited --output table", "az role assignment create --role \"Key Vault Crypto"
                + " Service Encryption User\" --assignee app-1 --scope \"$(az keyvault show --name acme-vault --query id"
                + " --output tsv)\"");
        assertThat(steps.get(2).what()).contains("3072 bits").contains("wrapKey and unwrapKey")
                .contains(AzureSources.ADOBE_VAULT_CONFIG);
    }

    @Test
    void readOnlyChecksComeFirstAndEachIrreversibleChangeAfterItsWarning() {
        List<String> commands = AzureKeySetup.consentSteps("app-1",
                AzureKeySetup.of("https://acme-vault.vault.azure.net/keys/cmk-key")).get(2).commands();

        assertThat(commands.get(0)).startsWith("az keyvault show --name acme-vault");
        assertThat(commands.get(1)).startsWith("az keyvault key show --vault-name acme-vault --name cmk-key");
        assertThat(commands.get(2)).startsWith("# WARNING: purge protection cannot be turned off again");
        assertThat(commands.get(3)).isEqualTo("az keyvault update --name acme-vault --enable-purge-protection true");
        assertThat(commands.get(4)).startsWith("# WARNING: in the Azure RBAC permission model the vault's access"
                + " policies stop applying").contains("az keyvault show --name acme-vault --query properties.accessPolicies");
        assertThat(commands.get(5)).isEqualTo("az keyvault update --name acme-vault --enable-rbac-authorization true");
    }

    @Test
    void withoutAKeyBothKindsOfStoreAreShownWithPlaceholders() {
        List<AzureKeySetup.Step> steps = AzureKeySetup.consentSteps("app-1", Optional.empty());

        assertThat(steps.get(1).commands()).hasSize(3)
                .anyMatch(c -> c.startsWith("az role assignment list") && c.contains("--name <vault-name>"))
                .anyMatch(c -> c.startsWith("az role assignment create") && c.contains("--name <vault-name>"))
                .anyMatch(c -> c.startsWith("az keyvault role assignment create --hsm-name <hsm-name>")
                        && c.endsWith("--scope /keys"));
    }
}
