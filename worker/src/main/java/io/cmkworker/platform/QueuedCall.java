package io.cmkworker.platform;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A call waiting in a {@link Lane} for its turn: what to run, whether it still may, and where its result goes. */
record QueuedCall<T>(Supplier<CompletableFuture<T>> call, BooleanSupplier mayProceed, CompletableFuture<T> result,
                     long sequence, CallScheduler.Priority priority, long since) {
}
