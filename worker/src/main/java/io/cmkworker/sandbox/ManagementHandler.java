package io.cmkworker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.cmkworker.sandbox.SimulatedVaults.VaultFault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The management calls a preflight makes, in Microsoft's shapes, for the vaults the simulator has been asked
 * about: under {@code /management}, Azure Resource Graph's query ({@code POST
 * /providers/Microsoft.ResourceGraph/resources}: the vaults named in the query, with their properties) and
 * the role assignments on a vault ({@code GET {vault id}/providers/Microsoft.Authorization/roleAssignments});
 * under {@code /graph}, Microsoft Graph's service principal of an application in the caller's tenant
 * ({@code GET /v1.0/servicePrincipals(appId='...')}). Each needs a token Entra minted for its resource and
 * answers for that token's tenant only.
 */
final class ManagementHandler implements SandboxEndpoint {

    static final String MANAGEMENT = "/management";
    static final String GRAPH = "/graph";
    static final String MANAGEMENT_RESOURCE = "https://management.azure.com";
    static final String GRAPH_RESOURCE = "https://graph.microsoft.com";
    /** The built-in role "Key Vault Crypto Service Encryption User". */
    static final String CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";
    /** The built-in role "Key Vault Administrator", held by someone else on every vault. */
    private static final String KEY_VAULT_ADMINISTRATOR = "00482a5a-887f-4fb3-b363-3b7fe8e74483";

    private static final Pattern NAMES = Pattern.compile("name\\s+in~\\s*\\(([^)]*)\\)");
    private static final Pattern APP_ID = Pattern.compile("/v1\\.0/servicePrincipals\\(appId='([^']+)'\\)");
    private static final Pattern PRINCIPAL = Pattern.compile("principalId eq '([^']+)'");

    private final EntraHandler entra;
    private final TenantDirectory tenants;
    private final ObjectMapper json;

    ManagementHandler(EntraHandler entra, TenantDirectory tenants, ObjectMapper json) {
        this.entra = entra;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean graph = path.startsWith(GRAPH + "/");
        Optional<EntraHandler.Grant> grant = entra.grant(exchange.getRequestHeaders().getFirst("Authorization"),
                graph ? GRAPH_RESOURCE : MANAGEMENT_RESOURCE);
        if (grant.isEmpty()) {
            return new Reply(401, error("InvalidAuthenticationToken", "The access token is missing or invalid."));
        }
        String tenant = grant.get().tenantId();
        if (graph) {
            return servicePrincipal(path.substring(GRAPH.length()), tenant);
        }
        String rest = path.substring(MANAGEMENT.length());
        if ("POST".equals(exchange.getRequestMethod()) && rest.equals("/providers/Microsoft.ResourceGraph/resources")) {
            return resourceGraph(Exchanges.body(exchange), tenant);
        }
        if ("GET".equals(exchange.getRequestMethod())
                && rest.endsWith("/providers/Microsoft.Authorization/roleAssignments")) {
            return roleAssignments(rest.substring(0, rest.length() - "/providers/Microsoft.Authorization/roleAssignments"
                    .length()), Exchanges.query(exchange.getRequestURI().getRawQuery()).getOrDefault("$filter", ""), tenant);
        }
        return new Reply(404, error("InvalidResourceType", "The simulator serves Resource Graph queries and role"
                + " assignment lists only."));
    }

