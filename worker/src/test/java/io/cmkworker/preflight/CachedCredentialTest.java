package io.cmkworker.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import io.cmkworker.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CachedCredentialTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final List<String> asked = new ArrayList<>();

    @Test
    void asksOncePerTenantAndScopeUntilTheTokenIsAboutToExpire() {
        CachedCredential cached = new CachedCredential(issuing(Duration.ofHours(1)), clock);

        cached.getTokenSync(context("t1", "https://vault.azure.net/.default"));
        cached.getTokenSync(context("t1", "https://vault.azure.net/.default"));
        cached.getTokenSync(context("t2", "https://vault.azure.net/.default"));
        cached.getTokenSync(context("t1", "https://management.azure.com/.default"));
        clock.advance(Duration.ofMinutes(56));
        cached.getTokenSync(context("t1", "https://vault.azure.net/.default"));

        assertThat(asked).containsExactly("t1 https://vault.azure.net/.default", "t2 https://vault.azure.net/.default",
                "t1 https://management.azure.com/.default", "t1 https://vault.azure.net/.default");
    }

    @Test
    void aCredentialThatFoundNothingIsAskedOnceAndTheFailureRepeated() {
        TokenCredential failing = new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext context) {
                return Mono.error(new IllegalStateException("async"));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext context) {
                asked.add(context.getTenantId());
                throw new ClientAuthenticationException("DefaultAzureCredential failed to retrieve a token", null);
            }
        };
        CachedCredential cached = new CachedCredential(failing, clock);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cached.getTokenSync(context("t1", "https://vault.azure.net/.default")))
                    .isInstanceOf(ClientAuthenticationException.class).hasMessageContaining("failed to retrieve");
        }
        assertThat(asked).containsExactly("t1");
    }

    private TokenCredential issuing(Duration lifetime) {
        return new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext context) {
                return Mono.fromCallable(() -> getTokenSync(context));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext context) {
                asked.add(context.getTenantId() + " " + String.join(" ", context.getScopes()));
                return new AccessToken("token-" + asked.size(), OffsetDateTime.ofInstant(clock.instant().plus(lifetime),
                        ZoneOffset.UTC));
            }
        };
    }

    private static TokenRequestContext context(String tenant, String scope) {
        return new TokenRequestContext().addScopes(scope).setTenantId(tenant);
    }
}
