package io.cmkworker.domain;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of an Azure Key Vault key identifier
 * ({@code https://{vault}.vault.azure.net/keys/{name}[/{version}]}) that the Platform stores: the vault
 * host and the key name. Two identifiers name the same key when those match, ignoring case and version.
 */
public record KeyIdentifier(String vaultHost, String keyName, String version) {

    /** Parses the structure only; the rules a request must meet are checked by the request validator. */
    public static Optional<KeyIdentifier> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.trim());
            if (uri.getHost() == null || uri.getPath() == null) {
                return Optional.empty();
            }
            String[] parts = uri.getPath().split("/", -1);
            if (parts.length < 3 || parts.length > 4 || !parts[0].isEmpty()
                    || !"keys".equalsIgnoreCase(parts[1]) || parts[2].isEmpty()) {
                return Optional.empty();
            }
            String version = parts.length == 4 && !parts[3].isEmpty() ? parts[3] : null;
            return Optional.of(new KeyIdentifier(uri.getHost().toLowerCase(Locale.ROOT), parts[2], version));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    public boolean sameKeyAs(KeyIdentifier other) {
        return vaultHost.equalsIgnoreCase(other.vaultHost) && keyName.equalsIgnoreCase(other.keyName);
    }
}
