package io.cmkworker.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.cmkworker.sandbox.SimulatedVaults.KeyFault;
import io.cmkworker.sandbox.SimulatedVaults.VaultFault;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Key Vault's data plane for the keys, under {@code /vaults/{vault host}}: a request without a bearer token
 * gets the 401 challenge that names the vault's tenant (as the real service answers, "AKV10000"), and
 * {@code GET /keys/{name}[/{version}]?api-version=...} with a token Entra minted for Key Vault gets the key
 * bundle in the documented JSON shape ({@code key} as a JSON Web Key, {@code attributes} with Unix-second
 * dates and {@code recoveryLevel}), shaped by the faults the vault's and key's names select.
 * See https://learn.microsoft.com/en-us/rest/api/keyvault/keys/get-key/get-key and
 * https://learn.microsoft.com/en-us/azure/key-vault/general/authentication-requests-and-responses.
 */
final class KeyVaultHandler implements SandboxEndpoint {

    static final String ROOT = "/vaults/";
    static final String VAULT_RESOURCE = "https://vault.azure.net";
    private static final String HSM_RESOURCE = "https://managedhsm.azure.net";

    private final EntraHandler entra;
    private final TenantDirectory tenants;
    private final Supplier<URI> authority;
    private final Clock clock;
    private final String modulus3072;
    private final String modulus2048;
    private final String curvePoint;

    /**
     * @param authority the simulator's own base URL, where Entra's token endpoint is: the challenge's
     *     {@code authorization} is it with the tenant as its path
     */
    KeyVaultHandler(EntraHandler entra, TenantDirectory tenants, Supplier<URI> authority, Clock clock) {
        this.entra = entra;
        this.tenants = tenants;
        this.authority = authority;
        this.clock = clock;
        Random random = new Random(3072);
        this.modulus3072 = base64Url(new BigInteger(3072, random).setBit(3071).setBit(0));
        this.modulus2048 = base64Url(new BigInteger(2048, random).setBit(2047).setBit(0));
        this.curvePoint = base64Url(new BigInteger(256, random).setBit(255));
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getPath().substring(ROOT.length());
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "/" : rest.substring(slash);
        tenants.seen(host);
        Set<VaultFault> vaultFaults = SimulatedVaults.vaultFaults(host);
        String tenant = SimulatedVaults.tenantOf(host);
        String resource = host.contains(".managedhsm.") ? HSM_RESOURCE : VAULT_RESOURCE;
        if (entra.grant(exchange.getRequestHeaders().getFirst("Authorization"), resource).isEmpty()) {
            boolean sent = exchange.getRequestHeaders().containsKey("Authorization");
            return new Reply(401, Map.of("WWW-Authenticate", "Bearer authorization=\"" + authority.get() + "/" + tenant
                    + "\", resource=\"" + resource + "\""), error("Unauthorized", sent
                    ? "AKV10022: Invalid audience." : "AKV10000: Request is missing a Bearer or PoP token."));
        }
        if (Exchanges.query(exchange.getRequestURI().getRawQuery()).getOrDefault("api-version", "").isBlank()) {
            return new Reply(400, error("BadParameter", "The 'api-version' query parameter is required."));
        }
        String[] parts = path.split("/");
        if (!"GET".equals(exchange.getRequestMethod()) || parts.length < 3 || parts.length > 4 || !parts[1].equals("keys")) {
            return new Reply(404, error("NotFound", "The simulator serves GET /keys/{name}[/{version}] only."));
        }
        if (vaultFaults.contains(VaultFault.NO_READ)) {
            return new Reply(403, forbidden(host, parts[2]));
        }
        String name = parts[2];
        Set<KeyFault> faults = SimulatedVaults.keyFaults(name);
        if (faults.contains(KeyFault.MISSING)) {
            return new Reply(404, error("KeyNotFound", "A key with (name/id) " + name + " was not found in this key"
                    + " vault. If you recently deleted this key you may be able to recover it using the correct recovery"
                    + " command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"));
        }
        String version = parts.length == 4 && !parts[3].isEmpty() ? parts[3]
                : SimulatedVaults.uuid(host + "/" + name).replace("-", "");
        return new Reply(200, bundle("https://" + host + "/keys/" + name + "/" + version, faults,
                vaultFaults.contains(VaultFault.PURGEABLE)));
    }

    private Map<String, Object> bundle(String kid, Set<KeyFault> faults, boolean purgeableVault) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kid", kid);
        List<String> operations = new ArrayList<>(List.of("encrypt", "decrypt", "sign", "verify"));
        if (!faults.contains(KeyFault.NO_WRAP)) {
            operations.addAll(List.of("wrapKey", "unwrapKey"));
        }
        if (faults.contains(KeyFault.EC_KEY)) {
            key.put("kty", "EC");
            key.put("key_ops", List.of("sign", "verify"));
            key.put("crv", "P-256");
            key.put("x", curvePoint);
            key.put("y", curvePoint);
        } else {
            key.put("kty", "RSA");
            key.put("key_ops", operations);
            key.put("n", faults.contains(KeyFault.RSA_2048) ? modulus2048 : modulus3072);
            key.put("e", "AQAB");
        }
        Instant now = clock.instant();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", !faults.contains(KeyFault.DISABLED));
        if (faults.contains(KeyFault.NOT_YET_VALID)) {
            attributes.put("nbf", now.plus(Duration.ofDays(30)).getEpochSecond());
        }
        if (faults.contains(KeyFault.EXPIRED)) {
            attributes.put("exp", now.minus(Duration.ofDays(1)).getEpochSecond());
        }
        long created = now.minus(Duration.ofDays(30)).getEpochSecond();
        attributes.put("created", created);
        attributes.put("updated", created);
        attributes.put("recoveryLevel", faults.contains(KeyFault.PURGEABLE) || purgeableVault
                ? "Recoverable+Purgeable" : "Recoverable");
        attributes.put("recoverableDays", 90);
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("key", key);
        bundle.put("attributes", attributes);
        bundle.put("tags", Map.of("purpose", "cmk-worker sandbox"));
        return bundle;
    }

    private static Map<String, Object> forbidden(String host, String key) {
        Map<String, Object> body = error("Forbidden", "Caller is not authorized to perform action on resource.\r\n"
                + "If role assignments, deny assignments or role definitions were changed recently, please observe"
                + " propagation time.\r\nAction: 'Microsoft.KeyVault/vaults/keys/read'\r\nResource: '" + host + "/keys/"
                + key + "'\r\nAssignment: (not found)\r\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) body.get("error");
        inner.put("innererror", Map.of("code", "ForbiddenByRbac"));
        return body;
    }

    /** Key Vault's error shape: {@code {"error": {"code", "message"}}}. */
    static Map<String, Object> error(String code, String message) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", code);
        inner.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", inner);
        return body;
    }

    /** A JSON Web Key number: base64url of the unsigned big-endian magnitude, without padding. */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
