package io.cmkworker.kafka.group;

import io.cmkworker.pipeline.Lease;
import java.util.HashSet;
import java.util.Set;

/**
 * This instance's hold on one slot, from the assignment that gave it to the revocation that takes it
 * away: the {@link Lease} of every record taken from the slot's partitions, and the requests taken in
 * this hold whose first transaction has not committed yet, and those answered in it whose outcome has not. A new
 * assignment of the same slot is a new hold: nothing of an earlier one (its leases, its requests taken or
 * answered) carries over, so no stale mark can answer for work that died with it. The marks are used by the poll
 * thread only.
 */
public final class SlotOwnership implements Lease {

    private final int slot;
    private final Liveness liveness;
    private final Set<String> taken = new HashSet<>();
    private final Set<String> answered = new HashSet<>();
    private volatile boolean revoked;

    public SlotOwnership(int slot, Liveness liveness) {
        this.slot = slot;
        this.liveness = liveness;
    }

    public int slot() {
        return slot;
    }

    /** True while this hold lasts and the instance is live: calls of its records may go out. */
    @Override
    public boolean active() {
        return !revoked && liveness.live();
    }

    /** True once the slot was taken away; then this hold never becomes active again. */
    public boolean revoked() {
        return revoked;
    }

    public void revoke() {
        revoked = true;
    }

    /** True if a request with this ID was taken in this hold and is still running or waiting to commit. */
    public boolean isTaken(String requestKey) {
        return taken.contains(requestKey);
    }

    public void take(String requestKey) {
        taken.add(requestKey);
    }

    /** Requests taken in this hold whose first transaction has not committed yet. */
    public int takenCount() {
        return taken.size();
    }

    /** The request's first transaction committed: the ledger says it is taken from now on. */
    public void release(String requestKey) {
        taken.remove(requestKey);
    }

    /**
     * True if an outcome of this request was produced in this hold and its transaction has not committed yet (the
     * ledger says so once it has): another step of the same request must not answer it again.
     */
    public boolean isAnswered(String requestKey) {
        return answered.contains(requestKey);
    }

    /** An outcome of this request was produced in this hold, to be committed. */
    public void answer(String requestKey) {
        answered.add(requestKey);
    }

    /** The outcome's transaction committed: the ledger holds the request as done from now on. */
    public void answerCommitted(String requestKey) {
        answered.remove(requestKey);
    }

    @Override
    public String toString() {
        return "slot " + slot + (revoked ? " (revoked)" : "");
    }
}
