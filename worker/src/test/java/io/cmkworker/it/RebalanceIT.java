package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Live worker processes in one group on a real broker, disturbed the ways deployments are: killed and
 * restarted (with the same instance ID, and with a new one as a Kubernetes Deployment does), scaled out
 * and in, restarted one by one, frozen past their session timeout. Each run ends with exactly one
 * outcome per request, none missing, and one POST per configuration.
 */
@ExtendWith(KafkaBroker.class)
class RebalanceIT {

    static final int PARTITIONS = 12;
    static final String[] SETTINGS = {"topics.partitions", Integer.toString(PARTITIONS), "platform.rate.limit", "400",
            "onboarding.check.backoff", "1s", "worker.drain.timeout", "15s"};

    private static Harness harness(String label) {
        Harness h = new Harness(label, s -> s.withTimes(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        h.createTopics(SETTINGS);
        return h;
    }

    @Test
    void tenKillsWithStableInstanceIdsLoseNothing() throws Exception {
        killCampaign("kill-stable", true);
    }

    @Test
    void tenKillsWithANewInstanceIdAtEveryStartLoseNothing() throws Exception {
        killCampaign("kill-new-ids", false);
    }

    /** 3 instances, 1,000 requests; every 350 Platform calls one instance is SIGKILLed and started again. */
    private void killCampaign(String name, boolean stableIds) throws Exception {
        try (Harness h = harness(name); Fleet fleet = new Fleet(h, withCreateOff(h))) {
            Campaign campaign = new Campaign(h, PARTITIONS);
            List<String> ids = new java.util.ArrayList<>(List.of("w0", "w1", "w2"));
            ids.forEach(fleet::start);
            campaign.publish(1000);
            for (int k = 0; k < 10; k++) {
                campaign.awaitCalls(350 * (k + 1));
                String victim = ids.get(k % 3);
                fleet.kill(victim);
                String next = stableIds ? victim : victim.replaceAll("-r\\d+$", "") + "-r" + (k + 1);
                ids.set(k % 3, next);
                fleet.start(next);
            }
            campaign.figure("kills", 10);
            campaign.figure("instanceIds", stableIds ? "stable" : "new at every start");
            campaign.verify(name, Duration.ofMinutes(4));
        }
    }

    /**
     * Scale out (a fourth instance joins), scale in (one is stopped with SIGTERM: it hands over and exits 0),
     * then a crash (one is SIGKILLed and not restarted): its slots work again on the survivors, whose own slots
     * never stop. Reports how long the dead instance's slots waited.
     */
    @Test
    void scalingOutAndInAndACrashLoseNothingAndTheSurvivorsTakeOverTheDeadSlots() throws Exception {
        try (Harness h = harness("scale"); Fleet fleet = new Fleet(h, withCreateOff(h))) {
            Campaign campaign = new Campaign(h, PARTITIONS);
            List.of("w0", "w1", "w2").forEach(fleet::start);
            campaign.publish(400);
            campaign.awaitCalls(300);
            fleet.start("w3");
            await().atMost(Duration.ofSeconds(60)).until(() -> !fleet.slotsByMember().getOrDefault("w3", Set.of())
                    .isEmpty());
            campaign.awaitCalls(900);

            assertThat(fleet.terminate("w1", Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
            campaign.publish(300);
            campaign.awaitCalls(1400);

            campaign.publish(300); // work in every slot while one instance dies
            campaign.awaitCalls(1700);
            // A crash on its own, not on top of the rebalance the SIGTERM started: what a lone crash costs.
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.settled(PARTITIONS));
            Set<Integer> deadSlots = new HashSet<>(fleet.slotsByMember().get("w2"));
            Instant killedAt = Instant.now();
            fleet.kill("w2");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> campaign.firstCallAfter(killedAt, deadSlots, "w2").isPresent());
            Instant recovered = campaign.firstCallAfter(killedAt, deadSlots, "w2").orElseThrow();
            Duration recovery = Duration.between(killedAt, recovered);
            campaign.figure("deadSlots", deadSlots.toString());
            campaign.figure("recoveryMillisAfterKill", recovery.toMillis());
            campaign.figure("longestSilenceOfSurvivorSlotsMillis",
                    campaign.longestSilenceOutside(deadSlots, killedAt, recovered.plusSeconds(3)).toMillis());
            campaign.verify("scale-out-in-crash", Duration.ofMinutes(3));
        }
    }

    /** A rolling restart with a new instance ID at each start, as a Deployment does: stop, start, next. */
    @Test
    void aRollingRestartOfEveryInstanceLosesNothing() throws Exception {
        try (Harness h = harness("rolling"); Fleet fleet = new Fleet(h, withCreateOff(h))) {
            Campaign campaign = new Campaign(h, PARTITIONS);
            List.of("w0", "w1", "w2").forEach(fleet::start);
            campaign.publish(600);
            for (int i = 0; i < 3; i++) {
                campaign.awaitCalls(400 * (i + 1));
                assertThat(fleet.terminate("w" + i, Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
                String next = "w" + i + "-v2";
                fleet.start(next);
                await().atMost(Duration.ofSeconds(60)).until(() -> !fleet.slotsByMember().getOrDefault(next, Set.of())
                        .isEmpty());
            }
            campaign.figure("restarts", 3);
            campaign.verify("rolling-restart", Duration.ofMinutes(3));
        }
    }

    /**
     * An instance frozen (SIGSTOP) past its session timeout, three times: the group gives its slots to the
     * others; when it thaws it must not call for what they now own, and it carries on as a member.
     */
    @Test
    void aFrozenInstanceThawingCallsNothingItsSuccessorsOwnAndNothingIsLost() throws Exception {
        try (Harness h = harness("frozen"); Fleet fleet = new Fleet(h, withCreateOff(h))) {
            Campaign campaign = new Campaign(h, PARTITIONS);
            List.of("w0", "w1", "w2").forEach(fleet::start);
            campaign.publish(600);
            for (int i = 0; i < 3; i++) {
                campaign.awaitCalls(500 * (i + 1));
                String victim = "w" + i;
                WorkerProcess frozen = fleet.process(victim);
                frozen.freeze();
                System.out.println("FROZE " + victim + " at " + Instant.now());
                // Past the session timeout: the coordinator dropped it and gave its slots to the others.
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Map<String, Set<Integer>> members = fleet.slotsByMember();
                    return !members.containsKey(victim) && members.values().stream().mapToInt(Set::size).sum()
                            == PARTITIONS;
                });
                frozen.resume();
                System.out.println("THAWED " + victim + " at " + Instant.now());
            }
            campaign.figure("freezes", 3);
            campaign.verify("frozen", Duration.ofMinutes(3));
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.slotsByMember().keySet()
                    .containsAll(List.of("w0", "w1", "w2")));
            for (String id : List.of("w0", "w1", "w2")) {
                assertThat(fleet.process(id).isAlive()).as(id + " carries on after thawing").isTrue();
            }
        }
    }

    /** A broker killed (SIGKILL) mid-run and started again on the same data: the workers carry on. */
    @Test
    void aBrokerKilledAndRestartedMidRunLosesNothing() throws Exception {
        try (io.cmkworker.embedded.EmbeddedKafka broker = io.cmkworker.embedded.EmbeddedKafka.start();
             Harness h = new Harness("broker", s -> s.withTimes(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                     .onBroker(broker.bootstrapServers())) {
            h.createTopics(SETTINGS);
            try (Fleet fleet = new Fleet(h, withCreateOff(h))) {
                Campaign campaign = new Campaign(h, PARTITIONS);
                List.of("w0", "w1", "w2").forEach(fleet::start);
                campaign.publish(400);
                campaign.awaitCalls(600);
                Instant killedAt = Instant.now();
                broker.kill();
                broker.restart();
                campaign.figure("brokerDownMillis", Duration.between(killedAt, Instant.now()).toMillis());
                campaign.verify("broker-restart", Duration.ofMinutes(3));
            }
        }
    }

    /** The processes share the topics this test created; they need not create them. */
    private static String[] withCreateOff(Harness h) {
        String[] out = java.util.Arrays.copyOf(SETTINGS, SETTINGS.length + 2);
        out[SETTINGS.length] = "topics.create";
        out[SETTINGS.length + 1] = "false";
        return out;
    }
}
