package io.cmkworker.preflight;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.math.BigInteger;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads a key with the Azure SDK's {@link KeyClient} (GET {vault}/keys/{name}[/{version}]), one client per
 * vault, and turns what came back into plain values: the key's {@link KeyFacts}, or why it could not be read,
 * classified by HTTP status (the SDK's exception classes are not a reliable guide: it maps 403 to
 * {@code ResourceModifiedException}).
 */
final class KeyReader {

    /** What reading a key gave. */
    sealed interface Read {
    }

    record Found(KeyFacts key) implements Read {
    }

    /** 404: no such key (or version). */
    record NotFound(String message) implements Read {
    }

    /** 401 or 403: this credential may not read it. */
    record Refused(int status, String code, String message) implements Read {
    }

    /** No token, no answer, or an answer that is none of the above. */
    record Failed(String why) implements Read {
    }

    private final AzureAccess azure;
    private final TokenCredential credential;
    private final Map<URI, KeyClient> clients = new ConcurrentHashMap<>();

    KeyReader(AzureAccess azure, TokenCredential credential) {
        this.azure = azure;
        this.credential = credential;
    }

    Read read(URI vaultUrl, String keyName, Optional<String> version) {
        KeyClient client = clients.computeIfAbsent(vaultUrl, this::client);
        try {
            KeyVaultKey key = version.isPresent() ? client.getKey(keyName, version.get()) : client.getKey(keyName);
            return new Found(facts(key));
        } catch (HttpResponseException e) {
            if (e.getResponse() == null) {
                return new Failed("no token: " + firstLine(e.getMessage()));
            }
            int status = e.getResponse().getStatusCode();
            String code = errorField(e.getValue(), "code");
            String message = firstLine(errorField(e.getValue(), "message"));
            if (status == 404) {
                return new NotFound(message.isEmpty() ? "HTTP 404" : message);
            }
            if (status == 401 || status == 403) {
                String inner = innerCode(e.getValue());
                return new Refused(status, inner.isEmpty() ? code : code + "/" + inner, message);
            }
            return new Failed("Key Vault answered HTTP " + status + (code.isEmpty() ? "" : " " + code)
                    + (message.isEmpty() ? "" : ": " + message));
        } catch (RuntimeException e) {
            return new Failed(NoAnswer.describe(e, vaultUrl.getHost() + (vaultUrl.getPort() < 0 ? "" : ":" + vaultUrl.getPort()))
                    .orElse(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())));
        }
    }

    private KeyClient client(URI vaultUrl) {
        KeyClientBuilder builder = new KeyClientBuilder().vaultUrl(vaultUrl.toString()).credential(credential)
                .httpClient(azure.http()).retryOptions(azure.retry());
        if (azure.sandbox()) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildClient();
    }

    static KeyFacts facts(KeyVaultKey key) {
        JsonWebKey jwk = key.getKey();
        KeyProperties properties = key.getProperties();
        String type = jwk == null || jwk.getKeyType() == null ? "" : jwk.getKeyType().toString();
        int bits = jwk == null || jwk.getN() == null ? 0 : new BigInteger(1, jwk.getN()).bitLength();
        Set<String> operations = jwk == null || jwk.getKeyOps() == null ? Set.of()
                : jwk.getKeyOps().stream().map(KeyOperation::toString).collect(Collectors.toSet());
        return new KeyFacts(type, type.startsWith("RSA") ? bits : 0, operations,
                !Boolean.FALSE.equals(properties.isEnabled()),
                Optional.ofNullable(properties.getNotBefore()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(properties.getExpiresOn()).map(OffsetDateTime::toInstant),
                properties.getRecoveryLevel());
    }

    /** {@code {"error": {"code": ..., "message": ...}}}, as the SDK deserialised it. */
    private static String errorField(Object value, String field) {
        if (value instanceof Map<?, ?> body && body.get("error") instanceof Map<?, ?> error && error.get(field) != null) {
            return String.valueOf(error.get(field));
        }
        return "";
    }

    private static String innerCode(Object value) {
        if (value instanceof Map<?, ?> body && body.get("error") instanceof Map<?, ?> error
                && error.get("innererror") instanceof Map<?, ?> inner && inner.get("code") != null) {
            return String.valueOf(inner.get("code"));
        }
        return "";
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
