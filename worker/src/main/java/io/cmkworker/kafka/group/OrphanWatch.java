package io.cmkworker.kafka.group;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches for partitions no member holds while the group is stable. A cooperative rebalance moves a slot in
 * two rounds: the first takes it from its holder, which then asks for the second that gives it out. If the
 * holder dies between the two and comes back at once with the same static ID, the coordinator hands it its
 * old assignment without a rebalance, and nobody asks for the second round: the slot would wait for the next
 * membership change. So every instance looks, every {@code interval}, and when partitions stay unheld over
 * two looks in a row, asks its consumer to rejoin; the assignor then gives them out.
 */
public final class OrphanWatch implements RejoinSignal {

    private static final Logger log = LoggerFactory.getLogger(OrphanWatch.class);

    private final Callable<Optional<Set<TopicPartition>>> held;
    private final Runnable onClose;
    private final Set<TopicPartition> all;
    private final Duration interval;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cmk-orphan-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean rejoin = new AtomicBoolean();
    private final Consumer<String> failed;
    private Set<TopicPartition> lastMissing = Set.of();
    /** The causes of failed looks since the last one that worked, each logged once. */
    private final Set<String> failing = new HashSet<>();

    /**
     * @param held the partitions the group's members hold between them, or empty while the group is not stable
     * @param partitions every partition of every input topic: what the group's members must hold between them
     */
    OrphanWatch(Callable<Optional<Set<TopicPartition>>> held, Set<TopicPartition> partitions, Duration interval,
                Runnable onClose, Consumer<String> failed) {
        this.held = held;
        this.failed = failed;
        this.all = Set.copyOf(partitions);
        this.onClose = onClose;
        this.interval = interval;
        if (!interval.isZero()) {
            thread.scheduleWithFixedDelay(this::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Watches {@code group} through {@code admin} (closed with the watch).
     *
     * @param failed told the cause (an exception's class name) of every look that failed
     */
    public static OrphanWatch of(Admin admin, String group, Set<TopicPartition> partitions, Duration interval,
                                 Consumer<String> failed) {
        return new OrphanWatch(() -> {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            if (description.groupState() != GroupState.STABLE || description.members().isEmpty()) {
                return Optional.empty();
            }
            Set<TopicPartition> out = new HashSet<>();
            for (MemberDescription m : description.members()) {
                out.addAll(m.assignment().topicPartitions());
            }
            return Optional.of(out);
        }, partitions, interval, () -> admin.close(Duration.ofSeconds(5)), failed);
    }

    /** True (once) when partitions were seen unheld twice in a row: the poll thread should ask to rejoin. */
    @Override
    public boolean takeRejoin() {
        return rejoin.getAndSet(false);
    }

    void look() {
        Optional<Set<TopicPartition>> now;
        try {
            now = held.call();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            lookFailed(e);
            return;
        }
        if (!failing.isEmpty()) {
            log.info("looking at the group's assignment works again; partitions no member holds are found again");
            failing.clear();
        }
        if (now.isEmpty()) {
            lastMissing = Set.of();
            return;
        }
        Set<TopicPartition> missing = new HashSet<>(all);
        missing.removeAll(now.get());
        if (!missing.isEmpty() && missing.equals(lastMissing)) {
            log.warn("{} partitions held by no member of a stable group (e.g. {}); asking for a rebalance",
                    missing.size(), missing.iterator().next());
            rejoin.set(true);
            missing = Set.of();
        }
        lastMissing = missing;
    }

    /**
     * Counts a failed look, and says so at WARN the first time its cause is seen since looking last worked: a
     * missing Describe permission on the group must not silently turn this watch off.
     */
    private void lookFailed(Exception e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                ? e.getCause() : e;
        String kind = cause.getClass().getSimpleName();
        failed.accept(kind);
        if (failing.add(kind)) {
            log.warn("cannot look at the group's assignment ({}): partitions no member holds are not noticed until"
                    + " this works (the worker needs Describe on its group); trying again every {}", cause.toString(),
                    interval);
        } else {
            log.debug("looking at the group's assignment failed again: {}", cause.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        onClose.run();
    }
}
