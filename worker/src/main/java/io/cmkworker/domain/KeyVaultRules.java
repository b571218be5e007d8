package io.cmkworker.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an Azure Key Vault key identifier must look like before it is sent anywhere:
 * {@code https://{vault}.{known Azure key host}/keys/{name}[/{version}]} and nothing else. Hosts are
 * compared case-insensitively against a configured list of suffixes (vaults and Managed HSM of the
 * Azure clouds).
 */
public final class KeyVaultRules {

    // ASCII classes matched on the text as given: lower-casing first would let Unicode through (the Kelvin
    // sign U+212A lower-cases to 'k').
    private static final Pattern VAULT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]");
    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9-]{1,127}");
    // 32 letters and digits: Azure versions are hex, but the reference's own example is not, and the Platform drops it.
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9]{32}");

    private final List<String> hostSuffixes;

    public KeyVaultRules(List<String> hostSuffixes) {
        if (hostSuffixes.isEmpty()) {
            throw new IllegalArgumentException("hostSuffixes must name at least one Azure key host");
        }
        this.hostSuffixes = hostSuffixes.stream().map(s -> s.trim().toLowerCase(Locale.ROOT))
                .map(s -> s.startsWith(".") ? s.substring(1) : s).toList();
    }

    public List<String> hostSuffixes() {
        return hostSuffixes;
    }

    /** The first rule {@code text} breaks, or empty when it is a valid key identifier. */
    public Optional<String> problem(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("must be a URL: " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("must use https");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || uri.getPort() != -1 || authority.contains(":")
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("must not carry user info, a port, a query or a fragment");
        }
        String host = uri.getHost() == null || !uri.getHost().matches("[A-Za-z0-9.-]+") ? ""
                : uri.getHost().toLowerCase(Locale.ROOT);
        String suffix = hostSuffixes.stream().filter(s -> host.endsWith("." + s)).findFirst().orElse(null);
        if (suffix == null) {
            return Optional.of("host must be {vault}. one of " + String.join(", ", hostSuffixes));
        }
        String vault = host.substring(0, host.length() - suffix.length() - 1);
        if (!VAULT_NAME.matcher(vault).matches() || vault.contains("--")) {
            return Optional.of("vault name must be 3-24 letters, digits and '-', start with a letter, end with a"
                    + " letter or digit, and not contain '--'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String[] parts = path.split("/", -1);
        if (parts.length < 3 || parts.length > 4 || !parts[0].isEmpty() || !"keys".equalsIgnoreCase(parts[1])) {
            return Optional.of("path must be /keys/{name} or /keys/{name}/{version}");
        }
        if (!KEY_NAME.matcher(parts[2]).matches()) {
            return Optional.of("key name must be 1-127 letters, digits and '-'");
        }
        if (parts.length == 4 && !VERSION.matcher(parts[3]).matches()) {
            return Optional.of("key version must be 32 letters and digits");
        }
        return Optional.empty();
    }
}
