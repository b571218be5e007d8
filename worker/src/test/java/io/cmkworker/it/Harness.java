package io.cmkworker.it;

import static org.awaitility.Awaitility.await;

import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.topics.OutcomeReader;
import io.cmkworker.kafka.topics.RequestPublisher;
import io.cmkworker.kafka.topics.TopicSetup;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One test's world on the shared broker: its own topics and group, a sandbox, workers built from the
 * same composition root as production, and a read_committed view of the outcomes.
 */
public final class Harness implements AutoCloseable {

    public static final String CREDENTIAL = "it";
    public static final String CLIENT_ID = "it-client";

    private final TestNames names;
    private String bootstrapServers;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final SandboxServer sandbox;
    private final String clientSecret = "it-secret-" + UUID.randomUUID();
    private final List<Worker> workers = new ArrayList<>();
    private final List<OnboardingOutcome> outcomes = new ArrayList<>();
    private OutcomeReader reader;

    public Harness(String label, Function<SandboxSettings, SandboxSettings> sandboxSettings) {
        this.names = TestNames.unique(label);
        this.sandbox = SandboxServer.start(0, sandboxSettings.apply(
                SandboxSettings.defaults(Map.of(CLIENT_ID, clientSecret)).withTimes(Duration.ofSeconds(1),
                        Duration.ofSeconds(1))), Clock.systemUTC());
    }

    public Harness(String label) {
        this(label, s -> s);
    }

    /** Points this harness (and the workers it configures) at another broker than the shared one. */
    public Harness onBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    /** Settings every configuration of this harness gets (its workers', readers' and publishers'). */
    public Harness with(String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return this;
    }

    public TestNames names() {
        return names;
    }

    public SandboxServer sandbox() {
        return sandbox;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** The test configuration as text values, with {@code overrides} applied last. */
    public Map<String, String> configValues(String... overrides) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("kafka.bootstrap.servers", bootstrapServers != null ? bootstrapServers : KafkaBroker.bootstrapServers());
        v.put("worker.instance.id", names.prefix() + "-1");
        v.put("worker.group.id", names.group());
        v.put("worker.poll.interval", "20ms");
        v.put("worker.drain.timeout", "15s");
        v.put("topics.requests", names.requests());
        v.put("topics.outcomes", names.outcomes());
        v.put("topics.dlq", names.dlq());
        v.put("topics.ledger", names.ledger());
        v.put("topics.delay.prefix", names.delayPrefix());
        v.put("topics.partitions", "3");
        v.put("delay.tiers", "1s,5s");
        v.put("onboarding.check.backoff", "1s");
        v.put("onboarding.retry.backoff", "1s,2s");
        v.put("platform.base.url", sandbox.baseUri().toString());
        v.put("platform.call.timeout", "5s");
        v.put("ims.url", sandbox.imsTokenUrl().toString());
        v.put("credentials." + CREDENTIAL + ".client.id", CLIENT_ID);
        v.put("credentials." + CREDENTIAL + ".client.secret", clientSecret);
        v.put("admin.port", "off");
        v.putAll(settings);
        for (int i = 0; i < overrides.length; i += 2) {
            v.put(overrides[i], overrides[i + 1]);
        }
        return v;
    }

    /** The test configuration written as a properties file in {@code dir}, for the command-line tools. */
    public java.nio.file.Path configFile(java.nio.file.Path dir, String... overrides) throws java.io.IOException {
        return write(dir, configValues(overrides));
    }

    /**
     * The test configuration without any client secret, as an operator's machine may have it: enough for the
     * commands that never call IMS ({@code submit}, {@code outcomes}, {@code dlq}).
     */
    public java.nio.file.Path configFileWithoutSecrets(java.nio.file.Path dir, String... overrides)
            throws java.io.IOException {
        Map<String, String> values = configValues(overrides);
        values.keySet().removeIf(key -> key.endsWith(".client.secret"));
        return write(dir, values);
    }

    private static java.nio.file.Path write(java.nio.file.Path dir, Map<String, String> values)
            throws java.io.IOException {
        java.util.Properties props = new java.util.Properties();
        props.putAll(values);
        java.nio.file.Path file = java.nio.file.Files.createTempFile(dir, "worker", ".properties");
        try (java.io.Writer writer = java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
            props.store(writer, null);
        }
        return file;
    }

    public WorkerConfig config(String... overrides) {
        return WorkerConfig.from(configValues(overrides));
    }

    public Worker startWorker(String... overrides) {
        Worker worker = Worker.start(config(overrides), Clock.systemUTC(), new SimpleMeterRegistry());
        workers.add(worker);
        return worker;
    }

    /** Creates the topics without starting a worker (for tests that publish first). */
    public void createTopics(String... overrides) {
        TopicSetup.ensure(config(overrides));
    }

    /** Publishes the requests and waits until the broker has them all (failing clearly if it does not). */
    public void publish(OnboardingRequest... requests) {
        try (RequestPublisher publisher = new RequestPublisher(config())) {
            List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
            for (OnboardingRequest request : requests) {
                sent.add(publisher.publish(request));
            }
            publisher.flush();
            java.util.concurrent.CompletableFuture.allOf(sent.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .join();
        }
    }

    public void publishRaw(String topic, byte[] key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.plainProducer(config()))) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /** Every outcome read so far (read_committed), reading any new ones first. */
    public synchronized List<OnboardingOutcome> outcomes() {
        if (reader == null) {
            reader = new OutcomeReader(config());
        }
        outcomes.addAll(reader.poll(Duration.ofMillis(100)));
        return List.copyOf(outcomes);
    }

    /** Waits for {@code n} outcomes, then makes sure no further one arrives for a while (exactly once). */
    public Map<String, OnboardingOutcome> awaitExactlyOneOutcomeEach(int n, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> outcomes().size() >= n);
        // Three quiet seconds for any second outcome to show, then each request is checked by name.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> outcomes().size() >= n);
        Map<String, List<OnboardingOutcome>> byRequest = outcomes().stream()
                .collect(Collectors.groupingBy(OnboardingOutcome::getRequestId));
        byRequest.forEach((id, list) -> {
            if (list.size() != 1) {
                throw new AssertionError("request " + id + " got " + list.size() + " outcomes: " + list);
            }
        });
        return byRequest.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    public void stopWorkers() {
        workers.forEach(Worker::close);
        workers.clear();
    }

    @Override
    public void close() {
        stopWorkers();
        if (reader != null) {
            reader.close();
        }
        sandbox.close();
    }
}
