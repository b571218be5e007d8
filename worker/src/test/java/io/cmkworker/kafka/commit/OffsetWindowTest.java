package io.cmkworker.kafka.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetWindowTest {

    private static final TopicPartition TP = new TopicPartition("req", 3);

    @Test
    void aWindowCommittedWithAnUnknownDoneSetVersionIsHeldAndNeverCommits() {
        OffsetWindow w = new OffsetWindow(TP, new OffsetAndMetadata(10, "cmk7:AAEC"));

        assertThat(w.held()).contains("done-set version 7");
        w.skipped(10);
        assertThat(w.hasChanges()).isFalse();
    }

    @Test
    void aWindowCountsOnceEachTimeItBecomesFull() {
        OffsetWindow w = new OffsetWindow(TP, new OffsetAndMetadata(0));
        w.taken(0);
        for (long o = 1; o < DoneOffsets.MAX_SPAN - 1; o++) {
            w.skipped(o);
        }
        assertThat(w.becameFull()).isFalse();
        w.skipped(DoneOffsets.MAX_SPAN - 1);
        assertThat(w.becameFull()).isTrue();
        assertThat(w.becameFull()).isFalse();
        w.finished(0, List.of(), () -> { });
        assertThat(w.becameFull()).isFalse();
        assertThat(w.full()).isFalse();
    }

    @Test
    void commitsTheFirstRunningRecordAndNamesTheFinishedOnesBeyondIt() {
        OffsetWindow w = new OffsetWindow(TP, new OffsetAndMetadata(10));
        w.taken(10);
        w.taken(11);
        w.taken(13); // 12 was a transaction marker: never returned
        w.finished(11, List.of(), () -> { });
        w.finished(13, List.of(), () -> { });

        OffsetAndMetadata commit = w.toCommit();
        assertThat(commit.offset()).isEqualTo(10);
        assertThat(DoneOffsets.decode(10, commit.metadata())).containsExactly(11L, 13L);

        w.committed(commit.offset());
        w.finished(10, List.of(), () -> { });
        assertThat(w.toCommit()).isEqualTo(new OffsetAndMetadata(14, ""));
    }

    @Test
    void aWindowReadBackSkipsWhatTheMetadataSaysIsDoneAndKeepsSayingIt() {
        OffsetWindow w = new OffsetWindow(TP, new OffsetAndMetadata(20, DoneOffsets.encode(20, List.of(22L))));
        assertThat(w.alreadyDone(22)).isTrue();
        assertThat(w.alreadyDone(21)).isFalse();
        w.taken(20);
        w.taken(21);
        w.skipped(22);
        w.finished(21, List.of(), () -> { });

        OffsetAndMetadata commit = w.toCommit();
        assertThat(commit.offset()).isEqualTo(20);
        assertThat(DoneOffsets.decode(20, commit.metadata())).containsExactly(21L, 22L);
    }

    @Test
    void runsTheAfterCommitActionsOnlyOnceCommitted() {
        OffsetWindow w = new OffsetWindow(TP, null);
        List<String> released = new ArrayList<>();
        w.taken(0);
        w.finished(0, List.of(), () -> released.add("r0"));
        assertThat(released).isEmpty();
        assertThat(w.hasChanges()).isTrue();

        w.committed(w.toCommit().offset());
        assertThat(released).containsExactly("r0");
        assertThat(w.hasChanges()).isFalse();
    }

    @Test
    void aHeldHeadIsTheNextToTakeAndNothingIsCommittedBeforeAnythingWasTaken() {
        OffsetWindow fresh = new OffsetWindow(TP, null);
        assertThat(fresh.hasChanges()).isFalse();

        OffsetWindow w = new OffsetWindow(TP, new OffsetAndMetadata(5));
        w.taken(5);
        w.finished(5, List.of(), () -> { });
        w.heldAt(6);
        assertThat(w.toCommit().offset()).isEqualTo(6);
    }

    @Test
    void isFullWhenTheRecordsPastTheCommitPointWouldOverflowTheMetadata() {
        OffsetWindow w = new OffsetWindow(TP, new OffsetAndMetadata(0));
        w.taken(0);
        for (long o = 1; o < DoneOffsets.MAX_SPAN - 1; o++) {
            w.taken(o);
            w.finished(o, List.of(), () -> { });
        }
        assertThat(w.full()).isFalse();
        w.taken(DoneOffsets.MAX_SPAN - 1);
        assertThat(w.full()).isTrue();
        assertThat(w.toCommit().metadata().length()).isLessThan(4096);
    }
}
