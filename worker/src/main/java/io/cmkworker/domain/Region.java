package io.cmkworker.domain;

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
        if (code == null || code.isEmpty() || !asciiLettersAndDigits(code)) {
            return Optional.empty();
        }
        // Asked for every step of every onboarding: no regular expression, no upper-cased copy.
        for (Region region : REGIONS) {
            if (region.name().equalsIgnoreCase(code)) {
                return Optional.of(region);
            }
        }
        return Optional.empty();
    }

    private static final Region[] REGIONS = values();

    private static boolean asciiLettersAndDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
