package io.cmkworker.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the schema registry is ({@code schemas.registry.url}) and the client settings passed through to its serde
 * ({@code schemas.registry.<property>}, without that prefix: {@code auth.username}, {@code tls.truststore.location}).
 * Its {@code toString()} names the settings but never shows their values, which hold passwords and secrets.
 */
public record RegistrySettings(URI url, Map<String, String> properties) {

    /**
     * Settings that decide the wire format or which schemas are registered: the worker sets them, so that what it
     * writes is the Confluent-compatible framing under {@code <topic>-value} that contracts/wire-format.md describes.
     */
    static final Set<String> PROTECTED = Set.of("url", "url.version", "auto-register", "auto-register.if-exists",
            "find-latest", "canonicalize", "artifact-resolver-strategy", "artifact.group-id", "artifact.artifact-id",
            "artifact.version", "id-handler", "use-id", "headers.enabled", "avro.encoding", "avro-datum-provider",
            "use-specific-avro-reader", "is-key", "schema-resolver", "dereference-schema");

    public RegistrySettings {
        Objects.requireNonNull(url, "url");
        for (String key : properties.keySet()) {
            if (PROTECTED.contains(key)) {
                throw new ConfigException("schemas.registry." + key + " cannot be set: the worker sets it, so that"
                        + " records keep the wire format of contracts/wire-format.md");
            }
        }
        properties = Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return "RegistrySettings[url=" + url + ", properties=" + new TreeMap<>(properties).keySet() + "]";
    }
}
