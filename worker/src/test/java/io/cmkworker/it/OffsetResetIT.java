package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.sandbox.Faults;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One outcome per request whatever the committed offsets say, with worker processes (the packaged jar) on a real
 * broker and Kafka's own {@code kafka-consumer-groups} doing to the group what operators do: resetting it to the
 * earliest offsets after the work is done, and committing the current offsets again without their done sets
 * after every instance was killed mid-run.
 */
@ExtendWith(KafkaBroker.class)
class OffsetResetIT {

    static final int PARTITIONS = 6;
    static final String[] SETTINGS = {"topics.partitions", Integer.toString(PARTITIONS), "platform.rate.limit", "400",
            "onboarding.check.backoff", "1s", "worker.drain.timeout", "15s", "topics.create", "false"};

    private static Harness harness(String label) {
        Harness h = new Harness(label, s -> s.withTimes(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        h.createTopics("topics.partitions", Integer.toString(PARTITIONS));
        return h;
    }

    @Test
    void aGroupResetToTheEarliestOffsetsAnswersNothingTwiceAndCallsNothingForFinishedRequests() throws Exception {
        try (Harness h = harness("reset-earliest"); Fleet fleet = new Fleet(h, SETTINGS);
             Admin admin = Admin.create(KafkaClients.admin(h.config(SETTINGS)))) {
            Campaign campaign = new Campaign(h, PARTITIONS);
            fleet.start("w0");
            fleet.start("w1");
            List<OnboardingRequest> finished = campaign.publish(1000);
            h.awaitExactlyOneOutcomeEach(1000, Duration.ofMinutes(4));
            // More onboardings, stopped while their jobs run: their status checks wait in the delay tiers.
            List<OnboardingRequest> inFlight = campaign.publish(200);
            Set<String> inFlightOrgs = orgs(inFlight);
            await().atMost(Duration.ofMinutes(2)).until(() -> campaign.calls().stream()
                    .filter(c -> c.endpoint().startsWith("POST") && inFlightOrgs.contains(c.orgId())).count() >= 200);
            assertThat(fleet.terminate("w0", Duration.ofSeconds(60))).isZero();
            assertThat(fleet.terminate("w1", Duration.ofSeconds(60))).isZero();
            int answeredBeforeReset = h.outcomes().size();
            campaign.figure("inFlightAtStop", 1200 - answeredBeforeReset);
            assertThat(answeredBeforeReset).as("some requests are still in flight when the group is reset")
                    .isLessThan(1200);

            Map<TopicPartition, Long> endAtStop = endOffsets(admin, h);
            ConsumerGroupsTool.Run reset = ConsumerGroupsTool.run(h.configValues().get("kafka.bootstrap.servers"),
                    "--group", h.names().group(), "--reset-offsets", "--to-earliest", "--all-topics", "--execute");
            assertThat(reset.exitCode()).as(reset.output()).isZero();
            assertThat(committed(admin, h).values()).as("every offset back at the start")
                    .allSatisfy(o -> assertThat(o.offset()).isZero());

            Instant restarted = Instant.now();
            fleet.start("w0");
            fleet.start("w1");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> readAgain(admin, h, endAtStop));
            Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(1200, Duration.ofMinutes(2));

            assertThat(h.outcomes()).as("no second outcome, replays included").hasSize(1200)
                    .noneMatch(OnboardingOutcome::getReplay);
            assertThat(outcomes.keySet()).containsAll(ids(inFlight));
            Set<String> finishedOrgs = orgs(finished);
            List<String> callsForFinished = campaign.calls().stream()
                    .filter(c -> !c.at().isBefore(restarted) && finishedOrgs.contains(c.orgId()))
                    .map(c -> c.endpoint() + " " + c.orgId()).toList();
            assertThat(callsForFinished).as("Platform calls for requests finished before the reset").isEmpty();
            campaign.figure("callsAfterRestart", campaign.calls().stream().filter(c -> !c.at().isBefore(restarted))
                    .count());
            campaign.verify("reset-to-earliest", Duration.ofMinutes(1));
        }
    }

    @Test
    void offsetsCommittedAgainWithoutTheirDoneSetsAfterEveryInstanceWasKilledLoseAndRepeatNothing() throws Exception {
        try (Harness h = harness("reset-current"); Fleet fleet = new Fleet(h, SETTINGS);
             Admin admin = Admin.create(KafkaClients.admin(h.config(SETTINGS)))) {
            Campaign campaign = new Campaign(h, PARTITIONS);
            // Answers of 10 to 290 ms: steps of one partition finish out of order, so many partitions are committed
            // with records done beyond their first unfinished one, which the reset then forgets.
            h.sandbox().faults().set(new Faults.Plan(Map.of(), 0, Duration.ofSeconds(1), Duration.ofMillis(150),
                    Duration.ofMillis(140), Duration.ZERO, false));
            fleet.start("w0");
            fleet.start("w1");
            campaign.publish(1000);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> h.outcomes().size() >= 500);
            fleet.kill("w0");
            fleet.kill("w1");
            campaign.figure("outcomesAtKill", h.outcomes().size());
            // kafka-consumer-groups resets only a group without members: the killed (static) members leave when
            // their session times out.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> admin
                    .describeConsumerGroups(List.of(h.names().group())).all().get(10, TimeUnit.SECONDS)
                    .get(h.names().group()).groupState() == GroupState.EMPTY);
            long withDoneSets = committed(admin, h).values().stream().filter(o -> !o.metadata().isEmpty()).count();
            campaign.figure("partitionsCommittedWithDoneSets", withDoneSets);
            assertThat(withDoneSets).as("partitions whose done sets the reset drops").isPositive();

            ConsumerGroupsTool.Run reset = ConsumerGroupsTool.run(h.configValues().get("kafka.bootstrap.servers"),
                    "--group", h.names().group(), "--reset-offsets", "--to-current", "--all-topics", "--execute");
            assertThat(reset.exitCode()).as(reset.output()).isZero();
            assertThat(committed(admin, h).values()).as("the done sets are gone")
                    .allSatisfy(o -> assertThat(o.metadata()).isEmpty());

            h.sandbox().faults().set(Faults.Plan.NONE);
            fleet.start("w0");
            fleet.start("w1");
            campaign.verify("reset-to-current-after-kill", Duration.ofMinutes(4));
        }
    }

    private static Set<String> orgs(List<OnboardingRequest> requests) {
        return requests.stream().map(OnboardingRequest::getOrgId).collect(Collectors.toSet());
    }

    private static Set<String> ids(List<OnboardingRequest> requests) {
        return requests.stream().map(OnboardingRequest::getRequestId).collect(Collectors.toSet());
    }

    /** Every partition of the topics the group reads: requests and the delay tiers. */
    private static Set<TopicPartition> inputs(Harness h) {
        Set<TopicPartition> out = new HashSet<>();
        for (String topic : List.of(h.names().requests(), h.names().delayPrefix() + ".1s",
                h.names().delayPrefix() + ".5s")) {
            for (int p = 0; p < PARTITIONS; p++) {
                out.add(new TopicPartition(topic, p));
            }
        }
        return out;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Harness h) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        inputs(h).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(latest).all()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        info.forEach((tp, i) -> out.put(tp, i.offset()));
        return out;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, Harness h) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(h.names().group())
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        all.forEach((tp, o) -> {
            if (o != null && inputs(h).contains(tp)) {
                out.put(tp, o);
            }
        });
        return out;
    }

    /**
     * True once the group has read again every record written before the reset: each partition's committed offset
     * has reached the end it had then (a read_committed consumer commits just before the last transaction marker).
     */
    private static boolean readAgain(Admin admin, Harness h, Map<TopicPartition, Long> endAtStop) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, h);
        for (Map.Entry<TopicPartition, Long> end : endAtStop.entrySet()) {
            if (end.getValue() == 0) {
                continue;
            }
            OffsetAndMetadata c = committed.get(end.getKey());
            if (c == null || c.offset() < end.getValue() - 1) {
                return false;
            }
        }
        return true;
    }
}
