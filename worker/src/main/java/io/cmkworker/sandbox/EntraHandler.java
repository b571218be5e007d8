package io.cmkworker.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /{tenant}/oauth2/v2.0/token}: Microsoft Entra ID's token endpoint, client credentials only, as
 * MSAL calls it (form fields {@code grant_type}, {@code client_id}, {@code client_secret}, {@code scope}).
 * Any client is accepted (the simulator holds no app registrations); the token remembers its tenant and
 * the resource of its scope, so Key Vault, Resource Manager and Graph each accept only their own.
 */
final class EntraHandler implements SandboxEndpoint {

    /** Who a token was minted for. */
    record Grant(String tenantId, String resource) {
    }

    private static final long LIFETIME_SECONDS = 3599;

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        if (!"POST".equals(exchange.getRequestMethod()) || path.length != 5 || !path[2].equals("oauth2")
                || !path[3].equals("v2.0") || !path[4].equals("token")) {
            return error(404, "invalid_request", "AADSTS90002: no such endpoint");
        }
        Map<String, String> form = Exchanges.form(Exchanges.body(exchange));
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "AADSTS70003: grant_type must be client_credentials");
        }
        if (form.getOrDefault("client_id", "").isBlank() || form.getOrDefault("client_secret", "").isBlank()) {
            return error(401, "invalid_client", "AADSTS7000216: client_id and client_secret are required");
        }
        Optional<String> resource = resourceOf(form.getOrDefault("scope", ""));
        if (resource.isEmpty()) {
            return error(400, "invalid_scope", "AADSTS1002012: the scope must name a resource's /.default");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "sbx-entra." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(path[1], resource.get()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", LIFETIME_SECONDS);
        body.put("ext_expires_in", LIFETIME_SECONDS);
        body.put("access_token", token);
        return new Reply(200, body);
    }

    /** The grant of a bearer token for {@code resource}, if it is one this endpoint minted for it. */
    Optional<Grant> grant(String authorization, String resource) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.empty();
        }
        Grant grant = grants.get(authorization.substring("Bearer ".length()));
        return grant != null && grant.resource().equals(resource) ? Optional.of(grant) : Optional.empty();
    }

    /** {@code openid profile offline_access https://vault.azure.net/.default} names https://vault.azure.net. */
    private static Optional<String> resourceOf(String scope) {
        for (String s : scope.split(" ")) {
            if (s.endsWith("/.default")) {
                return Optional.of(s.substring(0, s.length() - "/.default".length()));
            }
        }
        return Optional.empty();
    }

    /** Entra's error shape. */
    private static Reply error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new Reply(status, body);
    }
}
