package io.cmkworker.cli;

import io.cmkworker.config.Durations;
import io.cmkworker.sandbox.CallLogFile;
import io.cmkworker.sandbox.Faults;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import java.net.InetSocketAddress;
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
                + " GET and POST /sandbox/faults show and change the faults while it runs."})
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

    @Option(names = "--call-log", paramLabel = "FILE",
            description = "Write every call received to FILE (created or emptied), one line each: arrival time,"
                    + " organisation, configuration name, endpoint, status; written out when the sandbox stops.")
    java.nio.file.Path callLog;

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
        SandboxServer server = SandboxServer.start(new InetSocketAddress(bind, port), settings, Clock.systemUTC());
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
