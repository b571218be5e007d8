package io.cmkworker.kafka;

import io.cmkworker.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the worker's topics exist: creates the missing ones (when {@code topics.create} is on)
 * with the configured partitions, or stops with a clear message naming the missing ones.
 */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /** Every topic the worker reads or writes. */
    public static List<String> topicsOf(WorkerConfig config) {
        List<String> all = new ArrayList<>(List.of(config.topics().requests(), config.topics().outcomes(),
                config.topics().deadLetters()));
        all.addAll(new DelayTiers(config.topics().delayPrefix(), config.delayTiers()).topics());
        return all;
    }

    public static void ensure(WorkerConfig config) {
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            ensure(admin, config);
        }
    }

    static void ensure(Admin admin, WorkerConfig config) {
        List<String> wanted = topicsOf(config);
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> missing = wanted.stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                if (!config.createTopics()) {
                    throw new IllegalStateException("missing topics " + missing + " (topics.create is false)");
                }
                // Delay tiers release a record at its own timestamp + the tier: the producer's timestamp must stand.
                List<NewTopic> create = missing.stream().map(t -> new NewTopic(t,
                        Optional.of(config.topicPartitions()),
                        config.topicReplication() < 0 ? Optional.empty() : Optional.of(config.topicReplication()))
                        .configs(Map.of("message.timestamp.type", "CreateTime")))
                        .toList();
                for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e
                        : admin.createTopics(create).values().entrySet()) {
                    try {
                        e.getValue().get(30, TimeUnit.SECONDS);
                        log.info("created topic {} ({} partitions)", e.getKey(), config.topicPartitions());
                    } catch (ExecutionException ex) {
                        if (!(ex.getCause() instanceof TopicExistsException)) {
                            throw ex;
                        }
                    }
                }
            }
            warnIfNotCoPartitioned(admin, config);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create the worker's topics at "
                    + config.bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }

    private static void warnIfNotCoPartitioned(Admin admin, WorkerConfig config) throws ExecutionException,
            InterruptedException, TimeoutException {
        List<String> inputs = new ArrayList<>(List.of(config.topics().requests()));
        inputs.addAll(new DelayTiers(config.topics().delayPrefix(), config.delayTiers()).topics());
        Map<String, TopicDescription> described = admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS);
        Set<Integer> counts = new TreeSet<>();
        described.values().forEach(d -> counts.add(d.partitions().size()));
        if (counts.size() > 1) {
            log.warn("the requests and delay topics have different partition counts {}: one organisation's steps"
                    + " may then run in two instances at once; give them all the same count", counts);
        }
    }
}
