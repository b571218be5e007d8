package io.cmkworker.cli;

import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
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

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Serves the Platform + IMS simulator on a loopback port, for dry runs: the three CMK"
                + " endpoints and /ims/token/v3, with the reference's headers, shapes and statuses.",
                "Point the worker at it with platform.base.url=http://127.0.0.1:PORT and"
                + " ims.url=http://127.0.0.1:PORT/ims/token/v3. GET /sandbox/stats shows what it received."})
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
        SandboxSettings settings = new SandboxSettings(running, updating,
                Pattern.compile(failKeys, Pattern.CASE_INSENSITIVE), accepted, tokenLifetime);
        SandboxServer server = SandboxServer.start(new java.net.InetSocketAddress(bind, port), settings,
                Clock.systemUTC());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        System.out.println("sandbox listening on " + server.baseUri());
        System.out.println("  platform.base.url=" + server.baseUri());
        System.out.println("  ims.url=" + server.imsTokenUrl());
        System.out.println("  IMS clients accepted: " + String.join(", ", accepted.keySet()));
        System.out.println("  jobs: RUNNING " + io.cmkworker.config.Durations.format(running) + ", then UPDATE_EXISTING_RESOURCES "
                + io.cmkworker.config.Durations.format(updating)
                + "; keys matching " + failKeys + " end FAILED");
        stop.await();
        return 0;
    }
}
