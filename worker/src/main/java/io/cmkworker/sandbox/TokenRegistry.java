package io.cmkworker.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The access tokens the sandbox's IMS has minted, and whether each is still valid. */
final class TokenRegistry {

    private record Issued(String clientId, Instant expiresAt) {
    }

    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger minted = new AtomicInteger();
    private final java.util.Queue<String> everMinted = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    TokenRegistry(Clock clock) {
        this.clock = clock;
    }

    String mint(String clientId, Duration lifetime) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "sbx." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, new Issued(clientId, clock.instant().plus(lifetime)));
        everMinted.add(token);
        minted.incrementAndGet();
        return token;
    }

    boolean valid(String token) {
        Issued issued = token == null ? null : tokens.get(token);
        return issued != null && clock.instant().isBefore(issued.expiresAt());
    }

    /** Revokes every token minted so far (they answer 401 from now on). */
    void revokeAll() {
        tokens.clear();
    }

    /** Every token minted since start, revoked or not (so a test can look for them where they must not be). */
    java.util.List<String> everMinted() {
        return java.util.List.copyOf(everMinted);
    }

    int mintedCount() {
        return minted.get();
    }
}
