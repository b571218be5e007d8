package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.DoneOffsets;
import io.cmkworker.kafka.commit.OffsetWindow;
import io.cmkworker.metrics.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the loop says of a newly assigned partition's committed metadata when it is not a done set it reads. */
final class CommittedMetadata {

    private static final Logger log = LoggerFactory.getLogger(CommittedMetadata.class);

    private CommittedMetadata() {
    }

    /**
     * Says what a partition's committed metadata was when it is not a done set this worker reads: a foreign or
     * unreadable one is read as nothing done beyond the offset (the ledger answers the records read again); an
     * unknown version holds the partition until an owner that reads it takes it.
     */
    static void report(OffsetWindow window, WorkerMetrics metrics) {
        DoneOffsets.Read read = window.committedMetadata();
        switch (read.kind()) {
            case FOREIGN, UNREADABLE -> {
                metrics.commitMetadataUnread(read.kind() == DoneOffsets.Kind.FOREIGN ? "foreign" : "unreadable");
                log.warn("{}: committed at {} with {}; reading it from that offset, and the ledger answers the records"
                        + " read again", window.partition(), window.commitOffset(), read.detail());
            }
            case UNKNOWN_VERSION -> {
                metrics.commitMetadataUnread("unknown-version");
                log.error("{}: holding the partition: committed at {} with {}. No record of it is taken until an"
                        + " instance that reads it takes it (the others go on). If none will, stop the group and"
                        + " commit the same offset without metadata (kafka-consumer-groups --reset-offsets"
                        + " --to-current): the ledger then answers the records read again.", window.partition(),
                        window.commitOffset(), read.detail());
            }
            default -> {
                // a done set, or nothing
            }
        }
    }
}
