package io.cmkworker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyIdentifierTest {

    @Test
    void parsesVaultHostKeyNameAndVersion() {
        assertThat(KeyIdentifier.parse("https://MyVault.vault.azure.net/keys/my-key/0123abcd"))
                .contains(new KeyIdentifier("myvault.vault.azure.net", "my-key", "0123abcd"));
    }

    @Test
    void parsesIdentifierWithoutVersion() {
        assertThat(KeyIdentifier.parse("https://myvault.vault.azure.net/keys/my-key"))
                .contains(new KeyIdentifier("myvault.vault.azure.net", "my-key", null));
    }

    @Test
    void treatsTrailingSlashAsNoVersion() {
        assertThat(KeyIdentifier.parse("https://myvault.vault.azure.net/keys/my-key/"))
                .contains(new KeyIdentifier("myvault.vault.azure.net", "my-key", null));
    }

    @Test
    void ignoresSurroundingWhitespace() {
        assertThat(KeyIdentifier.parse("  https://myvault.vault.azure.net/keys/k1/v1 \n"))
                .contains(new KeyIdentifier("myvault.vault.azure.net", "k1", "v1"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "not a url",
        "myvault.vault.azure.net/keys/k",
        "https://myvault.vault.azure.net",
        "https://myvault.vault.azure.net/",
        "https://myvault.vault.azure.net/keys",
        "https://myvault.vault.azure.net/keys/",
        "https://myvault.vault.azure.net/secrets/k",
        "https://myvault.vault.azure.net/keys/k/v/extra",
        "https://myvault.vault.azure.net//keys/k",
        "https://myvault.vault.azure.net/keys//v",
        "https://bad host/keys/k",
    })
    void rejectsTextThatIsNotAKeyIdentifier(String text) {
        assertThat(KeyIdentifier.parse(text)).isEmpty();
    }

    @Test
    void sameKeyIgnoresCaseAndVersion() {
        KeyIdentifier a = KeyIdentifier.parse("https://vault1.vault.azure.net/keys/Key-A/v1").orElseThrow();
        KeyIdentifier b = KeyIdentifier.parse("https://VAULT1.vault.azure.net/keys/key-a/v2").orElseThrow();
        KeyIdentifier c = KeyIdentifier.parse("https://vault1.vault.azure.net/keys/key-a").orElseThrow();

        assertThat(a.sameKeyAs(b)).isTrue();
        assertThat(a.sameKeyAs(c)).isTrue();
    }

    @Test
    void differentVaultOrNameIsNotTheSameKey() {
        KeyIdentifier a = KeyIdentifier.parse("https://vault1.vault.azure.net/keys/key-a").orElseThrow();

        assertThat(a.sameKeyAs(KeyIdentifier.parse("https://vault2.vault.azure.net/keys/key-a").orElseThrow()))
                .isFalse();
        assertThat(a.sameKeyAs(KeyIdentifier.parse("https://vault1.vault.azure.net/keys/key-b").orElseThrow()))
                .isFalse();
    }
}
