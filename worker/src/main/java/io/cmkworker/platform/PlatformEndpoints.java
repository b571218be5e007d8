package io.cmkworker.platform;

import io.cmkworker.domain.Region;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the URL of each Platform call. The host comes from the {@link Region}, or from one configured
 * override (the sandbox, a test); the configuration name is percent-encoded as a single path segment.
 */
public final class PlatformEndpoints {

    static final String APP_REGISTRATION_PATH = "/data/infrastructure/manager/byok/app-registration";
    static final String CONFIG_PATH = "/data/infrastructure/manager/customer/config";

    private final Optional<URI> override;

    public PlatformEndpoints(Optional<URI> override) {
        this.override = Objects.requireNonNull(override, "override");
    }

    public URI appRegistration(Region region) {
        return URI.create(base(region) + APP_REGISTRATION_PATH);
    }

    public URI createConfig(Region region) {
        return URI.create(base(region) + CONFIG_PATH);
    }

    public URI configStatus(Region region, String configName) {
        return URI.create(base(region) + CONFIG_PATH + "/" + encodePathSegment(configName) + "?configType=BYOK_CONFIG");
    }

    /** The host every call for {@code region} goes to. */
    public String host(Region region) {
        return override.map(URI::getHost).orElse(region.host());
    }

    private String base(Region region) {
        if (override.isPresent()) {
            String text = override.get().toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }
        return "https://" + region.host();
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, so a name is one path segment. */
    public static String encodePathSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
