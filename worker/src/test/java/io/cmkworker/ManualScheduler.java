package io.cmkworker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: it records each delayed task and its delay, and a test
 * runs them when it chooses. Waits become assertions instead of sleeps.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** A task that was scheduled, and after how long. */
    public record Scheduled(Duration delay, Runnable task) {
    }

    private final List<Scheduled> pending = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();

    /** Every delay ever asked for, in order. */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    public synchronized int pending() {
        return pending.size();
    }

    /** Runs the oldest pending task; false when there is none. */
    public boolean runNext() {
        Scheduled next;
        synchronized (this) {
            if (pending.isEmpty()) {
                return false;
            }
            next = pending.remove(0);
        }
        next.task().run();
        return true;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Duration d = Duration.ofNanos(unit.toNanos(delay));
        delays.add(d);
        pending.add(new Scheduled(d, command));
        return new ScheduledFuture<>() {
            @Override
            public long getDelay(TimeUnit u) {
                return u.convert(d.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public int compareTo(Delayed o) {
                return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
            }

            @Override
            public boolean cancel(boolean mayInterrupt) {
                return false;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public Object get() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object get(long timeout, TimeUnit u) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

}
