package io.cmkworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code schemas.registry.url} and the client settings passed through with it. */
class RegistrySettingsTest {

    @Test
    void withoutARegistryURLThereIsNoRegistry() {
        assertThat(WorkerConfig.of().registry()).isEmpty();
        assertThat(WorkerConfig.of("schemas.registry.url", " ").registry()).as("blank is unset").isEmpty();
    }

    @Test
    void passesTheClientSettingsThroughWithoutTheirPrefix() {
        RegistrySettings registry = WorkerConfig.of("schemas.registry.url", "https://registry:8443",
                "schemas.registry.auth.username", "svc", "schemas.registry.auth.password", "pa55",
                "schemas.registry.retry-count", "1").registry().orElseThrow();

        assertThat(registry.url()).isEqualTo(URI.create("https://registry:8443"));
        assertThat(registry.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("auth.username", "svc",
                "auth.password", "pa55", "retry-count", "1"));
    }

    @Test
    void namesItsSettingsButNeverShowsTheirValues() {
        RegistrySettings registry = WorkerConfig.of("schemas.registry.url", "http://registry:8080",
                "schemas.registry.auth.client.secret", "s3cr3t").registry().orElseThrow();

        assertThat(registry.toString()).contains("auth.client.secret").doesNotContain("s3cr3t");
    }

    @Test
    void refusesTheSettingsThatDecideTheWireFormat() {
        assertThatThrownBy(() -> WorkerConfig.of("schemas.registry.url", "http://registry:8080",
                "schemas.registry.id-handler", "io.apicurio.registry.serde.Legacy8ByteIdHandler"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("schemas.registry.id-handler cannot be set: the worker sets it, so that records keep the"
                        + " wire format of contracts/wire-format.md");
    }

    @Test
    void refusesClientSettingsWithoutARegistry() {
        assertThatThrownBy(() -> WorkerConfig.of("schemas.registry.auth.username", "svc"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("schemas.registry.auth.username is set but schemas.registry.url is not");
    }

    @Test
    void refusesARegistryURLThatIsNotHttp() {
        assertThatThrownBy(() -> WorkerConfig.of("schemas.registry.url", "registry:8080"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("schemas.registry.url=registry:8080 is invalid");
    }

    @Test
    void takesTheClientSettingsFromTheEnvironment() {
        Map<String, String> values = ConfigLoader.fromEnvironment(Map.of("CMK_SCHEMAS_REGISTRY_URL", "http://r:8080",
                "CMK_SCHEMAS_REGISTRY_AUTH_PASSWORD", "pa55"));

        assertThat(values).containsEntry("schemas.registry.url", "http://r:8080")
                .containsEntry("schemas.registry.auth.password", "pa55");
        assertThat(ConfigLoader.unrecognised(Map.of("CMK_SCHEMAS_REGISTRY_AUTH_PASSWORD", "pa55"))).isEmpty();
    }
}
