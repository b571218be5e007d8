package io.cmkworker.sandbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Misbehaviour the sandbox can be told to show, at start or while it runs. Replies are delayed on a
 * scheduler, never by a sleeping thread.
 */
public final class Faults {

    private final AtomicReference<Duration> createReplyDelay = new AtomicReference<>(Duration.ZERO);

    /**
     * Holds every answer to {@code POST /customer/config} for {@code delay} after the configuration is
     * stored: the window in which a worker that crashes has POSTed but not committed.
     */
    public void delayCreateReplies(Duration delay) {
        createReplyDelay.set(delay);
    }

    Duration replyDelay(String endpoint) {
        return endpoint.equals("POST " + PlatformHandler.CONFIG) ? createReplyDelay.get() : Duration.ZERO;
    }
}
