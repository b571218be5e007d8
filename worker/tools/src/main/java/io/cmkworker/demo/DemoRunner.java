package io.cmkworker.demo;

import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.embedded.EmbeddedKafka;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.kafka.topics.OutcomeReader;
import io.cmkworker.kafka.topics.RequestPublisher;
import io.cmkworker.sandbox.Faults;
import io.cmkworker.sandbox.KeyVaultSimulator;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole system on this machine: a real Kafka broker (KRaft, child process), the Platform +
 * IMS sandbox, and the worker; publishes a request per synthetic organisation, shows progress, and
 * prints a table of outcomes. Succeeds when every request reached the outcome it was designed for
 * and the sandbox saw exactly one POST per configuration.
 */
public final class DemoRunner {

    /** What to run. */
    public record Options(int orgs, int failures, Duration timeout, Duration jobRunning, Duration jobUpdating,
                          int partitions, boolean chaos) {
    }

    /** What {@code --chaos} does to the sandbox: 15% 5xx, 5% 429, 150 +/- 100 ms latency, an 8 s outage. */
    static final Faults.Plan CHAOS = new Faults.Plan(Map.of(500, 0.05, 503, 0.1), 0.05, Duration.ofSeconds(1),
            Duration.ofMillis(150), Duration.ofMillis(100), Duration.ZERO, false);

    private static final String CLIENT_ID = "demo-client";
    private static final String CLIENT_SECRET = "demo-secret-not-for-production";

    private final PrintStream out;

    public DemoRunner(PrintStream out) {
        this.out = out;
    }

