package io.cmkworker.platform;

import io.cmkworker.config.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * An IMS access token and when to stop using it. {@code refreshAt} is before {@code expiresAt} by
 * the configured margin (at most half the token's life), so a call never carries a token about to expire.
 */
public record AccessToken(Secret value, Instant expiresAt, Instant refreshAt) {
    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(refreshAt, "refreshAt");
    }

    public boolean usableAt(Instant now) {
        return now.isBefore(refreshAt);
    }
}
