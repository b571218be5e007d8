package io.cmkworker.kafka.ledger;

import io.cmkworker.events.AvroCodec;
import io.cmkworker.events.LedgerEntry;
import io.cmkworker.kafka.group.OpenTransactions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a slot's ledger partition back from the topic on a thread of its own, so the poll loop goes on
 * with the other slots meanwhile (the slot's partitions stay paused until its view is installed).
 *
 * <p>It first ends any transaction a dead previous owner left open on the slot ({@link OpenTransactions}),
 * then reads read_committed up to the partition's end <em>including</em> records of transactions that were
 * open when it started: it finishes only once every one of them is resolved, so it sees every transaction a
 * previous owner committed (even one committed behind another that was still open) and nothing of one
 * that was aborted.
 */
public final class LedgerRestorer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerRestorer.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String topic;
    private final Consumer<byte[], byte[]> reader;
    private final OpenTransactions open;
    private final AvroCodec<LedgerEntry> codec;
    private final Duration retention;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cmk-ledger-restore");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param reader a consumer (read_committed, no group) used only by this restorer's thread
     */
    public LedgerRestorer(String topic, Consumer<byte[], byte[]> reader, OpenTransactions open,
                          AvroCodec<LedgerEntry> codec, Duration retention, Clock clock) {
        this.codec = codec;
        this.topic = topic;
        this.reader = reader;
        this.open = open;
        this.retention = retention;
        this.clock = clock;
    }

    /** Reads ledger partition {@code slot}; completes with its entries. */
    public CompletableFuture<LedgerTable> restore(int slot) {
        return CompletableFuture.supplyAsync(() -> read(slot), thread);
    }

    private LedgerTable read(int slot) {
        long started = System.nanoTime();
        TopicPartition tp = new TopicPartition(topic, slot);
        List<TopicPartition> one = List.of(tp);
        open.fenceAbandoned(slot);
        long end = open.endIncludingOpen(tp);
        reader.assign(one);
        try {
            reader.seekToBeginning(one);
            LedgerTable entries = new LedgerTable();
            int read = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            java.time.Instant cutoff = clock.instant().minus(retention);
            while (reader.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the ledger " + tp + " back within " + TIMEOUT
                            + "; is the broker reachable?");
                }
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    RequestLedger.apply(codec, entries, record.value(), cutoff);
                    read++;
                }
            }
            log.info("restored the ledger of slot {} ({} records, {} requests) in {} ms", slot, read, entries.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return entries;
        } finally {
            reader.assign(List.of());
        }
    }

    /** Stops a restore in progress and closes the reader (on its own thread: a consumer is not thread-safe). */
    @Override
    public void close() {
        reader.wakeup();
        thread.execute(() -> {
            reader.close(Duration.ofSeconds(5));
            open.close();
        });
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
