package io.cmkworker.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.Region;
import io.cmkworker.platform.CallScheduler;
import io.cmkworker.platform.CallObserver;
import io.cmkworker.platform.HostGuards;
import io.cmkworker.platform.HttpSender;
import io.cmkworker.platform.ImsTokenProvider;
import io.cmkworker.platform.PlatformClient;
import io.cmkworker.platform.PlatformEndpoints;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of the graph: one {@link HttpClient}, one {@link CallScheduler} (the bulkhead on calls in
 * flight, a rate limit per host, priorities) shared by Platform and IMS calls, a circuit breaker per host,
 * the token cache, and the Platform client.
 */
public record PlatformAccess(PlatformClient client, ImsTokenProvider tokens, CallScheduler scheduler, HostGuards guards) {

    /** Threads of the HTTP client. */
    private static final int HTTP_THREADS = 4;

    /**
     * @param executor runs what follows each HTTP call (the steps' logic) and starts queued calls; the HTTP
     *     client has its own threads for reading and writing ({@link #httpThreads()}), so a busy step never
     *     delays bytes on the wire
     * @param timers runs calls that waited for a host's rate limit
     */
    public static PlatformAccess create(WorkerConfig config, Clock clock, ExecutorService executor,
                                        ScheduledExecutorService timers, CallObserver observer) {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        boolean plainHttp = config.platformBaseUrl().map(u -> u.getScheme().equals("http")).orElse(false);
        HttpClient http = HttpClient.newBuilder()
                .executor(httpThreads())
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(plainHttp ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .build();
        HostGuards guards = new HostGuards(config.breaker(), observer, clock);
        CallScheduler scheduler = new CallScheduler(config.maxConcurrentCalls(), config.rateLimitPerSecond(), timers,
                executor, System::nanoTime, guards::refusal, observer);
        HttpSender sender = new HttpSender(http, scheduler, guards, observer, executor, config.callTimeout(), clock,
                allowedHosts(config), userAgent(config.instanceId()));
        ImsTokenProvider tokens = new ImsTokenProvider(sender, config.imsUrl(), config.credentials(),
                config.tokenRefreshMargin(), clock, json);
        PlatformClient client = new PlatformClient(sender, new PlatformEndpoints(config.platformBaseUrl()), tokens, json);
        return new PlatformAccess(client, tokens, scheduler, guards);
    }

    /**
     * The HTTP client's own threads (it reads, writes and completes responses on them), a fixed few. Left to
     * itself the client takes a cached pool, which grows a thread per call in flight during a burst (71 in a
     * burst of 100,000 onboardings), each keeping buffers of its own in the heap until it has idled a minute:
     * memory that would follow the load. Idle threads end, so a client that is dropped leaves none behind.
     * {@code bench} gives its HTTP ceiling the same, so the worker is measured against a client like its own.
     */
    public static ExecutorService httpThreads() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "cmk-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** {@code cmk-worker/<version> (<instance>)}: who called, for the Platform's logs and the sandbox's. */
    static String userAgent(String instanceId) {
        String version = PlatformAccess.class.getPackage().getImplementationVersion();
        String safe = instanceId.replaceAll("[^A-Za-z0-9._-]", "_");
        return "cmk-worker/" + (version == null ? "dev" : version) + " (" + safe + ")";
    }

    /** The Platform hosts (the override, or every region's) and the IMS host: nothing else is ever called. */
    static Set<String> allowedHosts(WorkerConfig config) {
        Set<String> hosts = new HashSet<>();
        if (config.platformBaseUrl().isPresent()) {
            hosts.add(config.platformBaseUrl().get().getHost());
        } else {
            for (Region region : Region.values()) {
                hosts.add(region.host());
            }
        }
        hosts.add(config.imsUrl().getHost());
        return hosts;
    }
}
