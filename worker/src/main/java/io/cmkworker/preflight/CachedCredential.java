package io.cmkworker.preflight;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * One token per tenant and resource for the whole run, and one failure too: a credential chain that found no
 * credential (no {@code az login}, no managed identity, no environment) is asked once, not once per key, and
 * {@code az} is started once per tenant instead of once per vault. Tokens are asked for again five minutes
 * before they expire.
 */
final class CachedCredential implements TokenCredential {

    private static final Duration EARLY = Duration.ofMinutes(5);

    private record Request(List<String> scopes, String tenantId, String claims, boolean cae) {
        static Request of(TokenRequestContext context) {
            return new Request(List.copyOf(context.getScopes()), context.getTenantId(), context.getClaims(),
                    context.isCaeEnabled());
        }
    }

    private final TokenCredential credential;
    private final Clock clock;
    private final Map<Request, CompletableFuture<AccessToken>> tokens = new ConcurrentHashMap<>();

    CachedCredential(TokenCredential credential, Clock clock) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.clock = clock;
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext context) {
        Request request = Request.of(context);
        CompletableFuture<AccessToken> mine = new CompletableFuture<>();
        CompletableFuture<AccessToken> cached = tokens.merge(request, mine, (old, fresh) ->
                old.isDone() && !old.isCompletedExceptionally() && expiresSoon(old.join()) ? fresh : old);
        if (cached == mine) {
            try {
                mine.complete(credential.getTokenSync(context));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            return cached.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext context) {
        return Mono.fromCallable(() -> getTokenSync(context));
    }

    private boolean expiresSoon(AccessToken token) {
        return token.getExpiresAt() == null || token.getExpiresAt().toInstant().minus(EARLY).isBefore(clock.instant());
    }
}
