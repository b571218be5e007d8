package io.cmkworker.kafka.loop;

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
public final class KeyedSequencer {

    private record Job<T>(Supplier<CompletableFuture<T>> work, CompletableFuture<T> result, long since) {

        CompletableFuture<T> start() {
            try {
                return work.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        void finish(CompletableFuture<T> done) {
            done.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        }
    }

    private final Map<String, ArrayDeque<Job<?>>> queues = new HashMap<>();
    private final java.util.function.LongConsumer waited;

    /** @param waited told, in nanoseconds, how long each job waited for the jobs of its key before it */
    public KeyedSequencer(java.util.function.LongConsumer waited) {
        this.waited = waited;
    }

    public <T> CompletableFuture<T> submit(String key, Supplier<CompletableFuture<T>> work) {
        Job<T> job = new Job<>(work, new CompletableFuture<>(), System.nanoTime());
        boolean runNow;
        synchronized (this) {
            ArrayDeque<Job<?>> queue = queues.get(key);
            runNow = queue == null;
            if (runNow) {
                queues.put(key, new ArrayDeque<>());
            } else {
                queue.addLast(job);
            }
        }
        if (runNow) {
            drain(key, job);
        }
        return job.result();
    }

    /** Runs {@code job}, then the key's queued jobs, until one is still running or the queue is empty. */
    private void drain(String key, Job<?> first) {
        Job<?> job = first;
        while (job != null) {
            job = runOne(key, job);
        }
    }

    /** Starts {@code job}; returns the next job to run now, or null when the key is idle or waiting on this one. */
    private <T> Job<?> runOne(String key, Job<T> job) {
        waited.accept(System.nanoTime() - job.since());
        CompletableFuture<T> running = job.start();
        if (!running.isDone()) {
            running.whenComplete((v, e) -> {
                Job<?> next = poll(key);
                job.finish(running);
                drain(key, next);
            });
            return null;
        }
        Job<?> next = poll(key);
        job.finish(running);
        return next;
    }

    /** The key's next job, or null (and the key forgotten) when its queue is empty. */
    private synchronized Job<?> poll(String key) {
        ArrayDeque<Job<?>> queue = queues.get(key);
        Job<?> next = queue.pollFirst();
        if (next == null) {
            queues.remove(key);
        }
        return next;
    }

    public synchronized int keysInFlight() {
        return queues.size();
    }
}
