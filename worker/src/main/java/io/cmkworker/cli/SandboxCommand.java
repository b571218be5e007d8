package io.cmkworker.cli;

import io.cmkworker.config.Durations;
import io.cmkworker.sandbox.CallLogFile;
import io.cmkworker.sandbox.Faults;
import io.cmkworker.sandbox.KeyVaultSimulator;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves the Platform + IMS simulator, for dry runs: the three CMK endpoints and"
                + " /ims/token/v3, with the reference's headers, shapes and statuses, and faults on demand.",
                "Point the worker at it with platform.base.url=http://127.0.0.1:PORT and"
                + " ims.url=http://127.0.0.1:PORT/ims/token/v3. GET /sandbox/stats shows what it received;"
                + " GET and POST /sandbox/faults show and change the faults while it runs.",
                "Beside it, on --vault-port, the Key Vault simulator for 'preflight --sandbox': Key Vault's keys API"
                        + " with its 401 challenge, Entra ID's token endpoint, Resource Graph, role assignments and"
                        + " Microsoft Graph's service principals, over HTTPS with a certificate made at start and"
                        + " written to --vault-cert (trust it there, and nowhere else). Every vault exists and every"
                        + " key is good, except where a name holds a fault's marker. In a key's name: missing, disabled,"
                        + " expired, notyet (not valid yet), rsa2048, eckey (not RSA), nowrap (no wrapKey/unwrapKey),"
                        + " purgeable (no purge protection). In a vault's name: missing (no DNS name), unreachable"
                        + " (nothing answers), noread (403 to the reader), purgeable, accesspolicy (not Azure RBAC),"
                        + " firewall (trusted services not let through), noconsent (in the tenant's part: no consent"
                        + " in that tenant), norole (the CMK app holds no role). A vault's tenant is named by its name"
                        + " up to the first '-' (acme-eu and acme-us share one)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:Stopped (Ctrl-C).",
                "1:It could not start: a port in use, an unwritable --vault-cert.",
                "2:Usage error: a bad option or fault."})
