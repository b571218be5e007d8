package io.cmkworker.kafka;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one at a time per key (per organisation), in submission order, while
 * different keys run concurrently. Work of a key whose earlier batch was dropped in a rebalance still
 * waits for that earlier work, so two steps of one organisation never overlap in this instance.
 * Holds only keys with work in flight.
 */
final class KeyedSequencer {

    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    <T> CompletableFuture<T> submit(String key, Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous = tails.put(key, result);
        CompletableFuture<?> ready = previous == null ? CompletableFuture.completedFuture(null)
                : previous.handle((v, e) -> null);
        ready.thenCompose(ignored -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                return CompletableFuture.<T>failedFuture(e);
            }
        }).whenComplete((value, error) -> {
            tails.remove(key, result);
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    int keysInFlight() {
        return tails.size();
    }
}
