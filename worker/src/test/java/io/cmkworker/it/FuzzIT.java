package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.app.Worker;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.Violation;
import io.cmkworker.it.FuzzRecords.Case;
import io.cmkworker.it.FuzzRecords.Expect;
import io.cmkworker.kafka.fault.DeadLetters;
import io.cmkworker.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One worker against more than 10,000 malformed and hostile records mixed with 200 valid requests
 * ({@link FuzzRecords}, fixed seed): it keeps running, turns every bad record into exactly one
 * dead letter or exactly one {@code REJECTED} outcome (never both, never neither, never two),
 * completes every valid request exactly once, and never lets a bad record reach the Platform.
 */
@ExtendWith(KafkaBroker.class)
class FuzzIT {

    private static final long SEED = 20240611L;
    private static final int VALID = 200;

    @Test
    void answersEveryHostileRecordOnceWithoutCallingThePlatformAndCompletesTheValidOnes() {
        try (Harness h = new Harness("fuzz")) {
            Worker worker = h.startWorker();
            String requests = h.names().requests();

            FuzzRecords generated;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(h))) {
                int partitions = producer.partitionsFor(requests).size();
                generated = FuzzRecords.generate(SEED, h.names().prefix(), Harness.CREDENTIAL, partitions,
                        Instant.now(), VALID);
                AtomicInteger failedSends = new AtomicInteger();
                AtomicReference<Exception> firstSendError = new AtomicReference<>();
                for (Case c : generated.cases()) {
                    producer.send(new ProducerRecord<>(requests, c.partition(), c.key(), c.value(), c.headers()),
                            (metadata, error) -> {
                                if (error != null) {
                                    failedSends.incrementAndGet();
                                    firstSendError.compareAndSet(null, error);
                                }
                            });
                }
                producer.flush();
                assertThat(failedSends.get()).as("records the broker refused: %s", firstSendError.get()).isZero();
            }
            List<Case> cases = generated.cases();
            long expectedOutcomes = generated.count(Expect.REJECTED) + generated.count(Expect.COMPLETED);
            long expectedDeadLetters = generated.count(Expect.DEAD_LETTER);
            System.out.printf("FuzzIT: %d records (%d bad: %d expected dead letters, %d expected REJECTED; %d valid)"
                            + " by category: %s%n", cases.size(), cases.size() - VALID, expectedDeadLetters,
                    generated.count(Expect.REJECTED), VALID, generated.counts());

            try (TopicReader dlq = new TopicReader(h.names().dlq())) {
                boolean arrived = awaitQuietly(Duration.ofSeconds(150), () -> {
                    assertWorkerRunning(worker);
                    return h.outcomes().size() + dlq.records().size() >= expectedOutcomes + expectedDeadLetters;
                });
                // Then nothing more for a while: a second answer to any record would show up here.
                AtomicInteger last = new AtomicInteger(-1);
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(40))
                        .pollInterval(Duration.ofMillis(250)).until(() -> {
                            assertWorkerRunning(worker);
                            int seen = h.outcomes().size() + dlq.records().size();
                            return seen == last.getAndSet(seen);
                        });

