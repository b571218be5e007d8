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
        assertThat(steps.get(0).what()).contains("consent URL above").contains("Accept");
        assertThat(steps.get(0).commands()).containsExactly("az ad sp show --id app-1");
        assertThat(steps.get(1).commands()).containsExactly("az role assignment create --role \"Key Vault Crypto Service"
                + " Encryption User\" --assignee app-1 --scope \"$(az keyvault show --name acme-vault --query id"
                + " --output tsv)\"");
        assertThat(steps.get(2).what()).contains("3072 bits").contains("wrapKey and unwrapKey");
    }

    @Test
    void withoutAKeyBothKindsOfStoreAreShownWithPlaceholders() {
        List<AzureKeySetup.Step> steps = AzureKeySetup.consentSteps("app-1", Optional.empty());

        assertThat(steps.get(1).commands()).hasSize(2)
                .anyMatch(c -> c.contains("--name <vault-name>"))
                .anyMatch(c -> c.startsWith("az keyvault role assignment create --hsm-name <hsm-name>")
                        && c.endsWith("--scope /keys"));
    }
}
