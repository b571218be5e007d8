package io.cmkworker.kafka.loop;

/**
 * How many new requests the loop may take now, from how well it keeps up with the due steps of the work it
 * already took. A burst of new requests brings a burst of first checks a second later, and of second checks
 * after that; when the machine cannot keep up (a cold JVM still compiling, cores shared with the broker), it
 * is the checks of work already admitted that fall behind. The call scheduler puts them first among calls;
 * this puts them first in the loop too, so the intake follows what the loop actually keeps up with, not what
 * the call budget would allow in theory. Three rules, as TCP paces a connection:
 * <ul>
 *   <li><b>Slow start.</b> At most {@link #FIRST_PER_SECOND} new requests in the first second, twice as many
 *       in each second after one in which the pace was used and due steps were taken, every one on time, half as
 *       many (not fewer than the first) after a second with a late one. A second without a due step is no
 *       evidence while onboardings are in flight (their first checks have not come due yet): the pace holds until
 *       they have, and grows on it only when nothing is in flight. A warm worker is at full speed within a few
 *       seconds; a cold one is not asked for a whole burst's first checks at once, nor for a second burst before
 *       the first one's checks have been seen on time.</li>
 *   <li><b>Spread over the second.</b> No more than a tenth of the second's pace by the end of its first tenth,
 *       two tenths by the end of the second, and so on. A second's requests taken at its start would make their
 *       lookups and POSTs, and a second later their first checks, fall due in one clump on cores shared with the
 *       broker, the Platform and the JIT compilers of a young JVM: the clump's last checks would wait for its first
 *       ones. Spread, each tenth's first checks fall due as the previous tenth's are done.</li>
 *   <li><b>Backlog.</b> None at all from a due step taken more than {@link #LATE_MILLIS} late until due steps
 *       have been taken on time for {@link #CALM_MILLIS}.</li>
 * </ul>
 * Used only by the poll thread.
 */
final class IntakePace {

    /** A delayed record taken later than this after its release was taken late. */
    static final long LATE_MILLIS = 100;
    /** How long after the last late record the intake stays closed. */
    static final long CALM_MILLIS = 500;
    /** New requests in the first second: four rounds of the default bulkhead (64 calls). */
    static final long FIRST_PER_SECOND = 256;
    /** Beyond this the pace stops doubling: it no longer limits anything. */
    static final long MAX_PER_SECOND = 1L << 30;

    private long perSecond = FIRST_PER_SECOND;
    private long secondStartMillis;
    private boolean started;
    private long takenThisSecond;
    private long dueThisSecond;
    private boolean lateThisSecond;
    /** When a due step was last taken late; long ago at first. */
    private long lastLateMillis = Long.MIN_VALUE / 2;

    /** A delayed record released at {@code releaseMillis} was taken at {@code nowMillis}. */
    void dueTaken(long releaseMillis, long nowMillis) {
        dueThisSecond++;
        if (nowMillis - releaseMillis > LATE_MILLIS) {
            lateThisSecond = true;
            lastLateMillis = nowMillis;
        }
    }

    /** A new request was taken. */
    void requestTaken() {
        takenThisSecond++;
    }

    /** New requests that may be taken now, with {@code inFlight} onboardings taken and not yet answered. */
    long allowed(long nowMillis, long inFlight) {
        roll(nowMillis, inFlight);
        if (behind(nowMillis)) {
            return 0;
        }
        long tenths = Math.min(10, (nowMillis - secondStartMillis) / 100 + 1);
        return Math.max(0, perSecond * tenths / 10 - takenThisSecond);
    }

    /** True while due steps are being taken late, or were until less than {@link #CALM_MILLIS} ago. */
    boolean behind(long nowMillis) {
        return nowMillis - lastLateMillis < CALM_MILLIS;
    }

    /** New requests a second, as the pace stands. */
    long perSecond() {
        return perSecond;
    }

    /** Ends the current second once it is over, and sets the next one's pace from it. */
    private void roll(long nowMillis, long inFlight) {
        if (!started) {
            started = true;
            secondStartMillis = nowMillis;
            return;
        }
        if (nowMillis - secondStartMillis < 1000) {
            return;
        }
        if (lateThisSecond) {
            perSecond = Math.max(FIRST_PER_SECOND, perSecond / 2);
        } else if (takenThisSecond * 2 >= perSecond && perSecond < MAX_PER_SECOND
                && (dueThisSecond > 0 || inFlight == 0)) {
            // Grown only when used: an idle worker stays at the pace it has shown it can keep.
            perSecond *= 2;
        }
        secondStartMillis = nowMillis;
        takenThisSecond = 0;
        dueThisSecond = 0;
        lateThisSecond = false;
    }
}
