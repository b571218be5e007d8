package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.OffsetWindow;
import io.cmkworker.kafka.group.SlotOwnership;
import io.cmkworker.pipeline.LeaseLostException;
import io.cmkworker.platform.Futures;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records handed to the pipeline and not yet taken back: their work finishes on other threads and is
 * queued here; the poll thread takes it in ({@link #takeCompletions}) and puts it in its partition's window,
 * unless another step of the same request answered it first (then the result is dropped).
 * A record whose lease lapsed while its partition stayed (the instance was not sure it was still a member)
 * is taken again once its slot is held and live.
 */
final class InWork {

    private final RecordDispatcher dispatcher;
    private final SlotTable slots;
    private final Clock clock;
    private final Set<WorkItem> outstanding = new HashSet<>();
    private final LinkedBlockingQueue<WorkItem> completions = new LinkedBlockingQueue<>();
    private final Set<WorkItem> retries = new LinkedHashSet<>();

    InWork(RecordDispatcher dispatcher, SlotTable slots, Clock clock) {
        this.dispatcher = dispatcher;
        this.slots = slots;
        this.clock = clock;
    }

    /** Hands a record to the pipeline under its slot's hold. */
    void start(ConsumerRecord<byte[], byte[]> record, OffsetWindow window, SlotOwnership owner) {
        WorkItem item = new WorkItem(record, window, owner, dispatcher.dispatch(record, owner));
        outstanding.add(item);
        item.outputs.whenComplete((v, e) -> completions.add(item));
    }

    /** Takes in the records that finished since the last call. */
    void takeCompletions() {
        WorkItem item;
        while ((item = completions.poll()) != null) {
            takeCompletion(item);
        }
    }

    private void takeCompletion(WorkItem item) {
        outstanding.remove(item);
        if (slots.window(item.partition()) != item.window || !item.window.isRunning(item.offset())) {
            return; // its partition left meanwhile: the next owner processes the record
        }
        if (item.outputs.isCompletedExceptionally()) {
            Throwable error = item.outputs.handle((v, e) -> e).join();
            if (!(Futures.unwrap(error) instanceof LeaseLostException)) {
                throw new IllegalStateException("a record's work failed with something other than a lost lease", error);
            }
            item.release();
            retries.add(item); // the partition is still here: take it again once its slot is held and live
            return;
        }
        RecordDispatcher.Result result = item.outputs.join();
        if (item.request != null && dispatcher.answered(item.request, item.owner)) {
            // Another step of the same request answered it first (its partitions were read again from an earlier
            // offset): this one's outputs would answer it twice, or carry on a chain that is over.
            dispatcher.superseded(item.record, item.request);
            item.window.finished(item.offset(), List.of(), item::release);
            return;
        }
        Runnable afterCommit = item::release;
        if (result.answers() && item.request != null) {
            String key = item.request;
            item.owner.answer(key);
            afterCommit = () -> {
                item.release();
                item.owner.answerCommitted(key);
            };
        }
        item.window.finished(item.offset(), result.records(), afterCommit);
    }

    /** Records whose lease lapsed while their partition stayed: taken again under the slot's current hold. */
    void retryLostLeases() {
        for (var it = retries.iterator(); it.hasNext(); ) {
            WorkItem item = it.next();
            if (slots.window(item.partition()) != item.window) {
                it.remove();
                continue;
            }
            SlotOwnership owner = slots.readyOwner(item.partition().partition());
            if (owner != null && owner.active()) {
                it.remove();
                start(item.record, item.window, owner);
            }
        }
    }

    /**
     * Waits, up to {@code timeout} of the loop's clock, for the work of these partitions to finish, calling
     * {@code beat} at least every 100 ms meanwhile; true if it all finished.
     */
    boolean await(Collection<?> partitions, Duration timeout, Runnable beat) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (WorkItem item : outstanding) {
            if (partitions.contains(item.partition())) {
                pending.add(item.outputs);
            }
        }
        long deadline = clock.millis() + timeout.toMillis();
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        long left;
        while (!all.isDone() && (left = deadline - clock.millis()) > 0) {
            beat.run();
            try {
                all.get(Math.min(100, left), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // not all done yet, or one failed: either way, keep waiting for the rest
            }
        }
        return all.isDone();
    }

    /** When the oldest record still in work was handed over ({@link System#nanoTime()}), or 0 if none is. */
    long oldestStartedNanos() {
        long oldest = 0;
        for (WorkItem item : outstanding) {
            if (oldest == 0 || item.startedNanos - oldest < 0) {
                oldest = item.startedNanos;
            }
        }
        return oldest;
    }

    int size() {
        return outstanding.size();
    }
}
