package io.cmkworker.bench;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * How the bench waits: for a condition, polled every 50 ms up to a timeout, or for a measuring window
 * to pass. Only the bench's own thread waits; the worker under measurement never does.
 */
final class Waits {

    private static final Duration POLL = Duration.ofMillis(50);

    private Waits() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} and the time waited if it does not in time. */
    static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new BenchTimeoutException("waited " + timeout.toSeconds() + " s for " + what);
            }
            pause(POLL);
        }
    }

    /** Lets a measuring window pass. */
    static void pause(Duration length) throws InterruptedException {
        Thread.sleep(length.toMillis());
    }

    /** A scenario waited longer than it may for something to happen. */
    static final class BenchTimeoutException extends Exception {
        BenchTimeoutException(String message) {
            super(message);
        }
    }
}
