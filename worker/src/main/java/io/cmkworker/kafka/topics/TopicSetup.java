package io.cmkworker.kafka.topics;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.delay.DelayTiers;
import java.time.Duration;
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
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the worker's topics exist: creates the missing ones (when {@code topics.create} is on)
 * with the configured partitions, or stops with a clear message naming the missing ones.
 */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    /** How long a first answer may take before the worker says it is waiting (a busy broker or JVM can take 1 s). */
    private static final Duration QUIET_WAIT = Duration.ofSeconds(3);

    private TopicSetup() {
    }

    /** Every topic the worker reads or writes. */
    public static List<String> topicsOf(WorkerConfig config) {
        List<String> all = new ArrayList<>(List.of(config.topics().requests(), config.topics().outcomes(),
                config.topics().deadLetters(), config.topics().ledger()));
        all.addAll(new DelayTiers(config.topics().delayPrefix(), config.delayTiers()).topics());
        return all;
    }

    /**
     * Makes sure the topics exist and returns the partition count the requests, delay and ledger topics
     * share (an organisation's records all live in the same partition number of each).
     */
    public static int ensure(WorkerConfig config) {
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            return ensure(admin, config);
        }
    }

    static int ensure(Admin admin, WorkerConfig config) {
        List<String> wanted = topicsOf(config);
        long started = System.nanoTime();
        Duration answerTimeout = KafkaClients.answerTimeout(config);
        try {
            Set<String> existing = topicNames(admin, config, answerTimeout);
            List<String> missing = wanted.stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                if (!config.createTopics()) {
                    throw new IllegalStateException("missing topics " + missing + " (topics.create is false)");
                }
                // Delay tiers release a record at its own timestamp + the tier: the producer's timestamp must stand.
                List<NewTopic> create = missing.stream().map(t -> new NewTopic(t,
                        Optional.of(config.topicPartitions()),
                        config.topicReplication() < 0 ? Optional.empty() : Optional.of(config.topicReplication()))
                        .configs(topicConfig(config, t)))
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
                awaitLeaders(admin, missing);
            }
            return sharedPartitionCount(admin, config);
        } catch (TimeoutException e) {
            throw noAnswer(config, started, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw noAnswer(config, started, e);
            }
            throw new IllegalStateException("cannot check or create the worker's topics at "
                    + config.bootstrapServers() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }


    /**
     * The topics that exist, waiting at most {@code answerTimeout} ({@link KafkaClients#answerTimeout}). Says
     * at once (after {@link #QUIET_WAIT}) when Kafka is slow to answer, instead of leaving the client's
     * connection warnings to say it. The call carries its own timeout, so closing the admin client after a
     * timeout does not wait for it a second time.
     */
    private static Set<String> topicNames(Admin admin, WorkerConfig config, Duration answerTimeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        KafkaFuture<Set<String>> names = admin.listTopics(new ListTopicsOptions()
                .timeoutMs((int) Math.min(Integer.MAX_VALUE, answerTimeout.toMillis()))).names();
        try {
            return names.get(QUIET_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            log.warn("waiting for Kafka at {} (no answer yet; giving up after {} s)", config.bootstrapServers(),
                    answerTimeout.toSeconds());
        }
        return names.get(answerTimeout.plus(QUIET_WAIT).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static IllegalStateException noAnswer(WorkerConfig config, long started, Exception cause) {
        long waited = Math.round((System.nanoTime() - started) / 1e9);
        return new IllegalStateException("cannot check or create the worker's topics: Kafka at "
                + config.bootstrapServers() + " did not answer within " + waited + " s", cause);
    }

    /**
     * Waits until every partition of these new topics answers at its leader (ListOffsets goes to the
     * leader). Producing into a partition whose leader is not ready yet can make an idempotent
     * producer's pipelined batches land out of order, which is fatal for it.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws ExecutionException,
            InterruptedException, TimeoutException {
        Map<String, TopicDescription> described = describe(admin, topics);
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> partitions =
                new java.util.HashMap<>();
        described.forEach((name, d) -> d.partitions().forEach(p -> partitions.put(
                new org.apache.kafka.common.TopicPartition(name, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest())));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                log.debug("new partitions not ready at their leader yet: {}", e.getCause().toString());
            }
        }
    }

    /** Describes topics, waiting out the moment after creation when the broker does not know them yet. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics) throws ExecutionException,
            InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.debug("topics not known to the broker yet; describing them again");
            }
        }
    }

    private static Map<String, String> topicConfig(WorkerConfig config, String topic) {
        if (topic.equals(config.topics().ledger())) {
            return Map.of("cleanup.policy", "compact,delete",
                    "retention.ms", Long.toString(config.ledgerRetention().toMillis()));
        }
        return Map.of("message.timestamp.type", "CreateTime");
    }

    private static int sharedPartitionCount(Admin admin, WorkerConfig config) throws ExecutionException,
            InterruptedException, TimeoutException {
        List<String> inputs = new ArrayList<>(List.of(config.topics().requests(), config.topics().ledger()));
        inputs.addAll(new DelayTiers(config.topics().delayPrefix(), config.delayTiers()).topics());
        Map<String, TopicDescription> described = describe(admin, inputs);
        Map<String, Integer> counts = new java.util.TreeMap<>();
        described.forEach((name, d) -> counts.put(name, d.partitions().size()));
        if (new TreeSet<>(counts.values()).size() > 1) {
            throw new IllegalStateException("the requests, ledger and delay topics must have the same number of"
                    + " partitions (an organisation's records live in the same partition of each), but they have "
                    + counts);
        }
        return counts.get(config.topics().requests());
    }
}
