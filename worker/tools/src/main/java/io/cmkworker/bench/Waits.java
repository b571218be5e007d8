package io.cmkworker.bench;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * How the bench waits: for a condition, polled up to a timeout, or for a measuring window to pass. Only
 * the bench's own thread waits; the worker under measurement never does.
 */
final class Waits {

    private static final Duration POLL = Duration.ofMillis(50);

    private Waits() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} and the time waited if it does not in time. */
    static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        until(what, timeout, POLL, condition);
    }

    /**
     * The same, asking only every {@code every}: for a condition that costs the machine under measurement
     * something (copying a large map, a scrape of a worker's {@code /metrics}).
     */
    static void until(String what, Duration timeout, Duration every, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new BenchTimeoutException("waited " + timeout.toSeconds() + " s for " + what);
            }
            pause(every);
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
