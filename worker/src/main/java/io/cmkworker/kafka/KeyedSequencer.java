package io.cmkworker.kafka;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one at a time per key (per organisation), in submission order, while
 * different keys run concurrently. Work of a key whose earlier batch was dropped in a rebalance still
 * waits for that earlier work, so two steps of one organisation never overlap in this instance.
 * Holds only keys with work queued or running.
 *
 * <p>A key's queue is drained in a loop, not by chaining futures: a long queue of work that
 * completes at once (rejections, hops) runs iteratively instead of one stack frame per item.
 */
final class KeyedSequencer {

    private final Map<String, ArrayDeque<Supplier<CompletableFuture<?>>>> queues = new HashMap<>();

    <T> CompletableFuture<T> submit(String key, Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Supplier<CompletableFuture<?>> task = () -> {
            CompletableFuture<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            return started.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        };
        boolean runNow;
        synchronized (this) {
            ArrayDeque<Supplier<CompletableFuture<?>>> queue = queues.get(key);
            runNow = queue == null;
            if (runNow) {
                queues.put(key, new ArrayDeque<>());
            } else {
                queue.addLast(task);
            }
        }
        if (runNow) {
            drain(key, task);
        }
        return result;
    }

    /** Runs {@code task}, then the key's queued tasks, until one is still running or the queue is empty. */
    private void drain(String key, Supplier<CompletableFuture<?>> task) {
        Supplier<CompletableFuture<?>> next = task;
        while (next != null) {
            CompletableFuture<?> running = next.get();
            if (!running.isDone()) {
                running.whenComplete((v, e) -> drain(key, poll(key)));
                return;
            }
            next = poll(key);
        }
    }

    private synchronized Supplier<CompletableFuture<?>> poll(String key) {
        ArrayDeque<Supplier<CompletableFuture<?>>> queue = queues.get(key);
        Supplier<CompletableFuture<?>> next = queue.pollFirst();
        if (next == null) {
            queues.remove(key);
        }
        return next;
    }

    synchronized int keysInFlight() {
        return queues.size();
    }
}
