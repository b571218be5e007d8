package io.cmkworker.preflight;

import io.cmkworker.pipeline.AzureKeySetup;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Azure work a file of organisations needs, as it is done: consent to Adobe's CMK app once per Azure tenant,
 * then its role once per vault, each with the organisations that wait on it. Built from each line's CMK app (the
 * Platform's {@code app-registration} answer for its organisation) and each vault's tenant (its 401 challenge,
 * {@link TenantLookup}); what could not be resolved is listed with the reason, never guessed.
 */
public final class SetupPlan {

    /** Adobe's CMK app as the Platform named it for an organisation. */
    public record App(String applicationId, String consentUrl) {
        public App {
            Objects.requireNonNull(applicationId, "applicationId");
            Objects.requireNonNull(consentUrl, "consentUrl");
        }
    }

    /**
     * One line of the file: its organisation and key, and its CMK app, or why the Platform did not name it.
     *
     * @param problem empty when {@code app} is present
     */
    public record Line(int line, String orgId, String keyVaultKeyIdentifier, Optional<App> app, String problem) {
    }

    /**
     * Consent in one tenant: one administrator of it accepts {@code consentUrl} once.
     *
     * @param consentUrl the Platform's URL, with its tenant segment made this tenant's when it was the multi-tenant
     *     {@code common} or {@code organizations} (so the consent lands in this tenant)
     * @param check read-only: whether the app's service principal is there (signed in to this tenant)
     */
    public record Consent(String tenantId, String applicationId, String consentUrl, String check, List<String> vaults,
                          List<String> orgs) {
    }

    /** The role on one vault: {@code check} (read-only) first, then {@code grant} if it is missing. */
    public record Role(String vault, String tenantId, String role, String applicationId, String check, String grant,
                       List<String> orgs) {
    }

    /** A line or a vault the plan cannot cover, and why. */
    public record Problem(int line, String orgId, String what) {
    }

    private final List<Consent> consents;
    private final List<Role> roles;
    private final List<Problem> problems;

    private SetupPlan(List<Consent> consents, List<Role> roles, List<Problem> problems) {
        this.consents = List.copyOf(consents);
        this.roles = List.copyOf(roles);
        this.problems = List.copyOf(problems);
    }

    /**
     * @param tenants the tenant of each vault host the lines name ({@link TenantLookup#find})
     */
    public static SetupPlan of(List<Line> lines, Map<String, TenantLookup.Tenant> tenants) {
        Map<String, ConsentBuilder> consents = new TreeMap<>();
        Map<String, RoleBuilder> roles = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Line line : lines) {
            if (line.app().isEmpty()) {
                problems.add(new Problem(line.line(), line.orgId(), line.problem()));
                continue;
            }
            App app = line.app().get();
            Optional<AzureKeySetup> key = AzureKeySetup.of(line.keyVaultKeyIdentifier());
            String host = io.cmkworker.domain.KeyIdentifier.parse(line.keyVaultKeyIdentifier())
                    .map(io.cmkworker.domain.KeyIdentifier::vaultHost).orElse("");
            TenantLookup.Tenant tenant = tenants.get(host);
            if (key.isEmpty() || tenant == null || tenant.id().isEmpty()) {
                problems.add(new Problem(line.line(), line.orgId(), key.isEmpty() ? "not a key identifier: "
                        + line.keyVaultKeyIdentifier() : "the tenant of vault " + host + " is not known: "
                        + (tenant == null ? "not looked up" : tenant.why())));
                continue;
            }
            String tenantId = tenant.id().get();
            consents.computeIfAbsent(tenantId + " " + app.applicationId(), k -> new ConsentBuilder(tenantId, app))
                    .add(host, line.orgId());
            roles.computeIfAbsent(tenantId + " " + host + " " + app.applicationId(),
                            k -> new RoleBuilder(host, tenantId, key.get(), app))
                    .orgs.add(line.orgId());
        }
        return new SetupPlan(consents.values().stream().map(ConsentBuilder::build).toList(),
                roles.values().stream().map(RoleBuilder::build).toList(), problems);
    }

    public List<Consent> consents() {
        return consents;
    }

    public List<Role> roles() {
        return roles;
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * The consent URL for one tenant: the Platform's, with a {@code /common/} or {@code /organizations/} authority
     * segment replaced by the tenant ID. Microsoft's identity platform takes a tenant ID in that place
     * ({@link io.cmkworker.pipeline.AzureSources#MS_IDENTITY_ENDPOINTS}); any other URL is kept as it is.
     */
    static String forTenant(String consentUrl, String tenantId) {
        try {
            URI uri = new URI(consentUrl);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            for (String multi : List.of("/common/", "/organizations/")) {
                if (path.startsWith(multi)) {
                    return new URI(uri.getScheme(), uri.getRawAuthority(), null, null, null) + "/" + tenantId + "/"
                            + path.substring(multi.length()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                }
            }
        } catch (URISyntaxException e) {
            // keep the Platform's URL as it is
        }
        return consentUrl;
    }

    private static final class ConsentBuilder {
        private final String tenantId;
        private final App app;
        private final Set<String> vaults = new LinkedHashSet<>();
        private final Set<String> orgs = new LinkedHashSet<>();

        ConsentBuilder(String tenantId, App app) {
            this.tenantId = tenantId;
            this.app = app;
        }

        void add(String vault, String org) {
            vaults.add(vault);
            orgs.add(org);
        }

        Consent build() {
            return new Consent(tenantId, app.applicationId(), forTenant(app.consentUrl(), tenantId),
                    "az ad sp show --id " + app.applicationId(), List.copyOf(vaults), List.copyOf(orgs));
        }
    }

    private static final class RoleBuilder {
        private final String host;
        private final String tenantId;
        private final AzureKeySetup key;
        private final App app;
        private final Set<String> orgs = new LinkedHashSet<>();

        RoleBuilder(String host, String tenantId, AzureKeySetup key, App app) {
            this.host = host;
            this.tenantId = tenantId;
            this.key = key;
            this.app = app;
        }

        Role build() {
            return new Role(host, tenantId, key.role(), app.applicationId(), key.roleAssignments(app.applicationId()),
                    key.roleAssignment(app.applicationId()), List.copyOf(orgs));
        }
    }

    /** How many organisations wait on anything at all (each counted once). */
    public int organisations() {
        Map<String, Boolean> all = new LinkedHashMap<>();
        consents.forEach(c -> c.orgs().forEach(o -> all.put(o, true)));
        problems.forEach(p -> all.put(p.orgId(), true));
        return all.size();
    }
}
