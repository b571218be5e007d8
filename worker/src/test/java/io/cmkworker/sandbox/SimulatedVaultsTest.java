package io.cmkworker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.sandbox.SimulatedVaults.KeyFault;
import io.cmkworker.sandbox.SimulatedVaults.VaultFault;
import org.junit.jupiter.api.Test;

class SimulatedVaultsTest {

    @Test
    void aNameSelectsEveryFaultWhoseMarkerItHolds() {
        assertThat(SimulatedVaults.keyFaults("cmk-disabled-nowrap")).containsExactly(KeyFault.DISABLED, KeyFault.NO_WRAP);
        assertThat(SimulatedVaults.keyFaults("CMK-Expired")).containsExactly(KeyFault.EXPIRED);
        assertThat(SimulatedVaults.keyFaults("cmk-key-2048")).as("a number alone is not a marker").isEmpty();
        assertThat(SimulatedVaults.vaultFaults("acme-firewall.vault.azure.net")).containsExactly(VaultFault.FIREWALL);
        assertThat(SimulatedVaults.vaultFaults("acme.vault.azure.net")).isEmpty();
    }

    @Test
    void vaultsShareATenantByTheirNameUpToTheFirstDash() {
        assertThat(SimulatedVaults.tenantOf("acme-eu.vault.azure.net")).isEqualTo(SimulatedVaults.tenantOf("acme-us"))
                .isEqualTo(SimulatedVaults.tenantOf("ACME.vault.azure.net"))
                .isNotEqualTo(SimulatedVaults.tenantOf("globex-eu.vault.azure.net"))
                .matches("[0-9a-f-]{36}");
    }

    @Test
    void everyMarkerIsDistinct() {
        assertThat(java.util.Arrays.stream(KeyFault.values()).map(KeyFault::marker)).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(VaultFault.values()).map(VaultFault::marker)).doesNotHaveDuplicates();
    }
}
