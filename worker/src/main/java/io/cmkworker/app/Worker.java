package io.cmkworker.app;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.BackoffSchedule;
import io.cmkworker.domain.OnboardingPolicy;
import io.cmkworker.kafka.DelayTiers;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.OutputRecords;
import io.cmkworker.kafka.RecordDispatcher;
import io.cmkworker.kafka.TopicSetup;
import io.cmkworker.kafka.WorkerLoop;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.pipeline.FailureClassifier;
import io.cmkworker.pipeline.OnboardingProcessor;
import io.cmkworker.pipeline.RequestValidator;
import io.cmkworker.platform.ImsTokenProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running worker: its poll loop on its own thread, and the HTTP machinery its calls share. */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerConfig config;
    private final WorkerLoop loop;
    private final Thread thread;
    private final ExecutorService httpExecutor;
    private final WorkerMetrics metrics;
    private final ImsTokenProvider tokens;

    private Worker(WorkerConfig config, WorkerLoop loop, ExecutorService httpExecutor, WorkerMetrics metrics,
                   ImsTokenProvider tokens) {
        this.config = config;
        this.loop = loop;
        this.httpExecutor = httpExecutor;
        this.metrics = metrics;
        this.tokens = tokens;
        this.thread = new Thread(loop, "cmk-worker-loop");
    }

    public static Worker start(WorkerConfig config) {
        return start(config, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    /** Builds the whole graph, makes sure the topics exist, and starts the poll loop. */
    public static Worker start(WorkerConfig config, Clock clock, MeterRegistry registry) {
        WorkerMetrics metrics = new WorkerMetrics(registry);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService httpExecutor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "cmk-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        PlatformAccess platform = PlatformAccess.create(config, clock, httpExecutor);
        OnboardingProcessor processor = processor(config, platform, clock);

        TopicSetup.ensure(config);
        DelayTiers tiers = new DelayTiers(config.topics().delayPrefix(), config.delayTiers());
        RecordDispatcher dispatcher = new RecordDispatcher(config.topics(), tiers, processor,
                new OutputRecords(config.topics(), tiers), clock, metrics);
        List<String> inputs = new ArrayList<>(List.of(config.topics().requests()));
        inputs.addAll(tiers.topics());
        WorkerLoop loop = new WorkerLoop(new KafkaConsumer<>(KafkaClients.consumer(config)),
                new KafkaProducer<>(KafkaClients.producer(config)), dispatcher, inputs, clock,
                config.pollInterval(), config.drainTimeout(), metrics);
        Worker worker = new Worker(config, loop, httpExecutor, metrics, platform.tokens());
        worker.thread.start();
        log.info("worker {} started: group {}, reading {}", config.instanceId(), config.groupId(), inputs);
        return worker;
    }

    /** The onboarding steps, without Kafka: what the poll loop calls for each record. */
    public static OnboardingProcessor processor(WorkerConfig config, PlatformAccess platform, Clock clock) {
        OnboardingPolicy policy = new OnboardingPolicy(new BackoffSchedule(config.checkBackoff()),
                new BackoffSchedule(config.retryBackoff()), config.deadline());
        return new OnboardingProcessor(platform.client(), policy, new RequestValidator(config.credentials().keySet()),
                new FailureClassifier(), clock);
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public WorkerConfig config() {
        return config;
    }

    /** IMS tokens requested since start. */
    public long tokensMinted() {
        return tokens.mintedCount();
    }

    /** Why the loop stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return loop.failure();
    }

    public boolean isRunning() {
        return !loop.isStopped();
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
        httpExecutor.shutdownNow();
    }
}
