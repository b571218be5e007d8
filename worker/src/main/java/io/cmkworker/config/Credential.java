package io.cmkworker.config;

import java.util.List;
import java.util.Objects;

/**
 * An Adobe IMS OAuth server-to-server credential, known by the name ({@code ref}) that requests use.
 * Its {@code toString()} never shows the secret.
 */
public record Credential(String ref, String clientId, Secret clientSecret, List<String> scopes) {

    public Credential {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        scopes = List.copyOf(scopes);
    }
}
