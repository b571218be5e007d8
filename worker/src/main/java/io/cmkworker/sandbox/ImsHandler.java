package io.cmkworker.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /ims/token/v3}: Adobe IMS OAuth server-to-server, {@code client_credentials} only. */
final class ImsHandler implements SandboxEndpoint {

    static final String PATH = "/ims/token/v3";

    private final SandboxSettings settings;
    private final TokenRegistry tokens;
    private final ObjectMapper json;

    ImsHandler(SandboxSettings settings, TokenRegistry tokens, ObjectMapper json) {
        this.settings = settings;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())) {
            return oauthError(404, "not_found", "no such endpoint");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = Exchanges.form(Exchanges.body(exchange));
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials");
        }
        String clientId = form.get("client_id");
        String secret = clientId == null ? null : settings.clients().get(clientId);
        if (secret == null) {
            return oauthError(400, "invalid_client", "invalid client_id parameter");
        }
        if (!secret.equals(form.get("client_secret"))) {
            return oauthError(401, "invalid_client", "invalid client_secret parameter");
        }
        if (form.getOrDefault("scope", "").isBlank()) {
            return oauthError(400, "invalid_scope", "scope is required");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.mint(clientId, settings.tokenLifetime()));
        body.put("token_type", "bearer");
        body.put("expires_in", settings.tokenLifetime().toSeconds());
        return new Reply(200, body);
    }

    private static Reply oauthError(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new Reply(status, body);
    }
}