                assertWorkerRunning(worker);
                List<String> problems = check(h, cases, h.outcomes(), dlq.records());
                if (!problems.isEmpty()) {
                    throw new AssertionError(problems.size() + " problems (results " + (arrived ? "complete"
                            : "INCOMPLETE") + " within the time limit); the first 200:\n"
                            + String.join("\n", problems.subList(0, Math.min(200, problems.size()))));
                }
                assertThat(h.outcomes()).hasSize((int) expectedOutcomes);
                assertThat(dlq.records()).hasSize((int) expectedDeadLetters);
            }
        }
    }

    /** Every way the results differ from the cases' expectations, grouped so one bug reads as one line per variant. */
    private static List<String> check(Harness h, List<Case> cases, List<OnboardingOutcome> outcomes,
                                      List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        List<String> problems = new ArrayList<>();
        Map<String, List<OnboardingOutcome>> outcomesByRequest = outcomes.stream()
                .collect(Collectors.groupingBy(OnboardingOutcome::getRequestId));
        Map<String, List<OnboardingOutcome>> outcomesByOrg = outcomes.stream()
                .collect(Collectors.groupingBy(OnboardingOutcome::getOrgId));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> deadByKey = new HashMap<>();
        Map<String, List<ConsumerRecord<byte[], byte[]>>> deadBySeq = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
            if (record.key() != null) {
                deadByKey.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(record);
            }
            String seq = header(record, FuzzRecords.SEQ_HEADER);
            deadBySeq.computeIfAbsent(seq == null ? "(none)" : seq, k -> new ArrayList<>()).add(record);
        }

        Set<String> validOrgs = new HashSet<>();
        Map<String, Integer> expectedPosts = new TreeMap<>();
        Map<String, List<Integer>> failuresByVariant = new TreeMap<>();
        Set<String> knownRequestIds = new HashSet<>();
        Set<String> knownKeys = new HashSet<>();
        for (Case c : cases) {
            if (c.requestId() != null) {
                knownRequestIds.add(c.requestId());
            }
            if (c.key() != null) {
                knownKeys.add(c.keyText());
            }
            if (c.orgId() != null && c.forwarded()) {
                knownKeys.add(c.orgId());
            }
            List<OnboardingOutcome> answers = c.requestId() == null ? List.of()
                    : outcomesByRequest.getOrDefault(c.requestId(), List.of());
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>(c.key() == null
                    ? deadBySeq.getOrDefault(Integer.toString(c.seq()), List.of())
                    : deadByKey.getOrDefault(c.keyText(), List.of()));
            if (c.forwarded()) {
                // A forwarded record is re-keyed by its org ID; a dead letter of it would carry that key.
                dead.addAll(deadByKey.getOrDefault(c.orgId(), List.of()));
            }
            // Keyed by the kind of failure and, for invalid fields, by how the field was made invalid, so a
            // validator gap reads as one line however many cases (single or combined) hit it.
            boolean byVariant = false;
            String problem = switch (c.expect()) {
                case COMPLETED -> {
                    validOrgs.add(c.orgId());
                    expectedPosts.put(c.orgId() + "/" + c.configName(), 1);
                    if (answers.size() != 1 || !dead.isEmpty()) {
                        yield answers.size() + " outcomes and " + dead.size() + " dead letters, not one COMPLETED"
                                + statuses(answers);
                    }
                    yield answers.get(0).getStatus() == OutcomeStatus.COMPLETED ? null
                            : "ended " + answers.get(0).getStatus() + ": " + answers.get(0).getReason();
                }
                case REJECTED -> {
                    if (answers.size() != 1 || !dead.isEmpty()) {
                        yield answers.size() + " outcomes and " + dead.size() + " dead letters, not one REJECTED"
                                + statuses(answers);
                    }
                    OnboardingOutcome outcome = answers.get(0);
                    List<String> fields = outcome.getViolations().stream().map(Violation::getField).toList();
                    byVariant = !c.variants().isEmpty();
                    if (outcome.getStatus() != OutcomeStatus.REJECTED) {
                        yield "passed validation and ended " + outcome.getStatus() + ": "
                                + c.fields().stream().map(c::variant).toList();
                    }
                    if (!fields.equals(c.fields())) {
                        List<String> missing = new ArrayList<>(c.fields());
                        fields.forEach(missing::remove);
                        List<String> extra = new ArrayList<>(fields);
                        c.fields().forEach(extra::remove);
                        yield (missing.isEmpty() ? "" : "not flagged: " + missing.stream().map(c::variant).toList())
                                + (extra.isEmpty() ? "" : " flagged but valid: " + extra)
                                + (missing.isEmpty() && extra.isEmpty() ? "violations in another order: " + fields
                                : "");
                    }
                    byVariant = false;
                    if (!outcome.getOrgId().equals(c.orgId()) || outcome.getAttempts() != 0) {
                        yield "outcome orgId " + FuzzRecords.shorten(outcome.getOrgId()) + ", attempts "
                                + outcome.getAttempts();
                    }
                    yield null;
                }
                case DEAD_LETTER -> {
                    List<OnboardingOutcome> byOrg = c.orgId() == null || c.orgId().isBlank() ? List.of()
                            : outcomesByOrg.getOrDefault(c.orgId(), List.of());
                    if (dead.size() != 1 || !answers.isEmpty() || !byOrg.isEmpty()) {
                        yield dead.size() + " dead letters and " + Math.max(answers.size(), byOrg.size())
                                + " outcomes, not one dead letter" + statuses(answers.isEmpty() ? byOrg : answers);
                    }
                    yield deadLetterProblem(h, c, dead.get(0));
                }
            };
            if (problem != null) {
                String variant = byVariant ? problem : c.category() + " -> " + problem.replaceAll("\\d{3,}", "N");
                failuresByVariant.computeIfAbsent(variant, k -> new ArrayList<>()).add(c.seq());
            }
        }
        failuresByVariant.forEach((variant, seqs) -> problems.add(seqs.size() + " x " + variant + "   e.g. "
                + cases.stream().filter(c -> c.seq() == seqs.get(0)).findFirst().map(Case::describe).orElse("")));

        outcomes.stream().filter(o -> !knownRequestIds.contains(o.getRequestId())).limit(20).forEach(o ->
                problems.add("an outcome for no generated request: " + FuzzRecords.shorten(o.getRequestId())));
        deadLetters.stream().filter(d -> d.key() != null
                        && !knownKeys.contains(new String(d.key(), StandardCharsets.UTF_8))).limit(20)
                .forEach(d -> problems.add("a dead letter with an unknown key: "
                        + FuzzRecords.shorten(new String(d.key(), StandardCharsets.UTF_8))));

        for (OnboardingOutcome outcome : outcomes) {
            if (outcome.getStatus() != OutcomeStatus.REJECTED) {
                continue;
            }
            List<String> texts = new ArrayList<>();
            texts.add(outcome.getReason());
            outcome.getViolations().forEach(v -> texts.add(v.getValue()));
            for (String text : texts) {
                if (text.chars().anyMatch(ch -> Character.isISOControl(ch) || ch == 0x2028 || ch == 0x2029)) {
                    problems.add("REJECTED " + FuzzRecords.shorten(outcome.getRequestId())
                            + " carries a raw control character: " + FuzzRecords.shorten(text));
                    break;
                }
            }
        }

        Set<String> called = h.sandbox().orgsCalled();
        Map<String, Case> byOrg = new HashMap<>();
        cases.stream().filter(c -> c.orgId() != null).forEach(c -> byOrg.put(c.orgId(), c));
        Map<String, Integer> calledByCategory = new TreeMap<>();
        called.stream().filter(org -> !validOrgs.contains(org)).forEach(org -> calledByCategory.merge(
                byOrg.containsKey(org) ? byOrg.get(org).category() : "unknown org " + FuzzRecords.shorten(org), 1,
                Integer::sum));
        if (!calledByCategory.isEmpty()) {
            problems.add("the sandbox was called for " + calledByCategory.values().stream().mapToInt(i -> i).sum()
                    + " bad requests' orgs, by case: " + calledByCategory);
        }
        validOrgs.stream().filter(org -> !called.contains(org)).limit(10).forEach(org ->
                problems.add("the sandbox was never called for valid org " + org));
        Map<String, Integer> posts = new TreeMap<>(h.sandbox().postCounts());
        if (!posts.equals(expectedPosts)) {
            Map<String, Integer> unexpected = new TreeMap<>(posts);
            expectedPosts.forEach((k, v) -> unexpected.remove(k, v));
            Map<String, Integer> missing = new TreeMap<>(expectedPosts);
            posts.forEach((k, v) -> missing.remove(k, v));
            problems.add("POSTs differ from one per valid request: " + unexpected.size()
                    + " unexpected or repeated (e.g. " + FuzzRecords.shorten(unexpected.toString()) + "), "
                    + missing.size() + " missing");
        }
        return problems;
    }

    /** The dead letter of {@code c}: its original key, value and headers, one real origin header. */
    private static String deadLetterProblem(Harness h, Case c, ConsumerRecord<byte[], byte[]> dead) {
        if (!Integer.toString(c.seq()).equals(header(dead, FuzzRecords.SEQ_HEADER))) {
            return "the dead letter's original headers were not copied (" + FuzzRecords.SEQ_HEADER + " = "
                    + header(dead, FuzzRecords.SEQ_HEADER) + ")";
        }
        if (!Arrays.equals(c.key(), dead.key())) {
            return "the dead letter's key is not the original key";
        }
        List<String> origin = new ArrayList<>();
        dead.headers().headers(DeadLetters.TOPIC)
                .forEach(x -> origin.add(new String(x.value(), StandardCharsets.UTF_8)));
        if (!origin.equals(List.of(h.names().requests()))) {
            return "the dead letter's " + DeadLetters.TOPIC + " headers are " + origin;
        }
        String omitted = header(dead, DeadLetters.VALUE_OMITTED);
        // key and value together count (the headers add a few hundred bytes, far from any case's size)
        boolean tooLarge = c.value() != null && c.value().length + (c.key() == null ? 0 : c.key().length) > 900 * 1024;
        if (tooLarge ? dead.value() != null || omitted == null : !Arrays.equals(c.value(), dead.value())) {
            return "the dead letter's value is not the original (" + (dead.value() == null ? "null"
                    : dead.value().length + " bytes") + ", omitted=" + omitted + ")";
        }
        String requestId = requestIdOf(c.value());
        if (requestId != null && !requestId.equals(header(dead, DeadLetters.REQUEST_ID))) {
            return "the dead letter of a request that decodes lacks its " + DeadLetters.REQUEST_ID + " header ("
                    + header(dead, DeadLetters.REQUEST_ID) + ")";
        }
        String message = header(dead, DeadLetters.EXCEPTION_MESSAGE);
        if (message == null || message.chars().anyMatch(Character::isISOControl)) {
            return "the dead letter's exception message is missing or carries control characters: " + message;
        }
        return null;
    }

    private static String statuses(List<OnboardingOutcome> outcomes) {
        return outcomes.isEmpty() ? "" : " " + outcomes.stream().map(o -> o.getStatus() + " ("
                + FuzzRecords.shorten(o.getReason()) + ")").toList();
    }

    /** The request ID a value carries when it decodes as a request with one of a usable length, else null. */
    private static String requestIdOf(byte[] value) {
        try {
            String id = io.cmkworker.events.Codecs.REQUEST.decode(value).getRequestId();
            return id == null || id.isEmpty() || id.length() > 1000 ? null : id;
        } catch (io.cmkworker.events.UndecodableRecordException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void assertWorkerRunning(Worker worker) {
        assertThat(worker.failure()).as("the worker's failure").isEmpty();
        assertThat(worker.isRunning()).as("the worker is running").isTrue();
    }

    /** Waits like Awaitility's until, but returns false at the time limit so the checks can say what is missing. */
    private static boolean awaitQuietly(Duration atMost, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static Properties producerProps(Harness h) {
        Properties props = KafkaClients.plainProducer(h.config());
        props.put("linger.ms", "20");
        props.put("batch.size", Integer.toString(256 * 1024));
        return props;
    }

    /** Every committed record of a topic, read from the beginning and kept. */
    private static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        TopicReader(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** The records so far, after reading what has arrived. */
        List<ConsumerRecord<byte[], byte[]>> records() {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
