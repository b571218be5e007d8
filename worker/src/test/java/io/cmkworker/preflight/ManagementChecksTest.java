package io.cmkworker.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.preflight.Finding.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManagementChecksTest {

    private static final String ID = "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/acme";

    @Test
    void accessPoliciesFailTheRbacCheck() {
        assertThat(ManagementChecks.rbac(vault(true, false, false, List.of())).status()).isEqualTo(Status.PASS);
        assertThat(ManagementChecks.rbac(new ManagementReader.VaultSettings(ID, false, true, false, false, List.of())))
                .isEqualTo(Finding.fail(Check.RBAC, "the vault uses access policies: the CMK app's role applies only in"
                        + " the Azure RBAC permission model"));
    }

    @Test
    void aRestrictedVaultMustLetTrustedMicrosoftServicesThroughAndIsWarnedWithoutAdobesIp() {
        assertThat(ManagementChecks.network(vault(true, false, false, List.of())).status()).isEqualTo(Status.PASS);
        assertThat(ManagementChecks.network(vault(true, true, false, List.of("20.88.123.53"))).status())
                .isEqualTo(Status.FAIL);
        assertThat(ManagementChecks.network(vault(true, true, true, List.of())))
                .isEqualTo(Finding.warn(Check.NETWORK, "restricted; trusted Microsoft services allowed, but not Adobe's IP"
                        + " 20.88.123.53, which Adobe's key-access alerts need"));
        assertThat(ManagementChecks.network(vault(true, true, true, List.of("20.88.123.53/32"))).status())
                .isEqualTo(Status.PASS);
    }

    @Test
    void withoutACredentialNothingIsReadAndEachCheckSaysSo() {
        Map<String, List<Finding>> out = new ManagementChecks(Optional.empty(), Optional.of("app"))
                .check("tenant", List.of("acme.vault.azure.net"), Map.of());

        assertThat(out.get("acme.vault.azure.net")).extracting(Finding::check)
                .containsExactly(Check.RBAC, Check.NETWORK, Check.CONSENT, Check.ROLE);
        assertThat(out.get("acme.vault.azure.net")).allSatisfy(f -> {
            assertThat(f.status()).isEqualTo(Status.NOT_CHECKED);
            assertThat(f.detail()).isEqualTo("no credential (--no-credential)");
        });
    }

    private static ManagementReader.VaultSettings vault(boolean rbac, boolean restricted, boolean trusted, List<String> ips) {
        return new ManagementReader.VaultSettings(ID, rbac, true, restricted, trusted, ips);
    }
}
