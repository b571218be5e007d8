package io.cmkworker.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The Platform regions an organisation can live in, each with its fixed host. A host is only ever
 * taken from this list, never built from input text.
 */
public enum Region {
    VA7("platform.adobe.io"),
    NLD2("platform-nld2.adobe.io"),
    AUS5("platform-aus5.adobe.io");

    private final String host;

    Region(String host) {
        this.host = host;
    }

    public String host() {
        return host;
    }

    /**
     * The region named by {@code code} (ASCII letters and digits, case-insensitive, nothing around them),
     * or empty when it is not one of the list.
     */
    public static Optional<Region> find(String code) {
        if (code == null || !code.matches("[A-Za-z0-9]+")) {
            return Optional.empty();
        }
        for (Region region : values()) {
            if (region.name().equals(code.toUpperCase(Locale.ROOT))) {
                return Optional.of(region);
            }
        }
        return Optional.empty();
    }
}
