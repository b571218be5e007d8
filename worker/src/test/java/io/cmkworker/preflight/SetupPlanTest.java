package io.cmkworker.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SetupPlanTest {

    private static final SetupPlan.App APP = new SetupPlan.App("app-1",
            "https://login.microsoftonline.com/common/oauth2/authorize?response_type=code&client_id=app-1");
    private static final Map<String, TenantLookup.Tenant> TENANTS = Map.of(
            "acme-eu.vault.azure.net", new TenantLookup.Tenant(Optional.of("t-acme"), "tenant t-acme"),
            "acme-us.vault.azure.net", new TenantLookup.Tenant(Optional.of("t-acme"), "tenant t-acme"),
            "globex.vault.azure.net", new TenantLookup.Tenant(Optional.of("t-globex"), "tenant t-globex"),
            "gone.vault.azure.net", new TenantLookup.Tenant(Optional.empty(), "no vault: the name does not resolve"));

    @Test
    void consentIsOncePerTenantAndTheRoleOncePerVaultEachWithTheOrganisationsWaiting() {
        SetupPlan plan = SetupPlan.of(List.of(line(2, "org-a", "acme-eu", "k1"), line(3, "org-b", "acme-eu", "k2"),
                line(4, "org-c", "acme-us", "k3"), line(5, "org-d", "globex", "k4")), TENANTS);

        assertThat(plan.consents()).extracting(SetupPlan.Consent::tenantId, SetupPlan.Consent::orgs,
                        SetupPlan.Consent::vaults)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("t-acme", List.of("org-a", "org-b", "org-c"),
                                List.of("acme-eu.vault.azure.net", "acme-us.vault.azure.net")),
                        org.assertj.core.groups.Tuple.tuple("t-globex", List.of("org-d"), List.of("globex.vault.azure.net")));
        assertThat(plan.roles()).extracting(SetupPlan.Role::vault, SetupPlan.Role::orgs).containsExactly(
                org.assertj.core.groups.Tuple.tuple("acme-eu.vault.azure.net", List.of("org-a", "org-b")),
                org.assertj.core.groups.Tuple.tuple("acme-us.vault.azure.net", List.of("org-c")),
                org.assertj.core.groups.Tuple.tuple("globex.vault.azure.net", List.of("org-d")));
        assertThat(plan.roles().get(0).check()).startsWith("az role assignment list --assignee app-1");
        assertThat(plan.roles().get(0).grant()).startsWith("az role assignment create");
        assertThat(plan.organisations()).isEqualTo(4);
    }

    @Test
    void theConsentUrlNamesTheTenantItIsFor() {
        assertThat(SetupPlan.forTenant(APP.consentUrl(), "t-acme")).isEqualTo(
                "https://login.microsoftonline.com/t-acme/oauth2/authorize?response_type=code&client_id=app-1");
        assertThat(SetupPlan.forTenant("https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?x=1", "t"))
                .isEqualTo("https://login.microsoftonline.com/t/oauth2/v2.0/authorize?x=1");
        assertThat(SetupPlan.forTenant("https://login.microsoftonline.com/other/oauth2/authorize", "t"))
                .as("a URL that already names a tenant is kept").endsWith("/other/oauth2/authorize");
    }

    @Test
    void whatCannotBePlannedIsListedWithTheReason() {
        SetupPlan plan = SetupPlan.of(List.of(line(2, "org-a", "gone", "k"),
                new SetupPlan.Line(3, "org-b", "https://acme-eu.vault.azure.net/keys/k", Optional.empty(),
                        "app-registration failed: POST /ims/token/v3 answered HTTP 401")), TENANTS);

        assertThat(plan.consents()).isEmpty();
        assertThat(plan.problems()).containsExactly(
                new SetupPlan.Problem(2, "org-a", "the tenant of vault gone.vault.azure.net is not known: no vault: the"
                        + " name does not resolve"),
                new SetupPlan.Problem(3, "org-b", "app-registration failed: POST /ims/token/v3 answered HTTP 401"));
    }

    private static SetupPlan.Line line(int line, String org, String vault, String key) {
        return new SetupPlan.Line(line, org, "https://" + vault + ".vault.azure.net/keys/" + key, Optional.of(APP), "");
    }
}
