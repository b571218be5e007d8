package io.cmkworker.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Platform + IMS simulator over real HTTP on a loopback port: {@code /ims/token/v3},
 * {@code /data/infrastructure/manager/...}, and {@code GET /sandbox/stats} (what it received); and, when
 * asked, the Key Vault simulator beside it over HTTPS ({@link #startKeyVault}).
 */
public final class SandboxServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final ConfigRegistry configs;
    private final TokenRegistry tokens;
    private final SandboxStats stats;
    private final Faults faults;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final List<java.util.function.Consumer<Call>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile KeyVaultSimulator keyVault;

    /**
     * One call as it reached the sandbox: when, for which organisation, which endpoint, the status answered, the
     * caller's User-Agent, and the configuration named in the path (the GET by name; null for other endpoints).
     */
    public record Call(java.time.Instant at, String orgId, String endpoint, int status, String userAgent,
                       String configName) {
    }

    private SandboxServer(HttpServer server, SandboxSettings settings, Clock clock) {
        this.server = server;
        this.clock = clock;
        this.configs = new ConfigRegistry(clock);
        this.tokens = new TokenRegistry(clock);
        this.stats = new SandboxStats();
        this.faults = new Faults(clock, settings.seed());
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> daemon(r, "sandbox-http-" + threads.incrementAndGet()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sandbox-delays"));
        server.setExecutor(executor);
        server.createContext(ImsHandler.PATH, adapt(new ImsHandler(settings, tokens, json), false));
        server.createContext(PlatformHandler.ROOT,
                adapt(new PlatformHandler(settings, tokens, configs, clock, json), true));
        server.createContext("/sandbox/stats", adapt(exchange -> new Reply(200, statsBody()), false));
        server.createContext(FaultsHandler.PATH, adapt(new FaultsHandler(faults, tokens, json), false));
    }

    /** Starts on {@code port} of the loopback interface (0 picks a free one). */
    public static SandboxServer start(int port, SandboxSettings settings, Clock clock) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), settings, clock);
    }

    /** Starts on {@code address} (for a container, where other hosts must reach it). */
    public static SandboxServer start(InetSocketAddress address, SandboxSettings settings, Clock clock) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 512);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        SandboxServer sandbox = new SandboxServer(server, settings, clock);
        server.start();
        return sandbox;
    }

    /** Serves one context: faults first (Platform endpoints only), then the endpoint, then a possibly delayed reply. */
    private HttpHandler adapt(SandboxEndpoint endpoint, boolean platform) {
        return exchange -> {
            java.time.Instant arrived = clock.instant();
            String name = PlatformHandler.endpointOf(exchange);
            if (platform) {
                stats.org(exchange.getRequestHeaders().getFirst("x-gw-ims-org-id"));
            }
            Reply reply;
            try {
                Optional<Reply> injected = platform ? faults.inject() : Optional.empty();
                if (injected.isPresent()) {
                    exchange.getRequestBody().readAllBytes();
                }
                reply = injected.isPresent() ? injected.get() : endpoint.handle(exchange);
            } catch (IOException | RuntimeException e) {
                reply = Exchanges.problem(400, "Bad Request", "cannot read the request: " + e.getMessage());
            }
            stats.count(name, reply.status());
            if (!listeners.isEmpty()) {
                Call call = new Call(arrived, exchange.getRequestHeaders().getFirst("x-gw-ims-org-id"), name,
                        reply.status(), exchange.getRequestHeaders().getFirst("User-Agent"),
                        PlatformHandler.configNameOf(exchange));
                listeners.forEach(l -> l.accept(call));
            }
            Duration delay = faults.delay(name, platform);
            Reply answer = reply;
            if (delay.isZero()) {
                Exchanges.send(exchange, json, answer);
            } else {
                scheduler.schedule(() -> Exchanges.send(exchange, json, answer), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }

    /**
     * Starts the Key Vault simulator beside the Platform's (HTTPS, its own certificate, on {@code address}); it
     * stops with this sandbox. Started once: a second call returns the first simulator.
     */
    public synchronized KeyVaultSimulator startKeyVault(InetSocketAddress address) {
        if (keyVault == null) {
            keyVault = KeyVaultSimulator.start(address, clock);
        }
        return keyVault;
    }

    /** The Key Vault simulator, if {@link #startKeyVault} started it. */
    public Optional<KeyVaultSimulator> keyVault() {
        return Optional.ofNullable(keyVault);
    }

    /** Base URL of the Platform endpoints, for {@code platform.base.url}. */
    public URI baseUri() {
        return URI.create("http://" + Exchanges.reachable(server.getAddress()));
    }

    /** URL of the IMS token endpoint, for {@code ims.url}. */
    public URI imsTokenUrl() {
        return URI.create(baseUri() + ImsHandler.PATH);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Tells {@code listener} about every call as it arrives (on the sandbox's threads; it must be quick). */
    public void onCall(java.util.function.Consumer<Call> listener) {
        listeners.add(listener);
    }

    /** The misbehaviour switches. */
    public Faults faults() {
        return faults;
    }

    /** How many {@code POST /customer/config} requests named this organisation and config. */
    public int postCount(String orgId, String configName) {
        return configs.postCount(orgId, configName);
    }

    /** POSTs received per {@code orgId/configName}. */
    public Map<String, Integer> postCounts() {
        return configs.postCounts();
    }

    /** Calls answered, by {@code "METHOD path status"}. */
    public Map<String, Integer> calls() {
        return stats.snapshot();
    }

    public int totalCalls() {
        return stats.total();
    }

    public int tokensMinted() {
        return tokens.mintedCount();
    }

    /** Every organisation ID a Platform call named (header {@code x-gw-ims-org-id}). */
    public java.util.Set<String> orgsCalled() {
        return stats.orgs();
    }

    /** Every access token this sandbox has minted. */
    public List<String> tokensIssued() {
        return tokens.everMinted();
    }

    /** Makes every token minted so far invalid, as if IMS revoked them. */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    private Map<String, Object> statsBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("configs", configs.size());
        body.put("tokensMinted", tokens.mintedCount());
        body.put("posts", configs.postCounts());
        body.put("calls", stats.snapshot());
        return body;
    }

    @Override
    public void close() {
        if (keyVault != null) {
            keyVault.close();
        }
        server.stop(0);
        scheduler.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
