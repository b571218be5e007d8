package io.cmkworker.kafka.commit;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Per-record progress of one assigned partition: records taken and still running, records finished
 * whose outputs wait for the next transaction, and records done beyond the committed offset. The offset
 * to commit is the first record still running (or the next to take); the records done past it go in the
 * offset's metadata ({@link DoneOffsets}), in the same transaction as their outputs. So a finished record
 * is never held back by a slower one, and after a crash or a move its partition is read again from the
 * first unfinished record, skipping those already done: each record's outputs are committed exactly once.
 * Used only by the poll thread.
 */
public final class OffsetWindow {

    /** A finished record's outputs, waiting for the next transaction. */
    record Finished(long offset, List<ProducerRecord<byte[], byte[]>> outputs, Runnable afterCommit) {
    }

    private final TopicPartition partition;
    private final DoneOffsets.Read read;
    private final TreeSet<Long> running = new TreeSet<>();
    private final TreeSet<Long> done = new TreeSet<>();
    private final List<Finished> finished = new ArrayList<>();
    private long next;
    private boolean dirty;
    private boolean wasFull;

    /**
     * @param committed the partition's committed offset and metadata, or null if none was ever committed
     */
    public OffsetWindow(TopicPartition partition, OffsetAndMetadata committed) {
        this.partition = partition;
        this.next = committed == null ? -1 : committed.offset();
        this.read = committed == null ? new DoneOffsets.Read(DoneOffsets.Kind.NONE, java.util.Set.of(), 0, "")
                : DoneOffsets.read(committed.offset(), committed.metadata());
        done.addAll(read.done());
    }

    public TopicPartition partition() {
        return partition;
    }

    /** What the committed offset's metadata said when the partition was assigned. */
    public DoneOffsets.Read committedMetadata() {
        return read;
    }

    /**
     * Why no record of this partition may be taken, or null: its committed metadata is a done set of a version this
     * worker does not read. Taking records would redo work a newer worker knows is done, and committing would
     * overwrite what it wrote; the partition waits for an owner that reads it.
     */
    public String held() {
        return read.kind() == DoneOffsets.Kind.UNKNOWN_VERSION ? read.detail() : null;
    }

    /** True if this record was already done (its outputs committed) before the partition was read again. */
    public boolean alreadyDone(long offset) {
        return done.contains(offset);
    }

    /** A record already done was passed over. */
    public void skipped(long offset) {
        next = offset + 1;
        dirty = true;
    }

    /** A record was handed to the pipeline. */
    public void taken(long offset) {
        running.add(offset);
        next = offset + 1;
    }

    /** The consumer was moved back to {@code offset} (a delayed record not yet due): it is the next to take. */
    public void heldAt(long offset) {
        next = offset;
    }

    /**
     * A running record finished with these outputs; they go in the next transaction, and
     * {@code afterCommit} runs once it committed.
     */
    public void finished(long offset, List<ProducerRecord<byte[], byte[]>> outputs, Runnable afterCommit) {
        if (running.remove(offset)) {
            finished.add(new Finished(offset, outputs, afterCommit));
            dirty = true;
        }
    }

    public boolean isRunning(long offset) {
        return running.contains(offset);
    }

    public int runningCount() {
        return running.size();
    }

    /** True when there is something to commit: outputs, or an offset that moved. Never for a held window. */
    public boolean hasChanges() {
        return dirty && next >= 0 && held() == null;
    }

    /** True when the records past the commit point span so much that the metadata would overflow: stop taking. */
    public boolean full() {
        return next >= 0 && next - commitOffset() >= DoneOffsets.MAX_SPAN;
    }

    /** True once each time the window becomes {@link #full()}: for counting how often a slow record fills one. */
    public boolean becameFull() {
        boolean full = full();
        boolean became = full && !wasFull;
        wasFull = full;
        return became;
    }

    List<Finished> finishedRecords() {
        return finished;
    }

    /** The first record not done: the offset to commit. */
    public long commitOffset() {
        return running.isEmpty() ? next : running.first();
    }

    /** The offset and metadata to commit with the finished records' outputs, in any encoding. */
    OffsetAndMetadata toCommit() {
        return toCommit(DoneOffsets.NEWEST);
    }

    /** The offset and metadata to commit, the done set in an encoding of version {@code maxVersion} or older. */
    OffsetAndMetadata toCommit(int maxVersion) {
        long offset = commitOffset();
        List<Long> beyond = new ArrayList<>(done.tailSet(offset, false));
        for (Finished f : finished) {
            if (f.offset() > offset) {
                beyond.add(f.offset());
            }
        }
        return new OffsetAndMetadata(offset, DoneOffsets.encode(offset, beyond, maxVersion));
    }

    /** The transaction that carried {@link #toCommit()} and the finished outputs committed. */
    void committed(long offset) {
        for (Finished f : finished) {
            done.add(f.offset());
            f.afterCommit().run();
        }
        finished.clear();
        done.headSet(offset, true).clear();
        dirty = false;
    }
}
