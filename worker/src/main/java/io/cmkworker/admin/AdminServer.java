package io.cmkworker.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} (Prometheus text format), {@code GET /health/live} and {@code GET /health/ready}
 * (200 when up, 503 with the reasons when not; JSON), on the admin port.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private AdminServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code port} of every interface (0: a free one).
     *
     * @param registry the meters to serve, or null to serve no /metrics
     */
    public static AdminServer start(int port, PrometheusMeterRegistry registry, Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on admin port " + port, e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cmk-admin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        if (registry != null) {
            server.createContext("/metrics", exchange -> reply(exchange, 200,
                    "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        }
        server.createContext("/health/live", exchange -> health(exchange, health.get(), true));
        server.createContext("/health/ready", exchange -> health(exchange, health.get(), false));
        server.start();
        AdminServer admin = new AdminServer(server, executor);
        log.info("admin endpoints on port {}: /metrics, /health/live, /health/ready", admin.port());
        return admin;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, Health health, boolean liveness) throws IOException {
        boolean up = liveness ? health.live() : health.ready();
        String problems = health.problems().stream().map(p -> "\"" + p.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
        reply(exchange, up ? 200 : 503, "application/json",
                "{\"status\": \"" + (up ? "UP" : "DOWN") + "\", \"problems\": " + problems + "}\n");
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
