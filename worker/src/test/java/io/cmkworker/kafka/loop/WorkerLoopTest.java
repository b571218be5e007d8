package io.cmkworker.kafka.loop;

import static io.cmkworker.kafka.loop.LoopFixture.DELAY;
import static io.cmkworker.kafka.loop.LoopFixture.REQUESTS;
import static io.cmkworker.kafka.loop.LoopFixture.orgIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.kafka.commit.DoneOffsets;
import io.cmkworker.kafka.commit.FatalKafkaException;
import io.cmkworker.pipeline.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerLoopTest {

    private static final TopicPartition REQ0 = new TopicPartition(REQUESTS, 0);

    private LoopFixture f = new LoopFixture(Duration.ofMillis(200));

    @AfterEach
    void close() {
        f.loop.shutdown();
    }

    /** Holds slot 0, and a request "r1" of it is taken and running. */
    private OnboardingRequest takenInSlot0() {
        f.hold(0);
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        f.addRequest(request);
        f.turn();
        return request;
    }

    @Test
    void commitsWhatFinishesWithinAPollIntervalInOneTransaction() throws Exception {
        LoopFixture batching = new LoopFixture(Duration.ofSeconds(5), null, Duration.ofMillis(50));
        try {
            batching.hold(0);
            OnboardingRequest first = batching.request(orgIn(0, 1), "first");
            OnboardingRequest second = batching.request(orgIn(0, 2), "second");
            batching.addRequest(first);
            batching.addRequest(second);
            batching.turn();
            long transactions = committedTransactions(batching);

            batching.steps.publish(first);
            batching.turn();
            batching.clock.advance(Duration.ofMillis(30));
            batching.steps.publish(second);
            batching.turn();

            assertThat(batching.outcomes()).as("finished 30 ms ago: it waits for more").isEmpty();

            batching.clock.advance(Duration.ofMillis(20));
            batching.turn();

            assertThat(batching.outcomes()).extracting(OnboardingOutcome::getRequestId)
                    .containsExactly("first", "second");
            assertThat(committedTransactions(batching) - transactions).isEqualTo(1);
            assertThat(batching.committed(REQ0)).isEqualTo(new OffsetAndMetadata(2, ""));
        } finally {
            batching.loop.shutdown();
        }
    }

    private static long committedTransactions(LoopFixture fixture) {
        return fixture.producers.stream().mapToLong(MockProducer::commitCount).sum();
    }

    @Test
    void commitsAFinishedRecordWithoutWaitingForASlowerOneOfItsPartition() throws Exception {
        f.hold(0, 1);
        OnboardingRequest slow = f.request(orgIn(0, 1), "slow");
        OnboardingRequest fast = f.request(orgIn(0, 2), "fast");
        f.addRequest(slow);
        f.addRequest(fast);
        f.turn();

        f.steps.publish(fast);
        f.turn();

        assertThat(f.outcomes()).extracting(OnboardingOutcome::getRequestId).containsExactly("fast");
        OffsetAndMetadata committed = f.committed(REQ0);
        assertThat(committed.offset()).isZero();
        assertThat(DoneOffsets.decode(0, committed.metadata())).containsExactly(1L);

        f.steps.publish(slow);
        f.turn();

        assertThat(f.outcomes()).extracting(OnboardingOutcome::getRequestId).containsExactly("fast", "slow");
        assertThat(f.committed(REQ0)).isEqualTo(new OffsetAndMetadata(2, ""));
    }

    @Test
    void aPartitionReadAgainSkipsTheRecordsAlreadyDone() throws Exception {
        f.consumer.commitSync(Map.of(REQ0, new OffsetAndMetadata(0, DoneOffsets.encode(0, List.of(1L)))));
        f.hold(0);
        OnboardingRequest first = f.request(orgIn(0, 1), "first");
        OnboardingRequest done = f.request(orgIn(0, 2), "done");
        OnboardingRequest third = f.request(orgIn(0, 3), "third");
        f.addRequest(first);
        f.addRequest(done);
        f.addRequest(third);

        f.turn();

        assertThat(f.steps.calls).extracting(LoopFixture.FakeSteps.Call::requestId).containsExactly("first", "third");
    }

    @Test
    void aRequestWhoseSlotComesBackIsProcessedAgainNotAnsweredAsInFlight() throws Exception {
        OnboardingRequest request = takenInSlot0();
        LoopFixture.FakeSteps.Call first = f.steps.last("r1");

        f.consumer.rebalance(List.of()); // revoked; its call is still on the wire after the drain timeout
        assertThat(first.lease().active()).isFalse();
        f.hold(0); // the slot comes straight back to this instance
        f.addAt(REQUESTS, 0, 0, request.getOrgId(), Codecs.REQUEST.encode(request), f.clock.millis()); // not committed
        f.turn();
        // The old call answers late: its result is ignored, and the org's next step may start.
        first.result().complete(List.of(new io.cmkworker.pipeline.Output.Publish(LoopFixture.outcome(request))));
        f.turn();

        assertThat(f.steps.callsFor("r1")).hasSize(2);
        assertThat(f.outcomes()).isEmpty();
        f.steps.publish(request);
        f.turn();
        f.turn();
        assertThat(f.outcomes()).extracting(OnboardingOutcome::getRequestId).containsExactly("r1");
    }

    @Test
    void revocationEndsLeasesAndCommitsCallsThatFinishOnTheWire() throws Exception {
        f.hold(0, 1);
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        f.addRequest(request);
        f.turn();
        f.onPurge = () -> f.steps.publish(request); // the POST on the wire answers while the slot is handed over

        f.consumer.rebalance(List.of(new TopicPartition(REQUESTS, 1), new TopicPartition(DELAY, 1)));
        f.syncCommitted();

        assertThat(f.purges).hasValue(1);
        assertThat(f.steps.last("r1").lease().active()).isFalse();
        assertThat(f.outcomes()).extracting(OnboardingOutcome::getRequestId).containsExactly("r1");
        assertThat(f.producer().consumerGroupOffsetsHistory().get(0).values().iterator().next())
                .containsEntry(REQ0, new OffsetAndMetadata(1, ""));
    }

    @Test
    void aSlotGoingElsewhereIsLeftAtItsFirstUnfinishedRecordAndTheNextOwnerSkipsTheRest() throws Exception {
        f.hold(0);
        OnboardingRequest unfinished = f.request(orgIn(0, 1), "unfinished");
        OnboardingRequest finished = f.request(orgIn(0, 2), "finished");
        f.addRequest(unfinished);
        f.addRequest(finished);
        f.turn();
        f.steps.publish(finished);
        f.consumer.rebalance(List.of());
        OffsetAndMetadata left = f.producer().consumerGroupOffsetsHistory().get(0).values().iterator().next().get(REQ0);
        f.loop.shutdown();

        assertThat(left.offset()).isZero();
        assertThat(DoneOffsets.decode(0, left.metadata())).containsExactly(1L);

        LoopFixture next = new LoopFixture(Duration.ofMillis(200));
        f = next;
        next.consumer.commitSync(Map.of(REQ0, left));
        next.hold(0);
        next.addRequest(unfinished);
        next.addRequest(finished);
        next.turn();
        assertThat(next.steps.calls).extracting(LoopFixture.FakeSteps.Call::requestId).containsExactly("unfinished");
    }

    @Test
    void aDuplicateWhileItsFirstCopyRunsStartsNoSecondOnboarding() throws Exception {
        f.hold(0);
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        f.addRequest(request);
        f.addRequest(request);
        f.turn();
        f.steps.publish(request);
        f.turn();

        assertThat(f.steps.callsFor("r1")).hasSize(1);
        assertThat(f.outcomes()).hasSize(1);
        assertThat(f.committed(REQ0).offset()).isEqualTo(2);
    }

    @Test
    void aDuplicateAfterTheOutcomeGetsTheOutcomeAgainAsAReplay() throws Exception {
        OnboardingRequest request = takenInSlot0();
        f.steps.publish(request);
        f.turn();
        f.addRequest(request);
        f.turn();

        assertThat(f.steps.callsFor("r1")).hasSize(1);
        assertThat(f.outcomes()).extracting(OnboardingOutcome::getReplay).containsExactly(false, true);
    }

    @Test
    void aDuplicateFromBeforeARestartIsAnsweredFromTheLedgerReadBack() throws Exception {
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        f.hold(0);
        f.addRequest(request);
        f.turn();
        f.steps.publish(request);
        f.turn();
        List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> ledger = f.committedRecords().stream()
                .filter(r -> r.topic().equals(LoopFixture.LEDGER)).toList();
        f.loop.shutdown();

        LoopFixture next = new LoopFixture(Duration.ofMillis(200));
        f = next;
        next.ledgerReader.updateEndOffsets(Map.of(new TopicPartition(LoopFixture.LEDGER, 0), (long) ledger.size()));
        next.consumer.rebalance(List.of(REQ0, new TopicPartition(DELAY, 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> next.ledgerReader.assignment()
                .contains(new TopicPartition(LoopFixture.LEDGER, 0)));
        // A new copy: at offset 1, not the very record the request was taken from (offset 0).
        next.addAt(REQUESTS, 0, 1, request.getOrgId(), Codecs.REQUEST.encode(request), next.clock.millis());
        next.turn();
        assertThat(next.steps.calls).as("nothing is taken before the slot's ledger is read back").isEmpty();

        for (int i = 0; i < ledger.size(); i++) {
            next.ledgerReader.addRecord(new org.apache.kafka.clients.consumer.ConsumerRecord<>(LoopFixture.LEDGER, 0, i,
                    ledger.get(i).key(), ledger.get(i).value()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            next.turn();
            return !next.outcomes().isEmpty();
        });
        assertThat(next.steps.calls).isEmpty();
        assertThat(next.outcomes()).singleElement().satisfies(o -> assertThat(o.getReplay()).isTrue());
    }

    /** Holds slot 0, takes {@code request} (requests-0@0) and schedules its first step; returns that step's record. */
    private ProducerRecord<byte[], byte[]> takenWithOneStepScheduled(OnboardingRequest request) throws Exception {
        f.hold(0);
        f.addRequest(request);
        f.turn();
        f.steps.schedule(request, f.clock.instant());
        f.turn();
        return f.committedTo(DELAY).get(0);
    }

    /**
     * Runs request "r1" of slot 0 to its outcome through one delayed step: the request at requests-0@0, its step at
     * delay-0@0. Returns what the loop committed.
     */
    private List<ProducerRecord<byte[], byte[]>> runToTheOutcomeThroughOneStep(OnboardingRequest request)
            throws Exception {
        ProducerRecord<byte[], byte[]> step = takenWithOneStepScheduled(request);
        f.clock.advance(Duration.ofSeconds(2));
        f.add(DELAY, 0, request.getOrgId(), step.value(), step.timestamp());
        f.turn();
        f.steps.publish(request);
        f.turn();
        assertThat(f.outcomes()).hasSize(1);
        return f.committedRecords();
    }

    @Test
    void afterAnOffsetResetTheRecordsOfAnAnsweredRequestDoNothingAndANewCopyGetsItsReplay() throws Exception {
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        List<ProducerRecord<byte[], byte[]>> committed = runToTheOutcomeThroughOneStep(request);
        ProducerRecord<byte[], byte[]> step = committed.stream().filter(r -> r.topic().equals(DELAY)).findFirst()
                .orElseThrow();
        f.loop.shutdown();

        // The group is reset to the earliest offsets: no committed offset, no done set; the ledger is all there is.
        LoopFixture next = new LoopFixture(Duration.ofMillis(200));
        f = next;
        next.holdWithLedger(committed, 0);
        next.add(DELAY, 0, request.getOrgId(), step.value(), step.timestamp()); // delay-0@0: its step
        next.clock.advance(Duration.ofSeconds(3));
        next.turn();
        next.clock.advance(Duration.ofSeconds(1)); // that step was due long ago: the intake waits a moment
        next.addRequest(request);                                               // requests-0@0: where it was taken
        next.addRequest(request);                                               // requests-0@1: a new copy
        next.turn();
        next.turn();

        assertThat(next.steps.calls).as("no call for the answered request").isEmpty();
        assertThat(next.outcomes()).singleElement().satisfies(o -> assertThat(o.getReplay()).isTrue());
        assertThat(next.metrics.registry().get("cmk.records.reread").tag("record", "request").counter().count())
                .isEqualTo(1.0);
        assertThat(next.metrics.registry().get("cmk.records.reread").tag("record", "step").counter().count())
                .isEqualTo(1.0);
        assertThat(next.committed(REQ0).offset()).isEqualTo(2);
    }

    @Test
    void aStepOfARequestInFlightReadAgainRunsButTheRequestRecordItselfDoesNot() throws Exception {
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        ProducerRecord<byte[], byte[]> step = takenWithOneStepScheduled(request);
        List<ProducerRecord<byte[], byte[]>> committed = f.committedRecords();
        assertThat(Codecs.STATUS_CHECK.decode(step.value()).getRequestOffset()).as("the step knows its request's offset")
                .isZero();
        f.loop.shutdown();

        LoopFixture next = new LoopFixture(Duration.ofMillis(200));
        f = next;
        next.holdWithLedger(committed, 0);
        next.addRequest(request);
        next.clock.advance(Duration.ofSeconds(2));
        next.add(DELAY, 0, request.getOrgId(), step.value(), step.timestamp());
        next.turn();

        assertThat(next.steps.calls).extracting(LoopFixture.FakeSteps.Call::requestId).as("only its step runs")
                .containsExactly("r1");
        next.steps.publish(request);
        next.turn();
        assertThat(next.outcomes()).singleElement().satisfies(o -> assertThat(o.getReplay()).isFalse());
        ProducerRecord<byte[], byte[]> done = next.committedTo(LoopFixture.LEDGER).get(0);
        assertThat(Codecs.LEDGER.decode(done.value()).getRequestOffset()).as("the outcome's ledger entry keeps the"
                + " request's offset").isZero();
    }

    @Test
    void twoStepsOfOneRequestRunningAtOnceAnswerItOnce() throws Exception {
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        ProducerRecord<byte[], byte[]> step = takenWithOneStepScheduled(request);
        // The same step twice in the delay partition, as after its partition was read again from an earlier offset.
        f.clock.advance(Duration.ofSeconds(2));
        f.add(DELAY, 0, request.getOrgId(), step.value(), step.timestamp());
        f.add(DELAY, 0, request.getOrgId(), step.value(), step.timestamp());
        f.turn();
        f.steps.publish(request);        // the first step answers; the second starts after it (one at a time per org)
        await().atMost(Duration.ofSeconds(5)).until(() -> f.steps.callsFor("r1").size() == 3);
        f.steps.publish(request);        // and answers too
        f.turn();
        f.turn();

        assertThat(f.outcomes()).hasSize(1);
        assertThat(f.committedTo(LoopFixture.LEDGER)).hasSize(2); // in flight, then done: once
        assertThat(f.metrics.total("cmk.steps.superseded")).isEqualTo(1.0);
        assertThat(f.committed(new TopicPartition(DELAY, 0)).offset()).isEqualTo(2);
    }

    @Test
    void aPartitionCommittedWithAnUnknownDoneSetVersionIsHeldWhileTheOthersGoOn() throws Exception {
        TopicPartition delay0 = new TopicPartition(DELAY, 0);
        f.consumer.commitSync(Map.of(delay0, new OffsetAndMetadata(0, "cmk9:AAEC")));
        f.hold(0);
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        OnboardingRequest other = f.request(orgIn(0, 2), "r2");
        f.addRequest(request);
        f.add(DELAY, 0, other.getOrgId(), Codecs.STATUS_CHECK.encode(LoopFixture.check(other, f.clock.instant())),
                f.clock.millis());
        f.clock.advance(Duration.ofSeconds(2));
        f.turn();
        f.steps.publish(request);
        f.clock.advance(Duration.ofSeconds(1));
        f.turn();

        assertThat(f.steps.calls).extracting(LoopFixture.FakeSteps.Call::requestId).as("the requests go on")
                .containsExactly("r1");
        assertThat(f.outcomes()).hasSize(1);
        assertThat(f.consumer.paused()).contains(delay0);
        assertThat(f.committed(delay0)).as("nothing overwrites what a newer worker wrote")
                .isEqualTo(new OffsetAndMetadata(0, "cmk9:AAEC"));
        assertThat(f.loop.status().heldPartitions()).singleElement().asString().contains(DELAY + "-0")
                .contains("done-set version 9");
        assertThat(io.cmkworker.admin.Health.of(true, f.loop.status(), System.nanoTime(), Duration.ofMinutes(10))
                .ready()).isFalse();
        assertThat(f.metrics.registry().get("cmk.commit.metadata.unread").tag("kind", "unknown-version").counter()
                .count()).isEqualTo(1.0);
    }

    @Test
    void metadataAnotherToolCommittedIsReadAsNothingDoneAndCounted() throws Exception {
        f.consumer.commitSync(Map.of(REQ0, new OffsetAndMetadata(0, "reset by a script")));
        f.hold(0);
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        f.addRequest(request);
        f.turn();

        assertThat(f.steps.calls).extracting(LoopFixture.FakeSteps.Call::requestId).containsExactly("r1");
        assertThat(f.loop.status().heldPartitions()).isEmpty();
        assertThat(f.metrics.registry().get("cmk.commit.metadata.unread").tag("kind", "foreign").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void anAbortedTransactionKeepsItsFinishedRecordsForTheNextOne() throws Exception {
        OnboardingRequest request = takenInSlot0();
        f.steps.publish(request);
        f.producer().commitTransactionException = new KafkaException("the broker said no");
        f.turn();

        assertThat(f.outcomes()).isEmpty();
        assertThat(f.producer().transactionAborted()).isTrue();

        f.producer().commitTransactionException = null;
        f.turn();
        assertThat(f.outcomes()).hasSize(1);
        assertThat(f.steps.calls).hasSize(1);
        assertThat(f.committed(REQ0).offset()).isEqualTo(1);
    }

    @Test
    void offsetsRefusedForAnOldGenerationWaitForTheRejoinAndNeverStopTheInstance() throws Exception {
        OnboardingRequest request = takenInSlot0();
        f.steps.publish(request);
        f.producer().commitTransactionException = new CommitFailedException("Specified group generation id is not valid");
        for (int i = 0; i < 60; i++) {
            f.turn();
        }
        MockProducer<byte[], byte[]> producer = f.producer();
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(f.metrics.registry().get("cmk.transactions.aborted").counter().count())
                .as("tried once under the refused generation, not on every turn")
                .isEqualTo(1.0);
        assertThat(f.outcomes()).isEmpty();

        producer.commitTransactionException = null;
        f.generation.incrementAndGet();
        f.turn();
        assertThat(f.outcomes()).hasSize(1);
        assertThat(f.committed(REQ0).offset()).isEqualTo(1);
    }

    @Test
    void aFencedProducerIsReplacedAndTheNewOneCommits() throws Exception {
        OnboardingRequest request = takenInSlot0();
        f.steps.publish(request);
        MockProducer<byte[], byte[]> old = f.producer();
        old.fenceProducer();
        f.turn();
        f.turn();

        assertThat(f.producers).hasSize(2);
        assertThat(old.history()).isEmpty();
        assertThat(f.producer().history()).isNotEmpty();
        assertThat(f.outcomes()).hasSize(1);
    }

    @Test
    void aProducerFencedOverAndOverStopsTheInstance() throws Exception {
        OnboardingRequest request = takenInSlot0();
        f.steps.publish(request);
        for (int i = 0; i < 5; i++) {
            f.nextProducers.add(() -> new MockProducer<>(true, null, new ByteArraySerializer(),
                    new ByteArraySerializer()) {
                @Override
                public void beginTransaction() {
                    throw new ProducerFencedException("another instance has this transactional ID");
                }
            });
        }
        f.producer().fenceProducer();

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                f.turn();
            }
        }).isInstanceOf(FatalKafkaException.class).hasMessageContaining("same worker.instance.id");
    }

    @Test
    void aCommitThatTimesOutIsTriedAgainNotAborted() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        f.loop.shutdown();
        f = timeoutFixture(tries);
        OnboardingRequest request = takenInSlot0();
        f.steps.publish(request);
        f.turn();

        assertThat(tries).hasValue(2);
        assertThat(f.outcomes()).hasSize(1);
        assertThat(f.producer().transactionAborted()).isFalse();
    }

    private static LoopFixture timeoutFixture(AtomicInteger tries) {
        return new LoopFixture(Duration.ofMillis(200), () -> new MockProducer<>(true, null,
                new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public void commitTransaction() {
                if (tries.incrementAndGet() == 1) {
                    throw new TimeoutException("the coordinator is slow");
                }
                super.commitTransaction();
            }
        });
    }

    @Test
    void lostSlotsAreDroppedWithoutACommit() throws Exception {
        OnboardingRequest request = takenInSlot0();
        f.steps.publish(request);

        f.loop.rebalance.onPartitionsLost(List.of(REQ0, new TopicPartition(DELAY, 0)));
        f.turn();

        assertThat(f.outcomes()).isEmpty();
        assertThat(f.steps.last("r1").lease().active()).isFalse();
        assertThat(f.purges).hasValue(1);
    }

    @Test
    void afterAPauseLongerThanTheGapNothingGoesOutUntilMembershipIsConfirmed() throws Exception {
        OnboardingRequest request = takenInSlot0();
        LoopFixture.FakeSteps.Call call = f.steps.last("r1");
        assertThat(call.lease().active()).isTrue();

        f.nanos.addAndGet(Duration.ofSeconds(20).toNanos()); // the process was frozen
        assertThat(call.lease().active()).as("timers firing on waking see no lease").isFalse();
        call.result().completeExceptionally(new LeaseLostException());
        f.turn();
        assertThat(call.lease().active()).as("still unsure it is a member").isFalse();
        assertThat(f.steps.callsFor("r1")).hasSize(1);

        f.nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        f.turn();
        assertThat(f.steps.callsFor("r1")).as("taken again under the same hold").hasSize(2);
        assertThat(f.steps.last("r1").lease().active()).isTrue();
    }

    @Test
    void aDelayedStepIsTakenWhenItIsDueNotBefore() throws Exception {
        f.hold(0);
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        byte[] check = Codecs.STATUS_CHECK.encode(LoopFixture.check(request, f.clock.instant().plusSeconds(1)));
        f.add(DELAY, 0, request.getOrgId(), check, f.clock.millis());
        f.turn();
        assertThat(f.steps.calls).isEmpty();
        assertThat(f.consumer.paused()).contains(new TopicPartition(DELAY, 0));

        f.clock.advance(Duration.ofMillis(1000));
        f.turn(); // due: taken from where the loop kept it
        assertThat(f.steps.callsFor("r1")).hasSize(1);
        f.turn();
        assertThat(f.steps.callsFor("r1")).as("once").hasSize(1);
    }

    @Test
    void keepsWhatItFetchedBehindAHeadNotYetDueAndTakesItWhenDueWithoutFetchingItAgain() throws Exception {
        f.hold(0);
        OnboardingRequest first = f.request(orgIn(0, 1), "r1");
        OnboardingRequest second = f.request(orgIn(0, 2), "r2");
        TopicPartition delay0 = new TopicPartition(DELAY, 0);
        f.add(DELAY, 0, first.getOrgId(), Codecs.STATUS_CHECK.encode(LoopFixture.check(first,
                f.clock.instant().plusSeconds(1))), f.clock.millis());
        f.add(DELAY, 0, second.getOrgId(), Codecs.STATUS_CHECK.encode(LoopFixture.check(second,
                f.clock.instant().plusMillis(1500))), f.clock.millis() + 500);
        f.turn();
        assertThat(f.steps.calls).isEmpty();
        assertThat(f.consumer.paused()).contains(delay0);
        assertThat(f.consumer.position(delay0)).as("nothing given back to fetch again").isEqualTo(2);

        f.clock.advance(Duration.ofMillis(1000));
        f.turn();
        assertThat(f.steps.callsFor("r1")).hasSize(1);
        assertThat(f.steps.callsFor("r2")).as("not due yet, kept").isEmpty();
        assertThat(f.consumer.paused()).contains(delay0);

        f.clock.advance(Duration.ofMillis(500));
        f.turn();
        f.turn();
        assertThat(f.steps.callsFor("r2")).hasSize(1);
        assertThat(f.steps.callsFor("r1")).hasSize(1);
        assertThat(f.consumer.position(delay0)).isEqualTo(2);
    }

    @Test
    void givesKeptRecordsBackToTheConsumerWhenTheirPartitionGoes() throws Exception {
        f.hold(0, 1);
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        TopicPartition delay0 = new TopicPartition(DELAY, 0);
        f.add(DELAY, 0, request.getOrgId(), Codecs.STATUS_CHECK.encode(LoopFixture.check(request,
                f.clock.instant().plusSeconds(1))), f.clock.millis());
        f.turn();
        assertThat(f.consumer.position(delay0)).isEqualTo(1);

        f.hold(1); // slot 0 goes, and with it what the loop kept of its delay partition
        f.clock.advance(Duration.ofSeconds(2));
        f.turn();
        f.turn();

        assertThat(f.steps.callsFor("r1")).as("the next owner takes it, not this instance").isEmpty();
    }

    @Test
    void takesNoMoreNewRequestsThanTheIntakeAdmitsAndLeavesTheRestInKafka() throws Exception {
        f.hold(0);
        f.admissible = 2;
        for (int i = 1; i <= 5; i++) {
            f.addRequest(f.request(orgIn(0, i), "r" + i));
        }
        f.turn();

        assertThat(f.steps.calls).extracting(LoopFixture.FakeSteps.Call::requestId).containsExactly("r1", "r2");
        assertThat(f.consumer.paused()).contains(REQ0);
        assertThat(f.consumer.position(REQ0)).as("the rest waits in Kafka").isEqualTo(2);

        f.admissible = 0;
        f.turn();
        assertThat(f.consumer.paused()).contains(REQ0);
        f.admissible = 10;
        f.turn();
        assertThat(f.consumer.paused()).doesNotContain(REQ0);
    }

    @Test
    void reportsEachAssignedPartitionsLagInRecordsAndSecondsAndNoneForAPartitionThatLeft() {
        f.hold(0, 1);
        f.admissible = 0; // the intake is closed: new requests wait in Kafka
        for (int i = 1; i <= 3; i++) {
            f.addRequest(f.request(orgIn(0, i), "r" + i));
        }
        f.consumer.updateEndOffsets(Map.of(REQ0, 3L));
        f.clock.advance(Duration.ofSeconds(1));
        f.turn();
        f.clock.advance(Duration.ofSeconds(5));
        f.turn();

        assertThat(lag("cmk.consumer.lag", REQUESTS, 0)).isEqualTo(3);
        assertThat(lag("cmk.consumer.lag.seconds", REQUESTS, 0)).as("waiting since first seen").isEqualTo(5.0);
        assertThat(lag("cmk.consumer.lag", DELAY, 1)).isZero();
        assertThat(f.metrics.registry().get("cmk.consumer.lag").tag("topic", REQUESTS).tag("partition", "0")
                .gauge().getId().getTag("role")).isEqualTo("requests");
        assertThat(f.metrics.registry().get("cmk.consumer.lag").tag("topic", DELAY).tag("partition", "0")
                .gauge().getId().getTag("role")).isEqualTo("delay");

        f.admissible = Long.MAX_VALUE;
        f.turn();
        f.hold(0);
        f.clock.advance(Duration.ofSeconds(1));
        f.turn();
        assertThat(lag("cmk.consumer.lag", REQUESTS, 0)).as("all taken").isZero();
        assertThat(lag("cmk.consumer.lag.seconds", REQUESTS, 0)).isZero();
        assertThat(f.metrics.registry().find("cmk.consumer.lag").tag("partition", "1").gauges())
                .as("slot 1 moved away: no stale lag left behind").isEmpty();
        assertThat(f.metrics.registry().get("cmk.slots.held").gauge().value()).isEqualTo(1);
    }

    @Test
    void aPositionPastTheLastKnownEndOffsetIsNoLagAndDoesNotStopTheLoop() {
        // read_committed: the position moves past a transaction's marker before a fetch brings the new stable offset
        f.hold(0);
        for (int i = 1; i <= 3; i++) {
            f.addRequest(f.request(orgIn(0, i), "r" + i));
        }
        f.turn();
        assertThat(f.consumer.position(REQ0)).isEqualTo(3);
        f.consumer.updateEndOffsets(Map.of(REQ0, 1L));
        f.clock.advance(Duration.ofSeconds(1));
        f.turn();
        f.clock.advance(Duration.ofSeconds(1));
        f.turn();

        assertThat(lag("cmk.consumer.lag", REQUESTS, 0)).isZero();
        assertThat(lag("cmk.consumer.lag.seconds", REQUESTS, 0)).isZero();
        assertThat(f.steps.calls).hasSize(3);
    }

    private double lag(String name, String topic, int partition) {
        return f.metrics.registry().get(name).tag("topic", topic).tag("partition", Integer.toString(partition))
                .gauge().value();
    }

    @Test
    void takesABurstOfNewRequestsAtTheSlowStartPaceSpreadOverEachSecond() throws Exception {
        f.hold(0);
        int first = (int) IntakePace.FIRST_PER_SECOND;
        int tenth = first / 10;
        int burst = first + 44;
        List<OnboardingRequest> requests = new ArrayList<>();
        for (int i = 1; i <= burst; i++) {
            requests.add(f.request(orgIn(0, i), "r" + i));
            f.addRequest(requests.get(i - 1));
        }
        f.turn();
        f.turn();
        assertThat(f.steps.calls).as("the first tenth of the first second's pace").hasSize(tenth);
        assertThat(f.consumer.position(REQ0)).as("the rest waits in Kafka").isEqualTo(tenth);

        f.clock.advance(Duration.ofMillis(900));
        refetch(requests, tenth, burst);
        assertThat(f.steps.calls).as("the first second's pace").hasSize(first);
        assertThat(f.metrics.registry().get("cmk.intake.pace").gauge().value()).isEqualTo(first);
        assertThat(f.consumer.position(REQ0)).isEqualTo(first);

        f.clock.advance(Duration.ofSeconds(1));
        refetch(requests, first, burst);
        assertThat(f.steps.calls).as("the pace holds: what it took has had no due step yet").hasSize(first + tenth);
        f.clock.advance(Duration.ofMillis(100));
        refetch(requests, first + tenth, burst);
        assertThat(f.steps.calls).hasSize(burst);
    }

    /** Turns once to resume the requests, has the mock fetch {@code from..to-1} again (after the seek back), and turns. */
    private void refetch(List<OnboardingRequest> requests, int from, int to) throws Exception {
        f.turn();
        for (int i = from; i < to; i++) {
            OnboardingRequest r = requests.get(i);
            f.addAt(REQUESTS, 0, i, r.getOrgId(), Codecs.REQUEST.encode(r), f.clock.millis());
        }
        f.turn();
    }

    @Test
    void takesNoNewRequestWhileDueStepsAreTakenLateAndTakesThemOnceCaughtUp() throws Exception {
        f.hold(0);
        OnboardingRequest pending = f.request(orgIn(0, 1), "r1");
        Instant due = f.clock.instant().minusSeconds(2);
        byte[] late = Codecs.STATUS_CHECK.encode(LoopFixture.check(pending, due));
        f.add(DELAY, 0, pending.getOrgId(), late, due.minusSeconds(1).toEpochMilli());
        f.turn();
        assertThat(f.steps.callsFor("r1")).as("the late step is taken").hasSize(1);

        f.addRequest(f.request(orgIn(0, 2), "r2"));
        f.turn();
        f.turn();
        assertThat(f.steps.callsFor("r2")).as("no new request while due steps run late").isEmpty();
        assertThat(f.consumer.paused()).contains(REQ0);

        f.clock.advance(Duration.ofMillis(IntakePace.CALM_MILLIS));
        f.turn(); // resumes the requests
        f.turn();
        assertThat(f.steps.callsFor("r2")).hasSize(1);
    }
}