    public int run(Options options) throws Exception {
        long t0 = System.nanoTime();
        out.printf("Starting a Kafka broker (KRaft, from the Maven artifacts) ...%n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             SandboxServer sandbox = SandboxServer.start(0, SandboxSettings.defaults(Map.of(CLIENT_ID, CLIENT_SECRET))
                     .withTimes(options.jobRunning(), options.jobUpdating()), Clock.systemUTC())) {
            out.printf("  broker at %s (%.1f s)%n", kafka.bootstrapServers(), seconds(t0));
            if (options.chaos()) {
                sandbox.faults().set(CHAOS);
                out.printf("  chaos: the sandbox answers 5%% 500, 10%% 503, 5%% 429 (Retry-After 1s), adds 150 +/- 100 ms,"
                        + " and goes down for 8 s shortly after the requests are published%n");
            }
            out.printf("  Platform + IMS sandbox at %s (jobs: RUNNING %s, then UPDATE_EXISTING_RESOURCES %s)%n",
                    sandbox.baseUri(), options.jobRunning().toSeconds() + "s", options.jobUpdating().toSeconds() + "s");
            WorkerConfig config = WorkerConfig.from(settings(kafka, sandbox, options));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (Worker worker = Worker.start(config, Clock.systemUTC(), registry)) {
                out.printf("  worker started (%.1f s)%n", seconds(t0));
                List<DemoOrgs.DemoOrg> orgs = DemoOrgs.generate(options.orgs(), options.failures(), "demo",
                        Clock.systemUTC().instant());
                Map<String, DemoOrgs.DemoOrg> byRequest = new LinkedHashMap<>();
                try (RequestPublisher publisher = new RequestPublisher(config)) {
                    for (DemoOrgs.DemoOrg org : orgs) {
                        byRequest.put(org.request().getRequestId(), org);
                        publisher.publish(org.request());
                    }
                    publisher.flush();
                }
                long published = System.nanoTime();
                if (options.chaos()) {
                    sandbox.faults().outage(Clock.systemUTC().instant().plusSeconds(2), Duration.ofSeconds(8));
                }
                out.printf("Published %d onboarding requests (%d designed to fail) at %.1f s; following outcomes:%n",
                        orgs.size(), orgs.stream().filter(o -> o.expected() == OutcomeStatus.FAILED).count(),
                        seconds(t0));
                Map<String, OnboardingOutcome> outcomes = collect(config, byRequest, options.timeout(), t0, worker,
                        sandbox);
                boolean ok = report(byRequest, outcomes, sandbox, worker, published, t0);
                return ok ? 0 : 1;
            }
        }
    }

    /** The worker's settings for the demo: the broker and sandbox just started, short delays, credential "demo". */
    private static Map<String, String> settings(EmbeddedKafka kafka, SandboxServer sandbox, Options options) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        values.put("worker.instance.id", "demo-1");
        values.put("worker.group.id", "cmk-demo");
        values.put("topics.partitions", Integer.toString(options.partitions()));
        values.put("onboarding.check.backoff", "1s,2s,3s");
        values.put("onboarding.retry.backoff", "1s,2s,5s");
        values.put("onboarding.deadline", "10m");
        values.put("platform.breaker.window", "20");
        values.put("platform.breaker.open.duration", "3s");
        values.put("platform.base.url", sandbox.baseUri().toString());
        values.put("ims.url", sandbox.imsTokenUrl().toString());
        values.put("credentials.demo.client.id", CLIENT_ID);
        values.put("credentials.demo.client.secret", CLIENT_SECRET);
        values.put("admin.port", "off");
        return values;
    }

    /**
     * Starts the same stack as {@link #run} (broker, sandbox, worker) and keeps it running until the JVM is
     * stopped, with its settings written to {@code settingsFile}: other commands ({@code submit},
     * {@code outcomes}, {@code dlq}, {@code app-registration}) use it with {@code --config}. The sandbox's Key
     * Vault simulator runs too, its certificate written beside the settings for {@code preflight --sandbox} and
     * {@code app-registration --file --sandbox}.
     */
    public int serve(Options options, Path settingsFile) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: the hook asks the stack to stop and holds the JVM until it has (the worker drains and commits).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cmk-demo-stop"));
        try {
            return serve(options, settingsFile, stop);
        } finally {
            closed.countDown();
        }
    }

    private int serve(Options options, Path settingsFile, CountDownLatch stop) throws Exception {
        long t0 = System.nanoTime();
        out.printf("Starting a Kafka broker (KRaft, from the Maven artifacts) ...%n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             SandboxServer sandbox = SandboxServer.start(0, SandboxSettings.defaults(Map.of(CLIENT_ID, CLIENT_SECRET))
                     .withTimes(options.jobRunning(), options.jobUpdating()), Clock.systemUTC())) {
            Map<String, String> values = settings(kafka, sandbox, options);
            Properties properties = new Properties();
            properties.putAll(values);
            try (Writer writer = Files.newBufferedWriter(settingsFile, StandardCharsets.UTF_8)) {
                properties.store(writer, "cmk-worker demo stack: a broker, the sandbox and one worker on this machine."
                        + " Valid while 'demo --stack' runs.");
            }
            Map<String, String> withAdmin = new LinkedHashMap<>(values);
            withAdmin.put("admin.port", "0");
            try (Worker worker = Worker.start(WorkerConfig.from(withAdmin))) {
                out.printf("Demo stack running (%.1f s): broker %s, Platform + IMS sandbox %s (jobs: RUNNING %s, then"
                                + " UPDATE_EXISTING_RESOURCES %s; keys named fail* end FAILED), one worker (metrics and"
                                + " health at http://127.0.0.1:%d/metrics, /health/ready).%n",
                        seconds(t0), kafka.bootstrapServers(), sandbox.baseUri(), options.jobRunning().toSeconds() + "s",
                        options.jobUpdating().toSeconds() + "s", worker.adminPort().orElse(0));
                KeyVaultSimulator vault = sandbox.startKeyVault(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Path certificate = vaultCertificate(settingsFile);
                vault.certificate().writePem(certificate);
                String sandboxVault = "--sandbox " + vault.baseUri() + " --sandbox-trust " + certificate;
                out.printf("Key Vault simulator at %s (its certificate is in %s: trust it there, nowhere else; vault and"
                        + " key names choose faults, see 'sandbox --help').%n", vault.baseUri(), certificate);
                out.printf("Settings written to %s (credential: demo). In another terminal, in the order the work is"
                        + " done, for example:%n", settingsFile);
                out.printf("  java -jar worker/target/cmk-worker.jar app-registration --config %s --file orgs.csv %s%n",
                        settingsFile, sandboxVault);
                out.printf("  java -jar worker/target/cmk-worker.jar preflight orgs.csv %s --cmk-app-id <application ID>%n",
                        sandboxVault);
                out.printf("  java -jar worker/target/cmk-worker.jar submit orgs.csv --config %s --wait%n", settingsFile);
                out.printf("  java -jar worker/target/cmk-worker.jar outcomes --config %s --follow%n", settingsFile);
                out.printf("Stop it with Ctrl-C.%n");
                out.flush();
                while (worker.isRunning() && !stop.await(1, TimeUnit.SECONDS)) {
                    // serve until the JVM is stopped, or the worker stops by itself
                }
                out.printf("Stopping the demo stack.%n");
                return worker.failure().isPresent() ? 1 : 0;
            }
        }
    }

    /** {@code demo-stack.properties} -> {@code demo-stack.vault.pem}, beside it. */
    static Path vaultCertificate(Path settingsFile) {
        String name = settingsFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return settingsFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".vault.pem");
    }

    private Map<String, OnboardingOutcome> collect(WorkerConfig config, Map<String, DemoOrgs.DemoOrg> expected,
                                                   Duration timeout, long t0, Worker worker, SandboxServer sandbox) {
        Map<String, OnboardingOutcome> outcomes = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrint = 0;
        try (OutcomeReader reader = new OutcomeReader(config)) {
            while (outcomes.size() < expected.size() && System.nanoTime() < deadline && worker.isRunning()) {
                for (OnboardingOutcome outcome : reader.poll(Duration.ofMillis(200))) {
                    if (expected.containsKey(outcome.getRequestId())) {
                        outcomes.put(outcome.getRequestId(), outcome);
                    }
                }
                if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(1) || outcomes.size() == expected.size()) {
                    lastPrint = System.nanoTime();
                    out.printf("  [%5.1f s] submitted %d/%d, status checks %d, outcomes %d/%d %s%n", seconds(t0),
                            sandbox.postCounts().size(), expected.size(), worker.metrics().latenessTimer().count(),
                            outcomes.size(), expected.size(), countByStatus(outcomes));
                }
            }
        }
        return outcomes;
    }

    private boolean report(Map<String, DemoOrgs.DemoOrg> expected, Map<String, OnboardingOutcome> outcomes,
                           SandboxServer sandbox, Worker worker, long published, long t0) {
        out.println();
        out.printf("%-3s %-34s %-12s %-9s %-9s %5s %7s  %s%n", "#", "org", "config", "expected", "outcome", "calls",
                "took", "reason");
        boolean allAsExpected = true;
        for (DemoOrgs.DemoOrg org : expected.values()) {
            OnboardingOutcome outcome = outcomes.get(org.request().getRequestId());
            String status = outcome == null ? "(none)" : outcome.getStatus().name();
            boolean asExpected = outcome != null && outcome.getStatus() == org.expected();
            allAsExpected &= asExpected;
            String took = outcome == null ? "-" : String.format("%.1fs",
                    Duration.between(outcome.getStartedAt(), outcome.getFinishedAt()).toMillis() / 1000.0);
            String reason = outcome == null ? "" : outcome.getReason();
            out.printf("%-3d %-34s %-12s %-9s %-9s %5s %7s  %s%s%n", org.number(), org.request().getOrgId(),
                    org.request().getConfigName(), org.expected(), status,
                    outcome == null ? "-" : Integer.toString(outcome.getAttempts()), took,
                    reason.length() > 70 ? reason.substring(0, 67) + "..." : reason, asExpected ? "" : "   <-- unexpected");
        }
        Map<String, Integer> posts = sandbox.postCounts();
        long duplicates = posts.values().stream().filter(n -> n > 1).count();
        Timer lateness = worker.metrics().latenessTimer();
        out.println();
        out.printf("%d/%d outcomes as designed, %s; %.1f s from publishing to the last outcome, %.1f s in all.%n",
                expected.values().stream().filter(o -> outcomes.containsKey(o.request().getRequestId())
                        && outcomes.get(o.request().getRequestId()).getStatus() == o.expected()).count(),
                expected.size(), countByStatus(outcomes), (System.nanoTime() - published) / 1e9, seconds(t0));
        out.printf("Sandbox: %d POSTs for %d configurations (%s), %d calls, %d IMS token(s) minted.%n",
                posts.values().stream().mapToInt(Integer::intValue).sum(), posts.size(),
                duplicates == 0 ? "none twice" : duplicates + " POSTed more than once", sandbox.totalCalls(),
                sandbox.tokensMinted());
        out.printf("Delayed steps (status checks, retries): %d; their first call reached the Platform late by p50 %s,"
                        + " p99 %s, max %.0f ms after the due time; %.0f early.%n",
                lateness.count(), percentile(lateness, 0.5), percentile(lateness, 0.99),
                lateness.max(TimeUnit.MILLISECONDS), worker.metrics().total("cmk.check.early"));
        out.printf("Resilience: %.0f quick retries, breaker transitions %s; calls by status %s.%n",
                worker.metrics().total("cmk.retries"), breakerTransitions(worker), callsByStatus(worker));
        boolean ok = allAsExpected && duplicates == 0 && outcomes.size() == expected.size();
        out.println(ok ? "DEMO PASSED: every request reached the outcome it was designed for."
                : "DEMO FAILED: see the rows marked above.");
        return ok;
    }

    private static String breakerTransitions(Worker worker) {
        Map<String, Integer> counts = new TreeMap<>();
        worker.metrics().registry().find("cmk.breaker.transitions").counters().forEach(c ->
                counts.merge(c.getId().getTag("from") + "->" + c.getId().getTag("to"), (int) c.count(), Integer::sum));
        return counts.isEmpty() ? "none" : counts.toString();
    }

    private static String callsByStatus(Worker worker) {
        Map<String, Integer> counts = new TreeMap<>();
        worker.metrics().registry().find("cmk.platform.calls").counters().forEach(c ->
                counts.merge(c.getId().getTag("status"), (int) c.count(), Integer::sum));
        return counts.toString();
    }

    private static String countByStatus(Map<String, OnboardingOutcome> outcomes) {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.values().forEach(o -> counts.merge(o.getStatus().name(), 1, Integer::sum));
        return counts.isEmpty() ? "" : counts.toString().replace("{", "(").replace("}", ")");
    }

    /** A percentile of the timer (an estimate from its histogram, so never shown above the true maximum). */
    private static String percentile(Timer timer, double p) {
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (Math.abs(v.percentile() - p) < 1e-9) {
                return String.format("%.0f ms", Math.min(v.value(TimeUnit.MILLISECONDS), timer.max(TimeUnit.MILLISECONDS)));
            }
        }
        return "n/a";
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