final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "Port (0 picks one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 in a container. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--running", defaultValue = "20s", description = "How long a new configuration stays RUNNING. Default: ${DEFAULT-VALUE}.")
    Duration running;

    @Option(names = "--updating", defaultValue = "40s",
            description = "How long it then stays UPDATE_EXISTING_RESOURCES before COMPLETED. Default: ${DEFAULT-VALUE}.")
    Duration updating;

    @Option(names = "--fail-keys", defaultValue = SandboxSettings.DEFAULT_FAILING_KEYS,
            description = "Key identifiers matching this regular expression end FAILED. Default: ${DEFAULT-VALUE}.")
    String failKeys;

    @Option(names = "--client", paramLabel = "ID=SECRET",
            description = "An IMS client the sandbox accepts (repeatable). Default: sandbox-client with secret"
                    + " sandbox-secret (dummy values for dry runs).")
    List<String> clients;

    @Option(names = "--token-lifetime", defaultValue = "24h", description = "expires_in of minted tokens. Default: ${DEFAULT-VALUE}.")
    Duration tokenLifetime;

    @Option(names = "--error-rate", paramLabel = "STATUS=RATE",
            description = "Answer this status instead of serving, with this probability (repeatable), e.g. 503=0.2.")
    Map<Integer, Double> errorRates = new LinkedHashMap<>();

    @Option(names = "--throttle-rate", defaultValue = "0", description = "Probability of a 429. Default: ${DEFAULT-VALUE}.")
    double throttleRate;

    @Option(names = "--retry-after", defaultValue = "1s", description = "Retry-After of a 429. Default: ${DEFAULT-VALUE}.")
    Duration retryAfter;

    @Option(names = "--latency", defaultValue = "0s", description = "Mean extra time before each Platform reply. Default: ${DEFAULT-VALUE}.")
    Duration latency;

    @Option(names = "--latency-jitter", defaultValue = "0s",
            description = "The latency varies uniformly by up to this much either way. Default: ${DEFAULT-VALUE}.")
    Duration latencyJitter;

    @Option(names = "--ims-latency", defaultValue = "0s", description = "Extra time before each IMS token reply. Default: ${DEFAULT-VALUE}.")
    Duration imsLatency;

    @Option(names = "--outage-after", description = "Start a full outage (every Platform call answers 503) this long after start.")
    Duration outageAfter;

    @Option(names = "--outage-for", defaultValue = "30s", description = "How long that outage lasts. Default: ${DEFAULT-VALUE}.")
    Duration outageFor;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random fault choices. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--vault-port", defaultValue = "8443",
            description = "Port of the Key Vault simulator (0 picks one; -1: none). Default: ${DEFAULT-VALUE}.")
    int vaultPort;

    @Option(names = "--vault-cert", paramLabel = "PEM_FILE",
            description = "Where the Key Vault simulator's certificate is written. Default: cmk-sandbox-vault-PORT.pem in"
                    + " the temporary directory.")
    Path vaultCertificate;

    @Option(names = "--call-log", paramLabel = "FILE",
            description = "Write every call received to FILE (created or emptied), one line each: arrival time,"
                    + " organisation, configuration name, endpoint, status; written out when the sandbox stops.")
    Path callLog;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> accepted = new LinkedHashMap<>();
        if (clients == null || clients.isEmpty()) {
            accepted.put("sandbox-client", "sandbox-secret");
        } else {
            for (String client : clients) {
                int eq = client.indexOf('=');
                if (eq < 1 || eq == client.length() - 1) {
                    System.err.println("--client must be ID=SECRET");
                    return 2;
                }
                accepted.put(client.substring(0, eq), client.substring(eq + 1));
            }
        }
        Faults.Plan plan;
        try {
            plan = new Faults.Plan(errorRates, throttleRate, retryAfter, latency, latencyJitter, imsLatency, false);
        } catch (IllegalArgumentException e) {
            System.err.println("invalid faults: " + e.getMessage());
            return 2;
        }
        SandboxSettings settings = new SandboxSettings(running, updating,
                Pattern.compile(failKeys, Pattern.CASE_INSENSITIVE), accepted, tokenLifetime, seed);
        CallLogFile calls;
        try {
            calls = callLog == null ? null : CallLogFile.create(callLog);
        } catch (java.io.UncheckedIOException e) {
            System.err.println(e.getMessage() + ": " + e.getCause().getMessage());
            return 2;
        }
        SandboxServer server;
        try {
            server = SandboxServer.start(new InetSocketAddress(bind, port), settings, Clock.systemUTC());
        } catch (java.io.UncheckedIOException e) {
            System.err.println("sandbox could not start: " + e.getMessage());
            return 1;
        }
        Path certificate = null;
        try {
            if (vaultPort >= 0) {
                KeyVaultSimulator vault = server.startKeyVault(new InetSocketAddress(bind, vaultPort));
                certificate = vaultCertificate != null ? vaultCertificate : Path.of(System.getProperty("java.io.tmpdir"),
                        "cmk-sandbox-vault-" + vault.baseUri().getPort() + ".pem");
                vault.certificate().writePem(certificate);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            server.close();
            System.err.println("sandbox could not start its Key Vault simulator: " + e.getMessage() + " (choose"
                    + " --vault-cert FILE and --vault-port PORT, or --vault-port -1 for none)");
            return 1;
        }
        if (calls != null) {
            server.onCall(calls);
        }
        server.faults().set(plan);
        if (outageAfter != null) {
            server.faults().outage(Clock.systemUTC().instant().plus(outageAfter), outageFor);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (calls != null) {
                calls.close();
            }
            stop.countDown();
        }));
        System.out.println("sandbox listening on " + server.baseUri());
        System.out.println("  platform.base.url=" + server.baseUri());
        System.out.println("  ims.url=" + server.imsTokenUrl());
        System.out.println("  IMS clients accepted: " + String.join(", ", accepted.keySet()));
        System.out.println("  jobs: RUNNING " + Durations.format(running) + ", then UPDATE_EXISTING_RESOURCES "
                + Durations.format(updating) + "; keys matching " + failKeys + " end FAILED");
        if (server.keyVault().isPresent()) {
            String vault = server.keyVault().get().baseUri().toString();
            System.out.println("Key Vault simulator on " + vault + " (certificate: " + certificate + "; trust it only"
                    + " there), for example:");
            System.out.println("  " + Main.invocation() + " preflight orgs.csv --sandbox " + vault + " --sandbox-trust "
                    + certificate);
        }
        if (calls != null) {
            System.out.println("  every call is logged to " + calls.file() + " (written out when it stops)");
        }
        if (!plan.equals(Faults.Plan.NONE) || outageAfter != null) {
            System.out.println("  faults: errors " + errorRates + ", 429 rate " + throttleRate + ", latency "
                    + Durations.format(latency) + " +/- " + Durations.format(latencyJitter)
                    + (outageAfter == null ? "" : ", outage of " + Durations.format(outageFor) + " after "
                    + Durations.format(outageAfter)));
        }
        stop.await();
        return 0;
    }
}
