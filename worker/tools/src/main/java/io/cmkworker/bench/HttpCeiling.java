package io.cmkworker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.app.PlatformAccess;
import io.cmkworker.platform.PlatformClient;
import io.cmkworker.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's ceiling for status checks, without the worker: the JDK {@link HttpClient} (HTTP/1.1, as the
 * worker uses against plain HTTP) keeps {@code concurrency} GETs of one configuration's status in flight with
 * {@code sendAsync}, each answered call starting the next, with a real token minted by the sandbox's IMS. The
 * client runs on the worker's own HTTP threads ({@link PlatformAccess#httpThreads()}), so the ceiling is that of
 * a client like the worker's.
 */
final class HttpCeiling {

    private static final String ORG = "0000000000000000BENCH000@AdobeOrg";
    private static final String CONFIG = "/data/infrastructure/manager/customer/config";

    private HttpCeiling() {
    }

    /** Answered calls per second over {@code window}, after a warm-up of a fifth of it. */
    static double measure(SandboxServer sandbox, int concurrency, Duration window) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(PlatformAccess.httpThreads())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        String token = token(http, sandbox);
        HttpRequest create = platform(sandbox, token, CONFIG)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-ceiling\",\"type\":\"BYOK_CONFIG\","
                        + "\"imsOrgId\":\"" + ORG + "\",\"configData\":{\"providerType\":\"AZURE_KEYVAULT\","
                        + "\"keyVaultKeyIdentifier\":\"https://benchvault.vault.azure.net/keys/bench-key/1\"}}"))
                .build();
        expect200(http.send(create, HttpResponse.BodyHandlers.ofString()), "POST config");
        HttpRequest status = platform(sandbox, token, CONFIG + "/bench-ceiling?configType=BYOK_CONFIG").GET().build();
        expect200(http.send(status, HttpResponse.BodyHandlers.ofString()), "GET config");

        Driver driver = new Driver(http, status);
        for (int i = 0; i < concurrency; i++) {
            driver.fire();
        }
        Waits.pause(window.dividedBy(5));
        driver.counting = true;
        long start = System.nanoTime();
        Waits.pause(window);
        driver.counting = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        driver.stopped = true;
        if (driver.failed.get() > 0) {
            throw new IllegalStateException(driver.failed.get() + " of the calls failed or were not answered 200");
        }
        return driver.answered.get() / seconds;
    }

    /** Keeps calls in flight: each answer, counted while {@code counting}, starts the next call until stopped. */
    private static final class Driver {
        final HttpClient http;
        final HttpRequest request;
        final AtomicLong answered = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile boolean counting;
        volatile boolean stopped;

        Driver(HttpClient http, HttpRequest request) {
            this.http = http;
            this.request = request;
        }

        void fire() {
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                if (counting) {
                    (error == null && response.statusCode() == 200 ? answered : failed).incrementAndGet();
                }
                if (!stopped) {
                    fire();
                }
            });
        }
    }

    private static HttpRequest.Builder platform(SandboxServer sandbox, String token, String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUri() + path)).timeout(Duration.ofSeconds(10))
                .header("User-Agent", "cmk-worker-bench")
                .header("Authorization", "Bearer " + token)
                .header("x-api-key", PlatformClient.API_KEY)
                .header("x-gw-ims-org-id", ORG);
    }

    private static String token(HttpClient http, SandboxServer sandbox) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + enc(BenchStack.CLIENT_ID) + "&client_secret="
                + enc(BenchStack.CLIENT_SECRET) + "&scope=openid";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(sandbox.imsTokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        expect200(response, "IMS token");
        return new ObjectMapper().readTree(response.body()).path("access_token").asText();
    }

    private static void expect200(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