    private Reply resourceGraph(String body, String tenant) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            return new Reply(400, error("BadRequest", "The request body is not JSON."));
        }
        Matcher names = NAMES.matcher(request == null ? "" : request.path("query").asText());
        List<Map<String, Object>> rows = new ArrayList<>();
        if (names.find()) {
            for (String quoted : names.group(1).split(",")) {
                String name = quoted.strip().replace("'", "").toLowerCase(Locale.ROOT);
                Set<VaultFault> faults = SimulatedVaults.vaultFaults(name);
                if (!name.isEmpty() && !faults.contains(VaultFault.MISSING) && SimulatedVaults.tenantOf(name).equals(tenant)) {
                    rows.add(vault(name, tenant, faults));
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("totalRecords", rows.size());
        answer.put("count", rows.size());
        answer.put("resultTruncated", "false");
        answer.put("data", rows);
        answer.put("facets", List.of());
        return new Reply(200, answer);
    }

    /** A vault as Resource Graph projects it ({@code id, name, tenantId, properties}), properties as ARM's Vaults - Get. */
    private static Map<String, Object> vault(String name, String tenant, Set<VaultFault> faults) {
        boolean firewall = faults.contains(VaultFault.FIREWALL);
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("bypass", firewall ? "None" : "AzureServices");
        network.put("defaultAction", firewall ? "Deny" : "Allow");
        network.put("ipRules", List.of());
        network.put("virtualNetworkRules", List.of());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("tenantId", tenant);
        properties.put("sku", Map.of("family", "A", "name", "standard"));
        properties.put("vaultUri", "https://" + name + ".vault.azure.net/");
        properties.put("enableSoftDelete", true);
        properties.put("softDeleteRetentionInDays", 90);
        properties.put("enablePurgeProtection", !faults.contains(VaultFault.PURGEABLE));
        properties.put("enableRbacAuthorization", !faults.contains(VaultFault.ACCESS_POLICY));
        properties.put("publicNetworkAccess", "Enabled");
        properties.put("networkAcls", network);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", vaultId(name, tenant));
        row.put("name", name);
        row.put("tenantId", tenant);
        row.put("properties", properties);
        return row;
    }

    static String vaultId(String name, String tenant) {
        return "/subscriptions/" + SimulatedVaults.subscriptionOf(tenant) + "/resourceGroups/cmk-sandbox/providers"
                + "/Microsoft.KeyVault/vaults/" + name;
    }

    private static Reply roleAssignments(String scope, String filter, String tenant) {
        String name = scope.substring(scope.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (!scope.equalsIgnoreCase(vaultId(name, tenant)) || SimulatedVaults.vaultFaults(name).contains(VaultFault.MISSING)) {
            return new Reply(404, error("ResourceNotFound", "The Resource '" + scope + "' was not found."));
        }
        String subscription = SimulatedVaults.subscriptionOf(tenant);
        List<Map<String, Object>> assignments = new ArrayList<>();
        Matcher principal = PRINCIPAL.matcher(filter);
        if (principal.find()) {
            if (!SimulatedVaults.vaultFaults(name).contains(VaultFault.NO_ROLE)) {
                assignments.add(assignment(subscription, scope, CRYPTO_SERVICE_ENCRYPTION_USER, principal.group(1)));
            }
        } else {
            assignments.add(assignment(subscription, scope, KEY_VAULT_ADMINISTRATOR, SimulatedVaults.uuid("admin:" + tenant)));
        }
        return new Reply(200, Map.of("value", assignments));
    }

    private static Map<String, Object> assignment(String subscription, String scope, String role, String principalId) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("roleDefinitionId", "/subscriptions/" + subscription
                + "/providers/Microsoft.Authorization/roleDefinitions/" + role);
        properties.put("principalId", principalId);
        properties.put("principalType", "ServicePrincipal");
        properties.put("scope", scope);
        String name = SimulatedVaults.uuid(scope + role + principalId);
        Map<String, Object> assignment = new LinkedHashMap<>();
        assignment.put("id", scope + "/providers/Microsoft.Authorization/roleAssignments/" + name);
        assignment.put("type", "Microsoft.Authorization/roleAssignments");
        assignment.put("name", name);
        assignment.put("properties", properties);
        return assignment;
    }

    private Reply servicePrincipal(String path, String tenant) {
        Matcher appId = APP_ID.matcher(path);
        if (!appId.matches()) {
            return new Reply(404, error("Request_UnsupportedQuery", "The simulator serves servicePrincipals(appId='...')"
                    + " only."));
        }
        if (!tenants.consented(tenant)) {
            return new Reply(404, error("Request_ResourceNotFound", "Resource '" + appId.group(1) + "' does not exist"
                    + " or one of its queried reference-property objects are not present."));
        }
        Map<String, Object> principal = new LinkedHashMap<>();
        principal.put("id", SimulatedVaults.servicePrincipalOf(tenant, appId.group(1)));
        principal.put("appId", appId.group(1));
        principal.put("displayName", "Adobe Experience Platform CMK app (sandbox)");
        return new Reply(200, principal);
    }

    /** Resource Manager and Graph answer errors in the shape Key Vault does: {@code {"error": {"code", "message"}}}. */
    private static Map<String, Object> error(String code, String message) {
        return KeyVaultHandler.error(code, message);
    }
}
