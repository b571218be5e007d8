package io.cmkworker.platform;

import java.util.Set;

/**
 * The one rule for what an HTTP status says about the host: 429 and 500/502/503/504 mean it is
 * overloaded or failing (worth trying again later, and counted by its circuit breaker); any other
 * status is an answer about the request itself.
 */
public final class HttpStatuses {

    private static final Set<Integer> HOST_FAILURES = Set.of(429, 500, 502, 503, 504);

    private HttpStatuses() {
    }

    /** True for a status that says the host is failing or throttling, not that the request is wrong. */
    public static boolean isHostFailure(int status) {
        return HOST_FAILURES.contains(status);
    }
}
