package io.cmkworker.platform;

import java.util.concurrent.CompletableFuture;

/** Gives an access token for a credential; a token the Platform refused can be dropped. */
public interface TokenSource {

    /** A usable token for {@code credentialRef}; fails with {@link UnknownCredentialException} for an unknown one. */
    CompletableFuture<AccessToken> token(String credentialRef);

    /** Forgets {@code token} if it is still the cached one, so the next {@link #token} mints a new one. */
    void invalidate(String credentialRef, AccessToken token);
}
