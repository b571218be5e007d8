package io.cmkworker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallLogFileTest {

    private static final String BY_NAME = "GET /data/infrastructure/manager/customer/config/{name}";

    @TempDir
    Path dir;

    @Test
    void readsBackEveryCallWithItsArrivalToTheMicrosecond() throws IOException {
        Path file = dir.resolve("calls.tsv");
        Instant at = Instant.parse("2026-12-07T10:15:30.123456Z");
        try (CallLogFile log = CallLogFile.create(file)) {
            log.accept(new SandboxServer.Call(at, "ORG@AdobeOrg", BY_NAME, 200, "cmk-worker/1", "cmk-config"));
            log.accept(new SandboxServer.Call(at.plusMillis(5), null, "POST /ims/token/v3", 200, null, null));
        }

        List<SandboxServer.Call> calls = CallLogFile.read(file);

        assertThat(calls).containsExactly(
                new SandboxServer.Call(at, "ORG@AdobeOrg", BY_NAME, 200, null, "cmk-config"),
                new SandboxServer.Call(at.plusMillis(5), null, "POST /ims/token/v3", 200, null, null));
    }

    @Test
    void keepsEachCallOnOneLineWhateverItsNames() throws IOException {
        Path file = dir.resolve("calls.tsv");
        try (CallLogFile log = CallLogFile.create(file)) {
            log.accept(new SandboxServer.Call(Instant.EPOCH, "a\tb", BY_NAME, 404, null, "x\ny"));
        }

        assertThat(CallLogFile.read(file)).singleElement().satisfies(call -> {
            assertThat(call.orgId()).isEqualTo("a b");
            assertThat(call.configName()).isEqualTo("x y");
        });
    }

    @Test
    void refusesAVersionItDoesNotRead() throws IOException {
        Path file = Files.writeString(dir.resolve("calls.tsv"), "# cmk-worker sandbox call log v9: whatever\n");

        assertThatThrownBy(() -> CallLogFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("of a version this one does not read");
        Path other = Files.writeString(dir.resolve("other.tsv"), "time,org\n");
        assertThatThrownBy(() -> CallLogFile.read(other)).hasMessageContaining("is not a sandbox call log");
    }

    @Test
    void sandboxWritesTheConfigurationNameOfEveryLookup() throws Exception {
        Path file = dir.resolve("calls.tsv");
        CallLogFile log = CallLogFile.create(file);
        try (SandboxServer sandbox = SandboxServer.start(0, SandboxSettings.defaults(java.util.Map.of("c", "s")),
                java.time.Clock.systemUTC())) {
            sandbox.onCall(log);
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sandbox.baseUri() + "/data/infrastructure/manager/customer/config/cfg-1"
                            + "?configType=BYOK_CONFIG")).header("x-gw-ims-org-id", "ORG@AdobeOrg").build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        log.close();

        assertThat(CallLogFile.read(file)).singleElement().satisfies(call -> {
            assertThat(call.endpoint()).isEqualTo(BY_NAME);
            assertThat(call.configName()).isEqualTo("cfg-1");
            assertThat(call.orgId()).isEqualTo("ORG@AdobeOrg");
            assertThat(call.status()).isEqualTo(401);
        });
    }
}
