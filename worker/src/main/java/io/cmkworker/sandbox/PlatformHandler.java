package io.cmkworker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.cmkworker.domain.JobStatus;
import io.cmkworker.platform.PlatformClient;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The three CMK endpoints under {@code /data/infrastructure/manager}, checking headers as the gateway
 * does: 401 without a valid token, 403 for a wrong {@code x-api-key} or an organisation that differs
 * between header and body.
 */
final class PlatformHandler implements SandboxEndpoint {

    static final String ROOT = "/data/infrastructure/manager";
    static final String APP_REGISTRATION = ROOT + "/byok/app-registration";
    static final String CONFIG = ROOT + "/customer/config";

    private final SandboxSettings settings;
    private final TokenRegistry tokens;
    private final ConfigRegistry configs;
    private final Clock clock;
    private final ObjectMapper json;

    PlatformHandler(SandboxSettings settings, TokenRegistry tokens, ConfigRegistry configs, Clock clock,
                    ObjectMapper json) {
        this.settings = settings;
        this.tokens = tokens;
        this.configs = configs;
        this.clock = clock;
        this.json = json;
    }

    /** The endpoint a request is for, as {@code METHOD path} with the config name abstracted. */
    static String endpointOf(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return exchange.getRequestMethod() + " " + (path.startsWith(CONFIG + "/") ? CONFIG + "/{name}" : path);
    }

    /** The configuration a GET by name asks for (its path's last part); null for any other call. */
    static String configNameOf(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.startsWith(CONFIG + "/") ? path.substring(CONFIG.length() + 1) : null;
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        boolean known = path.equals(APP_REGISTRATION) && method.equals("GET")
                || path.equals(CONFIG) && method.equals("POST")
                || path.startsWith(CONFIG + "/") && method.equals("GET");
        if (!known) {
            return Exchanges.problem(404, "Not Found", "no endpoint " + method + " " + path);
        }
        Reply refused = refusal(exchange);
        if (refused != null) {
            return refused;
        }
        if (path.equals(APP_REGISTRATION)) {
            return appRegistration();
        }
        if (path.equals(CONFIG)) {
            return create(exchange);
        }
        return status(exchange, path.substring(CONFIG.length() + 1), uri.getQuery());
    }

    /** What the gateway answers instead when the headers do not authorise the call; null when they do. */
    private Reply refusal(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !tokens.valid(authorization.substring("Bearer ".length()))) {
            return Exchanges.gatewayError(401, "401013", "Oauth token is not valid");
        }
        if (!PlatformClient.API_KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
            return Exchanges.gatewayError(403, "403003", "Api Key is invalid");
        }
        String org = exchange.getRequestHeaders().getFirst("x-gw-ims-org-id");
        if (org == null || org.isBlank()) {
            return Exchanges.gatewayError(403, "403025", "Profile is not valid: x-gw-ims-org-id is missing");
        }
        return null;
    }

    private static Reply appRegistration() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "byok");
        body.put("name", "acpebae9422Caepcmkmultitenantapp");
        body.put("applicationUri", "https://adobe.com/acpebae9422Caepcmkmultitenantapp");
        body.put("applicationId", "e463a445-c6ac-4ca2-b36a-b5146fcf6a52");
        body.put("applicationRedirectUrl", "https://login.microsoftonline.com/common/oauth2/authorize"
                + "?response_type=code&client_id=e463a445-c6ac-4ca2-b36a-b5146fcf6a52"
                + "&redirect_uri=https://adobe.com/acpebae9422Caepcmkmultitenantapp&scope=user.read");
        return new Reply(200, body);
    }

    private Reply create(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return Exchanges.problem(415, "Unsupported Media Type", "Content-Type must be application/json");
        }
        JsonNode body;
        try {
            body = json.readTree(Exchanges.body(exchange));
        } catch (IOException e) {
            return Exchanges.problem(400, "Bad Request", "body is not JSON");
        }
        String org = exchange.getRequestHeaders().getFirst("x-gw-ims-org-id");
        if (body == null || !org.equals(text(body, "imsOrgId"))) {
            return Exchanges.gatewayError(403, "403027", "imsOrgId in the body must equal the x-gw-ims-org-id header");
        }
        String name = text(body, "name");
        String keyId = text(body.path("configData"), "keyVaultKeyIdentifier");
        String problem = name.isBlank() ? "name is required"
                : !"BYOK_CONFIG".equals(text(body, "type")) ? "type must be BYOK_CONFIG"
                : !"AZURE_KEYVAULT".equals(text(body.path("configData"), "providerType"))
                        ? "configData.providerType must be AZURE_KEYVAULT"
                : !isHttpsUri(keyId) ? "configData.keyVaultKeyIdentifier must be an https key identifier"
                : null;
        if (problem != null) {
            return Exchanges.problem(400, "Bad Request", problem);
        }
        boolean fails = settings.failingKeys().matcher(keyId).find();
        Optional<ConfigRegistry.StoredConfig> created = configs.create(org, name, keyId, fails);
        if (created.isEmpty()) {
            return Exchanges.problem(409, "Conflict", "a BYOK_CONFIG named '" + name + "' already exists for this"
                    + " organisation");
        }
        ConfigRegistry.StoredConfig config = created.get();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("configData", configData(config));
        inner.put("name", config.appName());
        inner.put("type", "BYOK_CONFIG");
        inner.put("imsOrgId", org);
        inner.put("status", JobStatus.NEW.name());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", config.id());
        response.put("config", inner);
        response.put("status", "CREATED");
        return new Reply(200, response);
    }

    private Reply status(HttpExchange exchange, String name, String query) {
        if (!Exchanges.query(query).getOrDefault("configType", "").equals("BYOK_CONFIG")) {
            return Exchanges.problem(400, "Bad Request", "query parameter configType=BYOK_CONFIG is required");
        }
        String org = exchange.getRequestHeaders().getFirst("x-gw-ims-org-id");
        Optional<ConfigRegistry.StoredConfig> found = configs.find(org, name);
        if (found.isEmpty()) {
            return Exchanges.problem(404, "Not Found", "no BYOK_CONFIG named '" + name + "'");
        }
        ConfigRegistry.StoredConfig config = found.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", config.appName());
        body.put("type", "BYOK_CONFIG");
        body.put("status", config.statusAt(clock.instant(), settings.runningFor(), settings.updatingFor()).name());
        body.put("configData", configData(config));
        body.put("imsOrgId", org);
        body.put("subscriptionId", config.subscriptionId());
        body.put("id", config.id());
        body.put("rowType", "BYOK_KEY");
        return new Reply(200, body);
    }

    private static Map<String, Object> configData(ConfigRegistry.StoredConfig config) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keyVaultUri", config.keyVaultUri());
        data.put("keyVaultKeyIdentifier", config.keyVaultKeyIdentifier());
        if (config.keyVersion() != null) {
            data.put("keyVersion", config.keyVersion());
        }
        data.put("keyName", config.name());
        data.put("providerType", "AZURE_KEYVAULT");
        return data;
    }

    private static boolean isHttpsUri(String text) {
        try {
            URI uri = new URI(text);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getPath() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
