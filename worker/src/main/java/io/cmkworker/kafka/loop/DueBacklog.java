package io.cmkworker.kafka.loop;

/**
 * Whether due steps are being taken late: while they are, the loop takes no new request. A burst of new
 * requests brings a burst of first checks a second later, and of second checks after that; when the machine
 * cannot keep up (a cold JVM, cores shared with the broker), it is the checks of work already admitted that
 * fall behind. The call scheduler puts them first among calls; this puts them first in the loop too, so the
 * intake follows what the loop actually keeps up with, not what the call budget would allow in theory.
 * Intake opens again once due steps have been taken on time for {@link #CALM_MILLIS}.
 */
final class DueBacklog {

    /** A delayed record taken later than this after its release was taken late. */
    static final long LATE_MILLIS = 100;
    /** How long after the last late record the intake stays closed. */
    static final long CALM_MILLIS = 500;

    private boolean seenLate;
    private long lastLateMillis;

    /** A delayed record released at {@code releaseMillis} was taken at {@code nowMillis}. */
    void taken(long releaseMillis, long nowMillis) {
        if (nowMillis - releaseMillis > LATE_MILLIS) {
            seenLate = true;
            lastLateMillis = nowMillis;
        }
    }

    /** True while due steps are being taken late, or were until less than {@link #CALM_MILLIS} ago. */
    boolean behind(long nowMillis) {
        return seenLate && nowMillis - lastLateMillis < CALM_MILLIS;
    }
}
