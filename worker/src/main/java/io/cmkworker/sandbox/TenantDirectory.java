package io.cmkworker.sandbox;

import io.cmkworker.sandbox.SimulatedVaults.VaultFault;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants of the vaults the Key Vault simulator has been asked about, and whether each gave Adobe's CMK
 * app its consent: a tenant's calls to Microsoft Graph carry only the tenant, so what its vault names select
 * is remembered here when a vault is first named.
 */
final class TenantDirectory {

    private final Map<String, Boolean> consented = new ConcurrentHashMap<>();

    /** A vault was named: its tenant lacks consent when the tenant's part of the name says so. */
    void seen(String vaultHost) {
        consented.computeIfAbsent(SimulatedVaults.tenantOf(vaultHost),
                t -> !SimulatedVaults.tenantPart(vaultHost).contains(VaultFault.NO_CONSENT.marker()));
    }

    boolean consented(String tenantId) {
        return consented.getOrDefault(tenantId, true);
    }
}
