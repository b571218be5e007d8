package io.cmkworker.kafka.loop;

import static io.cmkworker.kafka.loop.LoopFixture.REQUESTS;
import static io.cmkworker.kafka.loop.LoopFixture.orgIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.kafka.commit.OffsetWindow;
import io.cmkworker.kafka.group.Liveness;
import io.cmkworker.kafka.group.SlotOwnership;
import io.cmkworker.pipeline.Output;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Waiting for the calls of partitions being handed over: bounded by the loop's clock, not by real time. */
class InWorkTest {

    private final LoopFixture f = new LoopFixture(Duration.ofMillis(200));
    private final TopicPartition req0 = new TopicPartition(REQUESTS, 0);
    private final SlotTable slots = new SlotTable(List.of(REQUESTS), new Liveness(System::nanoTime,
            Duration.ofSeconds(3), Duration.ofSeconds(3)));

    /** A request of slot 0 handed to the pipeline, its call left on the wire. */
    private InWork oneCallOnTheWire() throws Exception {
        RecordDispatcher dispatcher = f.dispatcher();
        f.ledger.install(0, new io.cmkworker.kafka.ledger.LedgerTable());
        List<SlotOwnership> owners = slots.assigned(List.of(req0), java.util.Map.of(req0, new OffsetAndMetadata(0)));
        OnboardingRequest request = f.request(orgIn(0, 1), "r1");
        InWork work = new InWork(dispatcher, slots, f.clock);
        OffsetWindow window = slots.window(req0);
        window.taken(0);
        byte[] key = request.getOrgId().getBytes(StandardCharsets.UTF_8);
        work.start(new ConsumerRecord<>(REQUESTS, 0, 0, key, Codecs.REQUEST.encode(request)), window, owners.get(0));
        assertThat(f.steps.callsFor("r1")).hasSize(1);
        return work;
    }

    @Test
    void aCallStillOnTheWireIsWaitedForUntilTheLoopsClockPassesTheTimeout() throws Exception {
        InWork work = oneCallOnTheWire();
        AtomicInteger beats = new AtomicInteger();

        boolean finished = work.await(List.of(req0), Duration.ofSeconds(30), () -> {
            beats.incrementAndGet();
            f.clock.advance(Duration.ofSeconds(10));
        });

        assertThat(finished).isFalse();
        assertThat(beats).as("30 s of the loop's clock, 10 s a beat").hasValue(3);
    }

    @Test
    void aCallThatAnswersEndsTheWaitAtOnce() throws Exception {
        InWork work = oneCallOnTheWire();
        AtomicInteger beats = new AtomicInteger();

        boolean finished = work.await(List.of(req0), Duration.ofSeconds(30), () -> {
            if (beats.incrementAndGet() == 2) {
                f.steps.last("r1").result().complete(List.<Output>of());
            }
        });

        assertThat(finished).isTrue();
        assertThat(beats).hasValue(2);
        assertThat(f.clock.instant()).as("no time of the loop's clock passed").isEqualTo(java.time.Instant
                .parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void callsOfOtherPartitionsAreNotWaitedFor() throws Exception {
        InWork work = oneCallOnTheWire();

        assertThat(work.await(List.of(new TopicPartition(REQUESTS, 1)), Duration.ofSeconds(30), () -> { })).isTrue();
    }
}
