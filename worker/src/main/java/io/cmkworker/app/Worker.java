package io.cmkworker.app;

import io.cmkworker.admin.AdminServer;
import io.cmkworker.admin.Health;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.BackoffSchedule;
import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.domain.OnboardingPolicy;
import io.cmkworker.events.Codecs;
import io.cmkworker.kafka.KafkaPipeline;
import io.cmkworker.kafka.loop.WorkerLoop;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.pipeline.OnboardingProcessor;
import io.cmkworker.pipeline.RequestValidator;
import io.cmkworker.resilience.FailureClassifier;
import io.cmkworker.resilience.InProcessRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running worker: its poll loop on its own thread, and the HTTP machinery its calls share. */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerConfig config;
    private final WorkerLoop loop;
    private final Thread thread;
    private final Threads threads;
    private final WorkerMetrics metrics;
    private final PlatformAccess platform;
    private volatile AdminServer admin;

    private Worker(WorkerConfig config, WorkerLoop loop, Threads threads, WorkerMetrics metrics,
                   PlatformAccess platform) {
        this.config = config;
        this.loop = loop;
        this.threads = threads;
        this.metrics = metrics;
        this.platform = platform;
        this.thread = new Thread(loop, "cmk-worker-loop");
    }

    /**
     * The worker's background threads: the steps that follow each HTTP call, and timers (rate-limit waits,
     * quick retries). The HTTP client reads and writes on threads of its own.
     */
    public record Threads(ExecutorService steps, ScheduledExecutorService timers) implements AutoCloseable {

        public static Threads create() {
            AtomicInteger n = new AtomicInteger();
            ExecutorService steps = Executors.newFixedThreadPool(4, r -> daemon(r, "cmk-steps-" + n.incrementAndGet()));
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cmk-timers"));
            return new Threads(steps, timers);
        }

        @Override
        public void close() {
            timers.shutdownNow();
            steps.shutdownNow();
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }
    }

    /** Starts a worker whose meters are served in Prometheus format on the admin port. */
    public static Worker start(WorkerConfig config) {
        return start(config, Clock.systemUTC(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Builds the whole graph, makes sure the topics exist, and starts the poll loop. */
    public static Worker start(WorkerConfig config, Clock clock, MeterRegistry registry) {
        for (String schema : Codecs.registerWriterSchemas(config.writerSchemas())) {
            log.info("reading writer schema {}", schema);
        }
        WorkerMetrics metrics = new WorkerMetrics(registry);
        Threads threads = Threads.create();
        PlatformAccess platform = PlatformAccess.create(config, clock, threads.steps(), threads.timers(), metrics);
        OnboardingProcessor processor = processor(config, platform, clock, threads.timers(), metrics);

        WorkerLoop loop = KafkaPipeline.create(config, processor, intake(config, platform),
                platform.scheduler()::purge, clock, metrics);
        Worker worker = new Worker(config, loop, threads, metrics, platform);
        worker.thread.start();
        if (config.adminPort().isPresent()) {
            worker.admin = AdminServer.start(config.adminPort().get(),
                    registry instanceof PrometheusMeterRegistry prometheus ? prometheus : null, worker::health);
        }
        log.info("worker {} started: group {}, requests from {}", config.instanceId(), config.groupId(),
                config.topics().requests());
        return worker;
    }

    /**
     * Whether to take new requests: not while a host's circuit breaker is open (the requests would only
     * be moved later), and not while calls queue (for a free slot or for the rate limit) deeper than four
     * rounds of the bulkhead: the Platform, or the rate we may call it at, is slower than requests arrive.
     */
    static BooleanSupplier intake(WorkerConfig config, PlatformAccess platform) {
        int maxQueue = 4 * config.maxConcurrentCalls();
        return () -> !platform.guards().anyOpen()
                && platform.scheduler().waiting() < maxQueue;
    }

    /** The onboarding steps, without Kafka: what the poll loop calls for each record. */
    public static OnboardingProcessor processor(WorkerConfig config, PlatformAccess platform, Clock clock,
                                                ScheduledExecutorService timers, WorkerMetrics metrics) {
        OnboardingPolicy policy = new OnboardingPolicy(new BackoffSchedule(config.checkBackoff()),
                new BackoffSchedule(config.retryBackoff()), config.deadline());
        FailureClassifier classifier = new FailureClassifier();
        InProcessRetry retry = new InProcessRetry(config.retry(), classifier, timers,
                () -> ThreadLocalRandom.current().nextDouble(), metrics::retried);
        return new OnboardingProcessor(platform.client(), policy, new RequestValidator(config.credentials().keySet(),
                new KeyVaultRules(config.keyHosts()), config.ledgerRetention()), classifier, retry, clock);
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public WorkerConfig config() {
        return config;
    }

    /** IMS tokens requested since start. */
    public long tokensMinted() {
        return platform.tokens().mintedCount();
    }

    /** Each host guard's circuit breaker state, by {@code kind:host}. */
    public Map<String, String> breakerStates() {
        return platform.guards().states();
    }

    /** Why the loop stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return loop.failure();
    }

    public boolean isRunning() {
        return !loop.isStopped();
    }

    /** Whether this instance is alive and ready, as the admin endpoints say. */
    public Health health() {
        return Health.of(isRunning(), loop.status(), System.nanoTime(), config.stuckAfter());
    }

    /** The admin port actually listened on, if the admin endpoints are served. */
    public Optional<Integer> adminPort() {
        return Optional.ofNullable(admin).map(AdminServer::port);
    }

    /** Blocks until the loop stops by itself (a fatal error); returns at once if {@link #close()} was called. */
    public void awaitTermination() throws InterruptedException {
        thread.join();
    }

    /** Stops taking work, drains calls in flight (up to {@code worker.drain.timeout}), commits and closes. */
    @Override
    public void close() {
        loop.stop();
        try {
            if (!loop.awaitStopped(config.drainTimeout().plus(Duration.ofSeconds(30)))) {
                log.warn("the worker loop did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (admin != null) {
            admin.close();
        }
        threads.close();
    }
}
