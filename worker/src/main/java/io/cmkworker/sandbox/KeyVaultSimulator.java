package io.cmkworker.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Azure Key Vault, Microsoft Entra ID and the management calls a preflight makes, simulated over HTTPS on a
 * loopback port with a certificate made at start ({@link SelfSignedCertificate}), so the real Azure SDK can
 * be pointed at it: it speaks the wire, it uses no Azure library. The faults are chosen by the vaults' and
 * keys' names ({@link SimulatedVaults}).
 *
 * <ul>
 *   <li>{@code GET /dns/{vault host}}: where a vault answers, or 404 when its name does not resolve (a
 *       preflight in sandbox mode asks here instead of DNS);</li>
 *   <li>{@code /vaults/{vault host}/keys/...}: the vault's data plane ({@link KeyVaultHandler});</li>
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token}: Entra ID ({@link EntraHandler});</li>
 *   <li>{@code /management/...} and {@code /graph/...}: Resource Graph, role assignments and Microsoft Graph
 *       ({@link ManagementHandler}).</li>
 * </ul>
 */
public final class KeyVaultSimulator implements AutoCloseable {

    /** Where a vault that does not answer is said to be: a loopback port nothing listens on. */
    static final String UNREACHABLE = "https://127.0.0.1:1";

    private final HttpsServer server;
    private final ExecutorService executor;
    private final SelfSignedCertificate certificate;
    private final SandboxStats stats = new SandboxStats();
    private final TenantDirectory tenants = new TenantDirectory();
    private final ObjectMapper json = new ObjectMapper();

    private KeyVaultSimulator(HttpsServer server, SelfSignedCertificate certificate, Clock clock) {
        this.server = server;
        this.certificate = certificate;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sandbox-vault-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        EntraHandler entra = new EntraHandler();
        server.createContext("/dns/", adapt(this::resolve));
        server.createContext(KeyVaultHandler.ROOT, adapt(new KeyVaultHandler(entra, tenants, this::baseUri, clock)));
        ManagementHandler management = new ManagementHandler(entra, tenants, json);
        server.createContext(ManagementHandler.MANAGEMENT + "/", adapt(management));
        server.createContext(ManagementHandler.GRAPH + "/", adapt(management));
        server.createContext("/", adapt(entra));
    }

    /** Starts on {@code address}, with a new certificate for the loopback names. */
    public static KeyVaultSimulator start(InetSocketAddress address, Clock clock) {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("cmk-worker sandbox Key Vault",
                List.of("localhost"), List.of("127.0.0.1", "::1"), clock.instant(), Duration.ofDays(30));
        HttpsServer server;
        try {
            server = HttpsServer.create(address, 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        KeyVaultSimulator simulator = new KeyVaultSimulator(server, certificate, clock);
        server.start();
        return simulator;
    }

    /** Starts on a free port of the loopback interface. */
    public static KeyVaultSimulator start(Clock clock) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), clock);
    }

    /** {@code https://127.0.0.1:PORT}: the simulator's base URL (preflight's {@code --sandbox}). */
    public URI baseUri() {
        return URI.create("https://" + Exchanges.reachable(server.getAddress()));
    }

    /** The certificate it serves, for whoever chooses to trust it. */
    public SelfSignedCertificate certificate() {
        return certificate;
    }

    /** Calls answered, by {@code "METHOD endpoint status"}. */
    public Map<String, Integer> calls() {
        return stats.snapshot();
    }

    private Reply resolve(HttpExchange exchange) {
        String host = exchange.getRequestURI().getPath().substring("/dns/".length()).toLowerCase(Locale.ROOT);
        if (host.isEmpty() || host.contains("/")) {
            return new Reply(400, KeyVaultHandler.error("BadRequest", "GET /dns/{vault host}"));
        }
        java.util.Set<SimulatedVaults.VaultFault> faults = SimulatedVaults.vaultFaults(host);
        if (faults.contains(SimulatedVaults.VaultFault.MISSING)) {
            return new Reply(404, KeyVaultHandler.error("NXDOMAIN", "no such name: " + host));
        }
        tenants.seen(host);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("host", host);
        body.put("url", (faults.contains(SimulatedVaults.VaultFault.UNREACHABLE) ? UNREACHABLE : baseUri().toString())
                + KeyVaultHandler.ROOT + host);
        return new Reply(200, body);
    }

    private HttpHandler adapt(SandboxEndpoint endpoint) {
        return exchange -> {
            Reply reply;
            try {
                reply = endpoint.handle(exchange);
            } catch (IOException | RuntimeException e) {
                reply = new Reply(400, KeyVaultHandler.error("BadRequest", "cannot read the request: " + e.getMessage()));
            }
            stats.count(exchange.getRequestMethod() + " " + endpointOf(exchange.getRequestURI().getPath()), reply.status());
            Exchanges.send(exchange, json, reply);
        };
    }

    /** The kind of call, without the names in its path. */
    static String endpointOf(String path) {
        if (path.startsWith("/dns/")) {
            return "/dns/{host}";
        }
        if (path.startsWith(KeyVaultHandler.ROOT)) {
            return "/vaults/{host}/keys/{name}";
        }
        if (path.startsWith(ManagementHandler.GRAPH + "/")) {
            return "/graph/servicePrincipals";
        }
        if (path.endsWith("/roleAssignments")) {
            return "/management/roleAssignments";
        }
        if (path.startsWith(ManagementHandler.MANAGEMENT + "/")) {
            return "/management/resources";
        }
        return path.endsWith("/oauth2/v2.0/token") ? "/{tenant}/oauth2/v2.0/token" : path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
