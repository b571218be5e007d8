package io.cmkworker.bench;

import io.cmkworker.config.Durations;
import io.cmkworker.sandbox.CallLogFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox in a JVM of its own ({@code sandbox --port P --call-log FILE}), as the Platform is a process apart
 * from the worker's: it accepts the bench's IMS client, and writes every call it receives, with its arrival time,
 * to a file that is read once it has stopped.
 */
final class ChildSandbox implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildJvm jvm;
    private final int port;
    private final Path callLog;

    private ChildSandbox(ChildJvm jvm, int port, Path callLog) {
        this.jvm = jvm;
        this.port = port;
        this.callLog = callLog;
    }

    /**
     * Starts a sandbox whose jobs stay RUNNING for {@code running}, then UPDATE_EXISTING_RESOURCES for
     * {@code updating}, with {@code jvmOptions}; its log and call log go in {@code dir}. Returns once it answers.
     */
    static ChildSandbox start(Duration running, Duration updating, List<String> jvmOptions, Path dir, String name,
                              Duration timeout) throws Exception {
        int port;
        try {
            port = ChildJvm.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the sandbox", e);
        }
        Path callLog = dir.resolve(name + "-calls.tsv");
        List<String> args = new ArrayList<>(List.of("sandbox", "--port", Integer.toString(port),
                "--running", Durations.format(running), "--updating", Durations.format(updating),
                "--client", BenchStack.CLIENT_ID + "=" + BenchStack.CLIENT_SECRET, "--call-log", callLog.toString()));
        ChildSandbox sandbox = new ChildSandbox(ChildJvm.start(jvmOptions, args, dir.resolve(name + ".log")), port,
                callLog);
        try {
            Waits.until("the sandbox process to answer (log: " + sandbox.jvm.log() + ")", timeout, sandbox::answers);
            return sandbox;
        } catch (Exception e) {
            sandbox.close();
            throw e;
        }
    }

    private boolean answers() {
        if (!jvm.isAlive()) {
            throw new IllegalStateException("the sandbox process exited; its log is " + jvm.log());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUri() + "/sandbox/stats"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    URI imsTokenUrl() {
        return URI.create(baseUri() + "/ims/token/v3");
    }

    long pid() {
        return jvm.pid();
    }

    /** The CPU time the process has used so far, as the OS counts it (user and system). */
    Duration cpu() {
        return jvm.cpu().orElseThrow(() -> new IllegalStateException("the sandbox process has exited; its log is "
                + jvm.log()));
    }

    /** Stops the sandbox (its call log is written out as it stops) and reads every call it received. */
    CallLog stopAndReadCalls() throws IOException {
        close();
        return CallLog.of(CallLogFile.read(callLog));
    }

    @Override
    public void close() {
        jvm.close();
    }
}
