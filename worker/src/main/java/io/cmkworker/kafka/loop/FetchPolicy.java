package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.OffsetWindow;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the loop fetches: which assigned partitions are paused, and how many new requests it may take this turn.
 * Due steps always go first; new requests are taken only while there is room for their onboardings
 * ({@link Intake}) and while the loop keeps up with the due steps of the work it already took ({@link IntakePace}).
 * A partition is paused while its slot is not held and ready, its head is not due ({@link DelayHolds}), its window
 * is full, it is held for its committed metadata ({@link OffsetWindow#held()}), or, for the requests topic, while
 * the intake
 * is closed. Used only by the poll thread.
 */
final class FetchPolicy {

    private static final Logger log = LoggerFactory.getLogger(FetchPolicy.class);

    /** The partitions to pause and to resume so that exactly those that must not be fetched are paused. */
    record Changes(Set<TopicPartition> pause, Set<TopicPartition> resume) {
    }

    private final String requestsTopic;
    private final Intake intake;
    private final IntakePace pace = new IntakePace();
    private final DelayHolds holds;
    private final SlotTable slots;
    private boolean intakeOpen = true;
    /** New requests that may still be taken this turn. */
    private long admissible = Long.MAX_VALUE;

    FetchPolicy(String requestsTopic, Intake intake, DelayHolds holds, SlotTable slots) {
        this.requestsTopic = requestsTopic;
        this.intake = intake;
        this.holds = holds;
        this.slots = slots;
    }

    /**
     * Decides this turn: how many new requests may be taken, given the onboardings in flight here, and which of the
     * assigned partitions must be paused or resumed.
     */
    Changes plan(long now, long inFlight, Set<TopicPartition> assignment, Set<TopicPartition> paused) {
        boolean behind = pace.behind(now);
        long paced = pace.allowed(now, inFlight);
        admissible = Math.min(paced, intake.admissible(inFlight));
        boolean open = admissible > 0;
        if (open != intakeOpen) {
            intakeOpen = open;
            log.debug("{} new requests ({} onboardings in flight here{}); due steps go on either way",
                    open ? "taking" : "not taking", inFlight, behind ? ", due steps taken late"
                            : paced == 0 ? ", " + pace.perSecond() + " taken this second" : "");
        }
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        for (TopicPartition tp : assignment) {
            boolean stop = mustNotFetch(tp, now);
            if (stop && !paused.contains(tp)) {
                pause.add(tp);
            } else if (!stop && paused.contains(tp)) {
                resume.add(tp);
            }
        }
        return new Changes(pause, resume);
    }

    private boolean mustNotFetch(TopicPartition tp, long now) {
        OffsetWindow window = slots.window(tp);
        return window == null || slots.readyOwner(tp.partition()) == null || holds.isHeld(tp, now) || window.full()
                || window.held() != null || (!intakeOpen && isRequests(tp));
    }

    /** True if a new request of {@code tp} may be taken now. */
    boolean admits(TopicPartition tp, long now) {
        return !isRequests(tp) || (admissible > 0 && !pace.behind(now));
    }

    boolean isRequests(TopicPartition tp) {
        return tp.topic().equals(requestsTopic);
    }

    /** A new request was taken. */
    void requestTaken() {
        pace.requestTaken();
        admissible--;
    }

    /** A delayed record released at {@code releaseMillis} was taken at {@code nowMillis}. */
    void dueTaken(long releaseMillis, long nowMillis) {
        pace.dueTaken(releaseMillis, nowMillis);
    }

    IntakePace pace() {
        return pace;
    }
}
