package io.cmkworker.kafka.group;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether this instance can still believe it is a live member of its group. A process paused for a long
 * time (a stop signal, a long GC pause, a frozen VM) may have been thrown out of the group while it slept,
 * and its partitions given to another instance; when it wakes, its timers fire before its consumer has
 * heard the news. So a lease is only good while the poll loop turned recently ({@code maxGap}, well under
 * the session timeout), and after a gap longer than that it stays suspended for {@code confirm}: time
 * enough for the consumer to learn whether it is still a member (if not, its partitions are revoked as
 * lost and their leases end for good).
 */
public final class Liveness {

    private final LongSupplier nanoTime;
    private final long maxGapNanos;
    private final long confirmNanos;
    private volatile long lastBeat;
    private volatile long suspendedUntil;

    public Liveness(LongSupplier nanoTime, Duration maxGap, Duration confirm) {
        this.nanoTime = nanoTime;
        this.maxGapNanos = maxGap.toNanos();
        this.confirmNanos = confirm.toNanos();
        this.lastBeat = nanoTime.getAsLong();
        this.suspendedUntil = lastBeat;
    }

    /** The poll loop is turning (or waiting on Kafka as a member: a drain, a commit). */
    public void beat() {
        long now = nanoTime.getAsLong();
        if (now - lastBeat > maxGapNanos) {
            suspendedUntil = now + confirmNanos;
        }
        lastBeat = now;
    }

    /** When the loop last turned, in {@link System#nanoTime()} terms of this liveness's clock. */
    public long lastBeat() {
        return lastBeat;
    }

    /** True if work may go on outside Kafka now. */
    public boolean live() {
        long now = nanoTime.getAsLong();
        return now - lastBeat <= maxGapNanos && now - suspendedUntil >= 0;
    }
}
