package io.cmkworker.app;

import io.cmkworker.admin.AdminServer;
import io.cmkworker.admin.Health;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.BackoffSchedule;
import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.domain.OnboardingPolicy;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.WireFormat;
import io.cmkworker.events.registry.WireFormats;
import io.cmkworker.kafka.loop.Intake;
import io.cmkworker.kafka.loop.WorkerLoop;
import io.cmkworker.platform.AdmissionControl;
import io.cmkworker.platform.CallScheduler;
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
    private final Instrumentation instrumentation;
    private final WireFormat wire;
    private volatile AdminServer admin;

    private Worker(WorkerConfig config, WorkerLoop loop, Threads threads, Instrumentation instrumentation,
                   PlatformAccess platform, WireFormat wire) {
        this.config = config;
        this.loop = loop;
        this.threads = threads;
        this.metrics = instrumentation.metrics();
        this.instrumentation = instrumentation;
        this.platform = platform;
        this.wire = wire;
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

    /**
     * Builds the whole graph, registers the outcome schema when a schema registry is configured, makes sure the topics
     * exist, and starts the poll loop.
     *
     * @throws io.cmkworker.events.registry.IncompatibleSchemaException if the registry refuses the outcome schema
     */
    public static Worker start(WorkerConfig config, Clock clock, MeterRegistry registry) {
        Codecs codecs = Codecs.STANDARD.writingLevel(config.formatLevel()).withWriterSchemas(config.writerSchemas());
        // First, before any topic is touched: a registry that refuses the outcome schema stops the start here.
        WireFormat wire = WireFormats.forWorker(config, codecs);
        try {
            return start(config, clock, registry, codecs, wire);
        } catch (RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    private static Worker start(WorkerConfig config, Clock clock, MeterRegistry registry, Codecs codecs,
                                WireFormat wire) {
        if (!config.writerSchemas().isEmpty()) {
            log.info("also reading records written with the schemas in {}", config.writerSchemas());
        }
        if (config.formatLevel() < Codecs.FORMAT_LEVEL) {
            log.warn("writing format level {} (formats.level) for the instances of that level still in the group;"
                    + " once none is left, remove the setting and restart this instance", config.formatLevel());
        }
        Instrumentation instrumentation = Instrumentation.on(registry);
        WorkerMetrics metrics = instrumentation.metrics();
        Threads threads = Threads.create();
        PlatformAccess platform = PlatformAccess.create(config, clock, threads.steps(), threads.timers(), metrics);
        OnboardingProcessor processor = processor(config, platform, clock, threads.timers(), metrics);

        AdmissionControl admission = new AdmissionControl(platform.scheduler(), config.checkBackoff().get(0));
        WorkerLoop loop = KafkaPipeline.create(config, codecs, wire, processor,
                intake(config, platform, admission, metrics),
                platform.scheduler()::purge, outcome -> {
                    metrics.outcome(outcome.getStatus().name(), outcome.getReplay());
                    if (!outcome.getReplay()) {
                        admission.finished(outcome.getAttempts(),
                                Duration.between(outcome.getStartedAt(), outcome.getFinishedAt()));
                    }
                }, clock, metrics, instrumentation.kafkaClients());
        Worker worker = new Worker(config, loop, threads, instrumentation, platform, wire);
        worker.thread.start();
        if (config.adminPort().isPresent()) {
            worker.admin = AdminServer.start(config.adminPort().get(),
                    registry instanceof PrometheusMeterRegistry prometheus ? prometheus : null, worker::health);
        }
        log.info("worker {} started: group {}, requests from {}, outcomes in {}", config.instanceId(),
                config.groupId(), config.topics().requests(), wire.describe());
        return worker;
    }

    /**
     * How many new requests to take: none while a host's circuit breaker is open (they would only be moved
     * later) or while new calls queue deeper than four rounds of the bulkhead; otherwise as many as keep the
     * onboardings in flight within what the call budget can serve ({@link AdmissionControl}).
     */
    static Intake intake(WorkerConfig config, PlatformAccess platform, AdmissionControl admission,
                         WorkerMetrics metrics) {
        int maxQueue = 4 * config.maxConcurrentCalls();
        return inFlight -> {
            long limit = admission.limit();
            metrics.gauge("cmk.admission.limit", "onboardings", "scope", "instance",
                    "Most onboardings this instance keeps in flight now (Little's law on its call budget)", limit);
            if (platform.guards().anyOpen() || platform.scheduler().waiting(CallScheduler.Priority.NEW) >= maxQueue) {
                return 0;
            }
            return Math.max(0, limit - inFlight);
        };
    }

    /** The onboarding steps, without Kafka: what the poll loop calls for each record. */
    public static OnboardingProcessor processor(WorkerConfig config, PlatformAccess platform, Clock clock,
                                                ScheduledExecutorService timers, WorkerMetrics metrics) {
        OnboardingPolicy policy = new OnboardingPolicy(new BackoffSchedule(config.checkBackoff()),
                new BackoffSchedule(config.retryBackoff()), new BackoffSchedule(config.lostPostBackoff()),
                config.deadline());
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
        instrumentation.close();
        threads.close();
        wire.close();
    }
}
