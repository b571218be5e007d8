package io.cmkworker.preflight;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The optional checks that need more than the key: a vault's properties (permission model, network), the CMK
 * app's service principal in the tenant (its consent) and its role on the vault. Three documented REST calls,
 * each with a token for the vault's tenant: Azure Resource Graph finds the vaults by name across every
 * subscription the credential may read (no subscription or resource group to give), Microsoft Graph finds
 * the app's service principal, and Resource Manager lists role assignments on the vault. Reader on the vault
 * (or above) and Graph's default directory read are enough; without them these checks say they were not made.
 */
final class ManagementReader {

    /** The built-in role "Key Vault Crypto Service Encryption User" ({@link io.cmkworker.pipeline.AzureSources#MS_ROLES}). */
    static final String CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";

    /** A call that did not give an answer to use; its message says why, for the "not checked" line. */
    static class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * A vault's management properties.
     *
     * @param restricted its firewall denies by default, or public network access is off
     */
    record VaultSettings(String id, boolean rbac, boolean purgeProtection, boolean restricted, boolean trustedServices,
                         List<String> ipRules) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANAGEMENT_SCOPE = "https://management.azure.com/.default";
    private static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";

    private final AzureAccess azure;
    private final TokenCredential credential;
    private final HttpPipeline pipeline;

    ManagementReader(AzureAccess azure, TokenCredential credential) {
        this.azure = azure;
        this.credential = credential;
        this.pipeline = new HttpPipelineBuilder().httpClient(azure.http()).policies(new RetryPolicy(azure.retry())).build();
    }

    /** The named vaults the credential can see in {@code tenant}, by lower-case name; a vault it cannot see is absent. */
    Map<String, VaultSettings> vaults(String tenant, Collection<String> names) throws Unavailable {
        String list = names.stream().map(n -> "'" + n.toLowerCase(Locale.ROOT).replace("'", "") + "'")
                .distinct().collect(Collectors.joining(", "));
        ObjectNode body = JSON.createObjectNode();
        body.put("query", "resources | where type =~ 'microsoft.keyvault/vaults' and name in~ (" + list + ")"
                + " | project id, name, tenantId, properties");
        JsonNode answer = call(HttpMethod.POST, azure.resourceManager()
                + "/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01", tenant, MANAGEMENT_SCOPE,
                body.toString(), "Resource Graph");
        Map<String, VaultSettings> out = new LinkedHashMap<>();
        for (JsonNode row : answer.path("data")) {
            JsonNode p = row.path("properties");
            JsonNode acls = p.path("networkAcls");
            List<String> ips = new ArrayList<>();
            acls.path("ipRules").forEach(rule -> ips.add(rule.path("value").asText()));
            boolean restricted = "Deny".equalsIgnoreCase(acls.path("defaultAction").asText())
                    || "Disabled".equalsIgnoreCase(p.path("publicNetworkAccess").asText());
            out.put(row.path("name").asText().toLowerCase(Locale.ROOT), new VaultSettings(row.path("id").asText(),
                    p.path("enableRbacAuthorization").asBoolean(false), p.path("enablePurgeProtection").asBoolean(false),
                    restricted, "AzureServices".equalsIgnoreCase(acls.path("bypass").asText()), ips));
        }
        return out;
    }

    /** The object ID of the app's service principal in {@code tenant}; empty when there is none (no consent). */
    Optional<String> servicePrincipal(String tenant, String applicationId) throws Unavailable {
        String url = azure.graph() + "/v1.0/servicePrincipals(appId='" + URLEncoder.encode(applicationId,
                StandardCharsets.UTF_8) + "')?$select=id,appId,displayName";
        try {
            return Optional.of(call(HttpMethod.GET, url, tenant, GRAPH_SCOPE, null, "Microsoft Graph").path("id").asText());
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code principalId} holds "Key Vault Crypto Service Encryption User" on the vault: assigned on it,
     * above it (resource group, subscription), or on the key itself.
     */
    boolean holdsRole(String tenant, String vaultId, String keyName, String principalId) throws Unavailable {
        String url = azure.resourceManager() + vaultId + "/providers/Microsoft.Authorization/roleAssignments"
                + "?api-version=2022-04-01&$filter=" + URLEncoder.encode("principalId eq '" + principalId + "'",
                StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode answer;
        try {
            answer = call(HttpMethod.GET, url, tenant, MANAGEMENT_SCOPE, null, "Resource Manager");
        } catch (NotFound e) {
            throw new Unavailable("Resource Manager has no vault " + vaultId);
        }
        String vault = vaultId.toLowerCase(Locale.ROOT);
        for (JsonNode assignment : answer.path("value")) {
            JsonNode p = assignment.path("properties");
            String scope = p.path("scope").asText().toLowerCase(Locale.ROOT);
            boolean covers = vault.equals(scope) || vault.startsWith(scope.endsWith("/") ? scope : scope + "/")
                    || scope.equals(vault + "/keys/" + keyName.toLowerCase(Locale.ROOT));
            if (covers && p.path("roleDefinitionId").asText().toLowerCase(Locale.ROOT).endsWith(CRYPTO_SERVICE_ENCRYPTION_USER)
                    && principalId.equalsIgnoreCase(p.path("principalId").asText())) {
                return true;
            }
        }
        return false;
    }

    private static final class NotFound extends Unavailable {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    private JsonNode call(HttpMethod method, String url, String tenant, String scope, String body, String service)
            throws Unavailable {
        String token;
        try {
            token = credential.getTokenSync(new TokenRequestContext().addScopes(scope).setTenantId(tenant)).getToken();
        } catch (RuntimeException e) {
            throw new Unavailable("no token for " + service + " in tenant " + tenant + ": "
                    + KeyReader.firstLine(e.getMessage()));
        }
        HttpRequest request = new HttpRequest(method, url).setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + token);
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(body);
        }
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            int status = response.getStatusCode();
            byte[] bytes = response.getBodyAsBinaryData().toBytes();
            JsonNode json = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            String why = service + " answered HTTP " + status + errorOf(json);
            if (status == 404) {
                throw new NotFound(why);
            }
            if (status != 200) {
                throw new Unavailable(why + (status == 401 || status == 403 ? " (this credential may not read it)" : ""));
            }
            return json;
        } catch (IOException e) {
            throw new Unavailable(service + " answered something that is not JSON");
        } catch (RuntimeException e) {
            throw new Unavailable(NoAnswer.describe(e, URI.create(url).getHost()).orElse(service + ": " + e));
        }
    }

    private static String errorOf(JsonNode json) {
        JsonNode error = json.path("error");
        String code = error.path("code").asText("");
        String message = KeyReader.firstLine(error.path("message").asText(""));
        return code.isEmpty() && message.isEmpty() ? "" : " (" + code + (message.isEmpty() ? "" : ": " + message) + ")";
    }
}
