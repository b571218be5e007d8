package io.cmkworker.preflight;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Says what happened when a call got no HTTP answer at all (the SDK wraps the cause a few levels deep):
 * nothing listened, nothing answered in time, the name did not resolve, or TLS failed. Never "refused": no
 * server refused anything.
 */
final class NoAnswer {

    private NoAnswer() {
    }

    /** {@code nothing answered at https://x (connection refused)}, or empty when {@code failure} is not one. */
    static Optional<String> describe(Throwable failure, String where) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return Optional.of("nothing answered at " + where + ": its name does not resolve");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return Optional.of("nothing answered at " + where + " (connection timed out)");
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return Optional.of("nothing answered at " + where + " in time (timed out)");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return Optional.of("nothing answered at " + where + " (could not connect"
                        + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")");
            }
            if (t instanceof SSLException) {
                return Optional.of("TLS with " + where + " failed (" + t.getMessage() + ")");
            }
        }
        return Optional.empty();
    }
}
