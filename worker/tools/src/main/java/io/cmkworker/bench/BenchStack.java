package io.cmkworker.bench;

import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.demo.DemoOrgs;
import io.cmkworker.embedded.EmbeddedKafka;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.kafka.topics.RequestPublisher;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What every scenario shares: one real Kafka broker for the whole run, a fresh sandbox per scenario, and
 * the worker's settings pointing at both, with topics and a consumer group of the scenario's own so no
 * scenario sees another's records.
 */
public final class BenchStack implements AutoCloseable {

    /** The credential every bench request names. */
    public static final String CREDENTIAL = "bench";
    static final String CLIENT_ID = "bench-client";
    static final String CLIENT_SECRET = "bench-secret-not-for-production";
    /** "Rate limit lifted": far above what this machine can call. */
    static final String LIFTED_RATE = "100000";
    static final int CONCURRENCY = 64;
    /** Whether the sandbox's HTTP server sets TCP_NODELAY on its connections. */
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private final EmbeddedKafka kafka;
    private final String run;
    private final Path workDir;
    private final Duration brokerStart;
    private volatile boolean keepFiles;

    private BenchStack(EmbeddedKafka kafka, String run, Path workDir, Duration brokerStart) {
        this.kafka = kafka;
        this.run = run;
        this.workDir = workDir;
        this.brokerStart = brokerStart;
    }

    /** Starts the broker (a child JVM); its data and the bench's own files go to a new temporary directory. */
    public static BenchStack start() throws java.io.IOException {
        // The JDK's HttpServer leaves Nagle's algorithm on: a reply written as headers then body waits for the
        // client's delayed ACK, 40 ms per call on a kept-alive connection, which no real Platform adds. Read once,
        // when the first HttpServer of this JVM starts; set before the sandboxes do, unless given on the command line.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        long t0 = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start();
        return new BenchStack(kafka, UUID.randomUUID().toString().substring(0, 8),
                Files.createTempDirectory("cmk-bench-"), Duration.ofNanos(System.nanoTime() - t0));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The CPU time (user and system) the broker's process has used so far, as the OS counts it. */
    public Duration brokerCpu() {
        return kafka.process().info().totalCpuDuration().orElseThrow(() ->
                new IllegalStateException("the broker process has exited"));
    }

    /** How long the broker took to start and answer. */
    public Duration brokerStart() {
        return brokerStart;
    }

    /** Where child workers keep their settings files and logs. */
    public Path workDir() {
        return workDir;
    }

    /** Keeps {@link #workDir()} after the run (a scenario failed: the child workers' logs say why). */
    public void keepFiles() {
        keepFiles = true;
    }

    /**
     * A new sandbox whose jobs stay RUNNING for {@code running}, then UPDATE_EXISTING_RESOURCES for
     * {@code updating}.
     */
    public SandboxServer sandbox(Duration running, Duration updating) {
        return SandboxServer.start(0, SandboxSettings.defaults(Map.of(CLIENT_ID, CLIENT_SECRET))
                .withTimes(running, updating), Clock.systemUTC());
    }

    /**
     * The worker's settings for {@code scenario} against {@code sandbox}: topics, group and instance of its
     * own, the rate limit lifted and 64 calls in flight, no admin port. Scenarios change what they measure.
     */
    public Map<String, String> settings(String scenario, SandboxServer sandbox) {
        return settings(scenario, sandbox.baseUri(), sandbox.imsTokenUrl());
    }

    /** The same against a sandbox at {@code platform} whose IMS token endpoint is {@code ims}. */
    public Map<String, String> settings(String scenario, java.net.URI platform, java.net.URI ims) {
        String prefix = "bench-" + run + "-" + scenario;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        values.put("worker.instance.id", "bench-" + scenario);
        values.put("worker.group.id", prefix);
        values.put("worker.drain.timeout", "5s");
        values.put("topics.requests", prefix + ".requests");
        values.put("topics.outcomes", prefix + ".outcomes");
        values.put("topics.dlq", prefix + ".dlq");
        values.put("topics.ledger", prefix + ".ledger");
        values.put("topics.delay.prefix", prefix + ".delay");
        values.put("platform.rate.limit", LIFTED_RATE);
        values.put("platform.max.concurrent.calls", Integer.toString(CONCURRENCY));
        values.put("platform.base.url", platform.toString());
        values.put("ims.url", ims.toString());
        values.put("credentials." + CREDENTIAL + ".client.id", CLIENT_ID);
        values.put("credentials." + CREDENTIAL + ".client.secret", CLIENT_SECRET);
        values.put("admin.port", "off");
        return values;
    }

    /** Starts a worker in this JVM and waits until it is ready (it holds its slots and has read them back). */
    public Worker startWorker(WorkerConfig config, MeterRegistry registry, Duration timeout) throws Exception {
        Worker worker = Worker.start(config, Clock.systemUTC(), registry);
        try {
            Waits.until("the worker to be ready", timeout, () -> {
                if (!worker.isRunning()) {
                    throw new IllegalStateException("the worker stopped: " + worker.failure().map(Throwable::toString)
                            .orElse("no reason given"));
                }
                return worker.health().ready();
            });
            return worker;
        } catch (Exception e) {
            worker.close();
            throw e;
        }
    }

    /** {@code count} requests for new organisations, all of which the sandbox completes. */
    public static List<OnboardingRequest> requests(int count) {
        return DemoOrgs.generate(count, 0, CREDENTIAL, Clock.systemUTC().instant()).stream()
                .map(DemoOrgs.DemoOrg::request).toList();
    }

    /** Publishes {@code requests} to the requests topic of {@code config} and waits until all are written. */
    public static void publish(WorkerConfig config, List<OnboardingRequest> requests) throws Exception {
        try (RequestPublisher publisher = new RequestPublisher(config)) {
            CompletableFuture<?>[] sent = requests.stream().map(publisher::publish).toArray(CompletableFuture[]::new);
            publisher.flush();
            CompletableFuture.allOf(sent).get(1, TimeUnit.MINUTES);
        }
    }

    @Override
    public void close() {
        kafka.close();
        if (keepFiles) {
            return;
        }
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
