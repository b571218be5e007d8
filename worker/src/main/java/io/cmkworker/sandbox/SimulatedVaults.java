package io.cmkworker.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What the Key Vault simulator knows about a vault or a key, read from its name alone, so that a file of
 * key identifiers selects the faults it wants without any set-up: a name that contains a fault's marker
 * shows that fault (several markers, several faults). Every other vault exists and is set up as Adobe asks
 * (soft delete, purge protection, Azure RBAC, the CMK app consented and holding its role), and every other
 * key is an enabled 3072-bit RSA key with wrapKey and unwrapKey permitted.
 *
 * <p>The vault's Azure tenant is derived from the part of its name before the first '-' ({@code acme-eu} and
 * {@code acme-us} share the tenant of {@code acme}), so a file shows several vaults per tenant.
 */
public final class SimulatedVaults {

    /** A problem of one key, selected by its marker in the key's name. */
    public enum KeyFault {
        /** No such key: 404 KeyNotFound. */
        MISSING("missing"),
        /** {@code attributes.enabled} is false. */
        DISABLED("disabled"),
        /** {@code attributes.exp} is in the past. */
        EXPIRED("expired"),
        /** {@code attributes.nbf} is in the future. */
        NOT_YET_VALID("notyet"),
        /** A 2048-bit RSA key. */
        RSA_2048("rsa2048"),
        /** An elliptic-curve key (kty EC), not RSA. */
        EC_KEY("eckey"),
        /** {@code key_ops} without wrapKey and unwrapKey. */
        NO_WRAP("nowrap"),
        /** {@code recoveryLevel} Recoverable+Purgeable: soft delete on, purge protection off. */
        PURGEABLE("purgeable");

        private final String marker;

        KeyFault(String marker) {
            this.marker = marker;
        }

        public String marker() {
            return marker;
        }
    }

    /** A problem of a whole vault, selected by its marker in the vault's name. */
    public enum VaultFault {
        /** No DNS name: the vault does not exist. */
        MISSING("missing"),
        /** Its name resolves, but nothing answers there (connection refused). */
        UNREACHABLE("unreachable"),
        /** The caller may not read keys (403 ForbiddenByRbac). */
        NO_READ("noread"),
        /** Every key's recoveryLevel is Recoverable+Purgeable, and the vault's enablePurgeProtection is false. */
        PURGEABLE("purgeable"),
        /** Access policies, not Azure RBAC (enableRbacAuthorization false). */
        ACCESS_POLICY("accesspolicy"),
        /** A firewall that denies by default and lets no trusted Microsoft service through. */
        FIREWALL("firewall"),
        /**
         * Adobe's CMK app has no service principal in the vault's tenant: consent was not given (a tenant-wide
         * fault, so its marker goes in the tenant's part of the name, before the first '-').
         */
        NO_CONSENT("noconsent"),
        /** The CMK app's service principal holds no role on the vault. */
        NO_ROLE("norole");

        private final String marker;

        VaultFault(String marker) {
            this.marker = marker;
        }

        public String marker() {
            return marker;
        }
    }

    private SimulatedVaults() {
    }

    public static Set<KeyFault> keyFaults(String keyName) {
        String name = keyName.toLowerCase(Locale.ROOT);
        Set<KeyFault> faults = EnumSet.noneOf(KeyFault.class);
        for (KeyFault fault : KeyFault.values()) {
            if (name.contains(fault.marker)) {
                faults.add(fault);
            }
        }
        return faults;
    }

    /** The faults of the vault whose host is {@code vaultHost} (its first label is the vault's name). */
    public static Set<VaultFault> vaultFaults(String vaultHost) {
        String name = vaultName(vaultHost);
        Set<VaultFault> faults = EnumSet.noneOf(VaultFault.class);
        for (VaultFault fault : VaultFault.values()) {
            if (name.contains(fault.marker)) {
                faults.add(fault);
            }
        }
        return faults;
    }

    /** The vault's name: the first label of its host, lower case. */
    public static String vaultName(String vaultHost) {
        String host = vaultHost.toLowerCase(Locale.ROOT);
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    /** The Azure tenant that holds the vault: one per name prefix (the part before the first '-'). */
    public static String tenantOf(String vaultHost) {
        return uuid("tenant:" + tenantPart(vaultHost));
    }

    /** The part of the vault's name that names its tenant: up to the first '-'. */
    static String tenantPart(String vaultHost) {
        String name = vaultName(vaultHost);
        int dash = name.indexOf('-');
        return dash < 0 ? name : name.substring(0, dash);
    }

    /** The subscription the tenant's vaults are in (one per tenant). */
    static String subscriptionOf(String tenantId) {
        return uuid("subscription:" + tenantId);
    }

    /** The object ID of an application's service principal in a tenant. */
    static String servicePrincipalOf(String tenantId, String applicationId) {
        return uuid("service-principal:" + tenantId + ":" + applicationId.toLowerCase(Locale.ROOT));
    }

    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
