package io.cmkworker.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.config.Credential;
import io.cmkworker.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adobe IMS OAuth server-to-server tokens ({@code POST /ims/token/v3}, {@code client_credentials}),
 * cached per credential until shortly before they expire. Minting is single-flight: however many
 * calls need a credential's token at once, one IMS request is made (IMS throttles clients that mint
 * too many).
 */
public final class ImsTokenProvider implements TokenSource {

    private final HttpSender sender;
    private final URI tokenUrl;
    private final Map<String, Credential> credentials;
    private final Duration refreshMargin;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, CompletableFuture<AccessToken>> cache = new ConcurrentHashMap<>();
    /** When a credential's last mint was refused (4xx): refusals are remembered briefly, so a bad credential
     * costs IMS one call per {@link #REFUSAL_MEMORY}, not one per request. */
    private final Map<String, Instant> refusedAt = new ConcurrentHashMap<>();
    static final Duration REFUSAL_MEMORY = Duration.ofSeconds(30);
    private final AtomicLong minted = new AtomicLong();

    public ImsTokenProvider(HttpSender sender, URI tokenUrl, Map<String, Credential> credentials,
                            Duration refreshMargin, Clock clock, ObjectMapper json) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
        this.credentials = Map.copyOf(credentials);
        this.refreshMargin = Objects.requireNonNull(refreshMargin, "refreshMargin");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    public boolean knows(String credentialRef) {
        return credentials.containsKey(credentialRef);
    }

    /** How many tokens have been requested from IMS since start. */
    public long mintedCount() {
        return minted.get();
    }

    @Override
    public CompletableFuture<AccessToken> token(String credentialRef) {
        Credential credential = credentials.get(credentialRef);
        if (credential == null) {
            return CompletableFuture.failedFuture(new UnknownCredentialException(credentialRef));
        }
        return cache.compute(credentialRef, (ref, current) -> reusable(ref, current) ? current : mint(credential));
    }

    @Override
    public void invalidate(String credentialRef, AccessToken token) {
        cache.computeIfPresent(credentialRef, (ref, current) ->
                current.isDone() && !current.isCompletedExceptionally() && current.join().equals(token) ? null : current);
    }

    private boolean reusable(String ref, CompletableFuture<AccessToken> current) {
        if (current == null) {
            return false;
        }
        if (!current.isDone()) {
            return true; // a mint is under way: share it
        }
        if (current.isCompletedExceptionally()) {
            Instant refused = refusedAt.get(ref);
            return refused != null && clock.instant().isBefore(refused.plus(REFUSAL_MEMORY));
        }
        return current.join().usableAt(clock.instant());
    }

    private CompletableFuture<AccessToken> mint(Credential credential) {
        minted.incrementAndGet();
        String form = "grant_type=client_credentials"
                + "&client_id=" + encode(credential.clientId())
                + "&client_secret=" + encode(credential.clientSecret().reveal())
                + "&scope=" + encode(String.join(",", credential.scopes()));
        HttpRequest request = sender.request(tokenUrl)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        Instant requestedAt = clock.instant();
        String ref = credential.ref();
        return sender.send(PlatformOperation.IMS_TOKEN, request,
                        CallContext.of(CallScheduler.Priority.TOKEN, () -> true))
                .thenApply(response -> parse(response, requestedAt))
                .whenComplete((token, error) -> {
                    if (error != null && Futures.unwrap(error) instanceof PlatformCallException call
                            && call.status() >= 400 && call.status() < 500 && call.status() != 429) {
                        refusedAt.put(ref, clock.instant());
                    } else {
                        refusedAt.remove(ref);
                    }
                });
    }

    private AccessToken parse(HttpResponse<String> response, Instant requestedAt) {
        if (response.statusCode() != 200) {
            throw sender.failure(PlatformOperation.IMS_TOKEN, response, json);
        }
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode token = body.get("access_token");
            JsonNode expiresIn = body.get("expires_in");
            if (token == null || token.asText().isEmpty() || expiresIn == null || !expiresIn.canConvertToLong()) {
                throw new PlatformCallException(PlatformOperation.IMS_TOKEN, response.statusCode(),
                        new PlatformError("", "response lacks access_token or expires_in"), null, null);
            }
            Duration life = Duration.ofSeconds(expiresIn.asLong());
            Duration margin = refreshMargin.compareTo(life.dividedBy(2)) <= 0 ? refreshMargin : life.dividedBy(2);
            Instant expiresAt = requestedAt.plus(life);
            return new AccessToken(new Secret(token.asText()), expiresAt, expiresAt.minus(margin));
        } catch (IOException e) {
            throw new PlatformCallException(PlatformOperation.IMS_TOKEN, response.statusCode(),
                    new PlatformError("", "response is not JSON"), null, null);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
