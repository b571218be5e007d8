package io.cmkworker.platform;

/** Told about every HTTP call and every guard event, for metrics. Implementations must be quick and thread-safe. */
public interface CallObserver {

    /** A call ended: {@code status} is the HTTP status, 0 when no response came, -1 when the breaker refused it. */
    void called(PlatformOperation operation, int status);

    /** A call waited for the host's rate limit. */
    void throttled(String guard);

    /** A host's circuit breaker changed state, for example CLOSED to OPEN. */
    void breakerTransition(String guard, String from, String to);

    CallObserver NONE = new CallObserver() {
        @Override
        public void called(PlatformOperation operation, int status) {
        }

        @Override
        public void throttled(String guard) {
        }

        @Override
        public void breakerTransition(String guard, String from, String to) {
        }
    };
}
