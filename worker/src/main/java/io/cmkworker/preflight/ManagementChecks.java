package io.cmkworker.preflight;

import io.cmkworker.pipeline.AzureKeySetup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of one tenant's vaults that need Resource Manager and Microsoft Graph: the permission model, the
 * network, the CMK app's consent in the tenant and its role on each vault. What could not be read is "not
 * checked", with the reason the service gave.
 */
final class ManagementChecks {

    private final Optional<ManagementReader> reader;
    private final Optional<String> applicationId;

    /** @param reader empty without a credential */
    ManagementChecks(Optional<ManagementReader> reader, Optional<String> applicationId) {
        this.reader = reader;
        this.applicationId = applicationId;
    }

    /** RBAC, NETWORK, CONSENT and ROLE findings for each of {@code hosts}, all in {@code tenant}. */
    Map<String, List<Finding>> check(String tenant, List<String> hosts, Map<String, String> keyNameOfHost) {
        Map<String, List<Finding>> out = new HashMap<>();
        if (reader.isEmpty()) {
            hosts.forEach(h -> out.put(h, same("no credential (--no-credential)")));
            return out;
        }
        Principal principal = principal(tenant);
        Finding consent = principal.consent(tenant);
        List<String> vaults = new ArrayList<>();
        for (String host : hosts) {
            if (host.contains(".managedhsm.")) {
                out.put(host, List.of(Finding.notChecked(Check.RBAC, "a Managed HSM has its own local RBAC"),
                        Finding.notChecked(Check.NETWORK, "a Managed HSM's network is not read by preflight"), consent,
                        Finding.notChecked(Check.ROLE, "a Managed HSM's local role assignments are not read by preflight")));
            } else {
                vaults.add(host);
            }
        }
        Map<String, ManagementReader.VaultSettings> settings;
        try {
            settings = vaults.isEmpty() ? Map.of()
                    : reader.get().vaults(tenant, vaults.stream().map(ManagementChecks::vaultName).toList());
        } catch (ManagementReader.Unavailable e) {
            vaults.forEach(h -> out.put(h, List.of(Finding.notChecked(Check.RBAC, e.getMessage()),
                    Finding.notChecked(Check.NETWORK, e.getMessage()), consent, Finding.notChecked(Check.ROLE, e.getMessage()))));
            return out;
        }
        for (String host : vaults) {
            ManagementReader.VaultSettings vault = settings.get(vaultName(host));
            if (vault == null) {
                String why = "Resource Graph shows this credential no vault " + vaultName(host) + " in tenant " + tenant
                        + " (it needs Reader on the vault or above)";
                out.put(host, List.of(Finding.notChecked(Check.RBAC, why), Finding.notChecked(Check.NETWORK, why), consent,
                        Finding.notChecked(Check.ROLE, why)));
            } else {
                out.put(host, List.of(rbac(vault), network(vault), consent,
                        principal.role(tenant, vault, keyNameOfHost.getOrDefault(host, ""))));
            }
        }
        return out;
    }

    /** The CMK app's service principal in a tenant, or why it is not known. */
    private final class Principal {
        private final Optional<String> objectId;
        private final String unknown;

        Principal(Optional<String> objectId, String unknown) {
            this.objectId = objectId;
            this.unknown = unknown;
        }

        Finding consent(String tenant) {
            if (!unknown.isEmpty()) {
                return Finding.notChecked(Check.CONSENT, unknown);
            }
            return objectId.isPresent()
                    ? Finding.pass(Check.CONSENT, "service principal " + objectId.get() + " in tenant " + tenant)
                    : Finding.fail(Check.CONSENT, "the CMK app " + applicationId.orElse("") + " has no service"
                    + " principal in tenant " + tenant + ": its consent was not given there");
        }

        Finding role(String tenant, ManagementReader.VaultSettings vault, String keyName) {
            if (!unknown.isEmpty()) {
                return Finding.notChecked(Check.ROLE, unknown);
            }
            if (objectId.isEmpty()) {
                return Finding.notChecked(Check.ROLE, "the CMK app has no service principal in the tenant yet");
            }
            try {
                return reader.orElseThrow().holdsRole(tenant, vault.id(), keyName, objectId.get())
                        ? Finding.pass(Check.ROLE, "\"" + AzureKeySetup.VAULT_ROLE + "\"")
                        : Finding.fail(Check.ROLE, "the CMK app does not hold \"" + AzureKeySetup.VAULT_ROLE
                        + "\" on the vault (nor above it)");
            } catch (ManagementReader.Unavailable e) {
                return Finding.notChecked(Check.ROLE, e.getMessage());
            }
        }
    }

    private Principal principal(String tenant) {
        if (applicationId.isEmpty()) {
            return new Principal(Optional.empty(), "give --cmk-app-id (the application ID 'app-registration' prints)"
                    + " to check the CMK app's consent and role");
        }
        try {
            return new Principal(reader.orElseThrow().servicePrincipal(tenant, applicationId.get()), "");
        } catch (ManagementReader.Unavailable e) {
            return new Principal(Optional.empty(), e.getMessage());
        }
    }

    private static List<Finding> same(String why) {
        return List.of(Finding.notChecked(Check.RBAC, why), Finding.notChecked(Check.NETWORK, why),
                Finding.notChecked(Check.CONSENT, why), Finding.notChecked(Check.ROLE, why));
    }

    static Finding rbac(ManagementReader.VaultSettings vault) {
        return vault.rbac() ? Finding.pass(Check.RBAC, "")
                : Finding.fail(Check.RBAC, "the vault uses access policies: the CMK app's role applies only in the Azure"
                + " RBAC permission model");
    }

    static Finding network(ManagementReader.VaultSettings vault) {
        if (!vault.restricted()) {
            return Finding.pass(Check.NETWORK, "public network access");
        }
        if (!vault.trustedServices()) {
            return Finding.fail(Check.NETWORK, "the firewall restricts access and does not let trusted Microsoft"
                    + " services through");
        }
        boolean adobeIp = vault.ipRules().stream().anyMatch(ip -> ip.equals(AzureKeySetup.ADOBE_IP)
                || ip.equals(AzureKeySetup.ADOBE_IP + "/32"));
        return adobeIp ? Finding.pass(Check.NETWORK, "restricted; trusted Microsoft services and Adobe's IP allowed")
                : Finding.warn(Check.NETWORK, "restricted; trusted Microsoft services allowed, but not Adobe's IP "
                + AzureKeySetup.ADOBE_IP + ", which Adobe's key-access alerts need");
    }

    static String vaultName(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
