package io.cmkworker.kafka.group;

/** Tells the poll thread that its consumer should rejoin the group (see {@link OrphanWatch}). */
public interface RejoinSignal extends AutoCloseable {

    /** True (once) when the consumer should ask for a rebalance. */
    boolean takeRejoin();

    @Override
    void close();

    /** Never asks; for tests that drive rebalances themselves. */
    RejoinSignal NONE = new RejoinSignal() {
        @Override
        public boolean takeRejoin() {
            return false;
        }

        @Override
        public void close() {
        }
    };
}
