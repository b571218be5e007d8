package io.cmkworker.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real Apicurio Registry server (its Maven Central archive, which the build unpacks into
 * {@code target/apicurio-registry} before the integration tests) in a child JVM, with in-memory storage, one per
 * test class. The server needs Java 21 or newer: {@code -Dregistry.java.home}, then {@code REGISTRY_JAVA_HOME}, then
 * this JVM if it is new enough, then {@value #DEFAULT_JAVA_HOME}. Without one the tests are skipped, saying so, or
 * fail on CI ({@code CI=true}), where that JDK is part of the machine.
 *
 * <p>It also speaks the registry's Confluent-compatible API, as a team's other tools would, to set rules and look
 * at subjects.
 */
public final class SchemaRegistryServer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final String DEFAULT_JAVA_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final int NEEDED_JAVA = 21;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile(
            "Listening on: http://127\\.0\\.0\\.1:(\\d+)\\. Management interface listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private URI url;
    /** Why the tests of the class are skipped, said by each (a class skipped as a whole is reported as no tests). */
    private String skipped;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path home = Path.of(System.getProperty("registry.home", "target/apicurio-registry"));
        Path jar = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the build unpacks the registry"
                    + " (io.apicurio:apicurio-registry-app:tar.gz:all) before the integration tests, so run them with"
                    + " mvn verify");
        }
        Path java = javaHome().map(h -> h.resolve("bin").resolve("java")).orElse(null);
        if (java == null) {
            String message = "the Apicurio Registry server needs Java " + NEEDED_JAVA + " or newer, and none was found"
                    + " (looked at -Dregistry.java.home, REGISTRY_JAVA_HOME, this JVM (" + Runtime.version().feature()
                    + ") and " + DEFAULT_JAVA_HOME + "): install one, or point registry.java.home at it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            skipped = message;
            return;
        }
        start(java, home, jar);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (skipped != null) {
            Assumptions.abort(skipped);
        }
    }

    private void start(Path java, Path home, Path jar) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "test-logs"));
        Path log = Files.createTempFile(logs, "schema-registry-", ".log");
        Path work = Files.createDirectories(Path.of("target", "apicurio-work"));
        process = new ProcessBuilder(List.of(java.toString(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0",
                "-Dvertx.cacheDirBase=" + work.toAbsolutePath(), "-jar", jar.toAbsolutePath().toString()))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process child = process;
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly, "schema-registry-stop"));
        int[] ports = new int[2];
        await("the registry's ports in " + log).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!child.isAlive()) {
                        throw new IllegalStateException("the registry exited with " + child.exitValue() + "; see "
                                + log);
                    }
                    Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
                    if (m.find()) {
                        ports[0] = Integer.parseInt(m.group(1));
                        ports[1] = Integer.parseInt(m.group(2));
                        return true;
                    }
                    return false;
                });
        url = URI.create("http://127.0.0.1:" + ports[0]);
        URI ready = URI.create("http://127.0.0.1:" + ports[1] + "/health/ready");
        await("the registry ready at " + ready).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200);
    }

    /** The JDK the server runs on: the first of the places in the class comment that holds Java 21 or newer. */
    static Optional<Path> javaHome() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("registry.java.home")).filter(s -> !s.isBlank()).map(Path::of)
                .ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("REGISTRY_JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of)
                .ifPresent(candidates::add);
        if (Runtime.version().feature() >= NEEDED_JAVA) {
            candidates.add(Path.of(System.getProperty("java.home")));
        }
        candidates.add(Path.of(DEFAULT_JAVA_HOME));
        return candidates.stream().filter(SchemaRegistryServer::isNewEnough).findFirst();
    }

    /** Reads the JDK's {@code release} file: {@code JAVA_VERSION="25.0.1"}. */
    private static boolean isNewEnough(Path home) {
        try {
            if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
                return false;
            }
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]) >= NEEDED_JAVA;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The registry's base URL, as {@code schemas.registry.url} takes it. */
    public String url() {
        return url.toString();
    }

    /** Registers a schema under a subject through the Confluent-compatible API; the schema ID. */
    public int register(String subject, String schema) {
        return send("POST", "/subjects/" + subject + "/versions", Map.of("schema", schema)).get("id").asInt();
    }

    /** Sets a subject's compatibility level through the Confluent-compatible API. */
    public void compatibility(String subject, String level) {
        send("PUT", "/config/" + subject, Map.of("compatibility", level));
    }

    /** A subject's compatibility level, as the Confluent-compatible API reports it. */
    public String compatibility(String subject) {
        return send("GET", "/config/" + subject, null).get("compatibilityLevel").asText();
    }

    /** The versions of a subject. */
    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        send("GET", "/subjects/" + subject + "/versions", null).forEach(v -> out.add(v.asInt()));
        return out;
    }

    /** The schema ID of a subject's latest version, as a Confluent client resolves it. */
    public int latestId(String subject) {
        return send("GET", "/subjects/" + subject + "/versions/latest", null).get("id").asInt();
    }

    /** The subjects. */
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        send("GET", "/subjects", null).forEach(s -> out.add(s.asText()));
        return out;
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("/apis/ccompat/v7" + path))
                    .timeout(Duration.ofSeconds(10)).header("Accept", CONFLUENT_JSON);
            if (body != null) {
                request.header("Content-Type", CONFLUENT_JSON);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
