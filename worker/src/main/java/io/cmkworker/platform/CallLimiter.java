package io.cmkworker.platform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Bounds the HTTP calls in flight. A call beyond the limit waits in a queue, holding no thread, and
 * starts when an earlier one completes: hundreds of organisations can be pending while only
 * {@code maxInFlight} sockets are busy.
 */
public final class CallLimiter {

    private final int maxInFlight;
    private final Executor executor;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param maxInFlight most calls running at once
     * @param executor starts a waiting call when a slot frees up (so completions never recurse)
     */
    public CallLimiter(int maxInFlight, Executor executor) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Runs {@code call} now if a slot is free, else when one frees up. */
    public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> started;
            try {
                started = call.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((value, error) -> {
                release();
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        };
        boolean runNow;
        synchronized (this) {
            runNow = inFlight < maxInFlight;
            if (runNow) {
                inFlight++;
            } else {
                waiting.addLast(start);
            }
        }
        if (runNow) {
            start.run();
        }
        return result;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int waiting() {
        return waiting.size();
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            executor.execute(next);
        }
    }
}
