package io.cmkworker.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmkworker.domain.JobStatus;
import io.cmkworker.platform.PlatformError;
import io.cmkworker.platform.PlatformModel.AppRegistration;
import io.cmkworker.platform.PlatformModel.ConfigJob;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import io.cmkworker.platform.PlatformModel.NewConfig;
import org.junit.jupiter.api.Test;

/**
 * The Platform client's Jackson model against the reference's examples: each response reads without
 * losing a documented field (written back, it is the example again), and the request the client
 * sends is the reference's request.
 */
class PlatformModelContractTest {

    private static final String REFERENCE_KEY_IDENTIFIER =
            "https://adobecmkexample.vault.azure.net/keys/adobeCMK-key/7c1d50lo28234cc895534c00d7eb4eb4";

    @Test
    void appRegistrationResponseKeepsEveryDocumentedField() throws Exception {
        AppRegistration registration = Contracts.JSON.readValue(
                Contracts.exampleText("app-registration.response.json"), AppRegistration.class);

        assertThat(registration.id()).isEqualTo("byok");
        assertThat(registration.applicationId()).isEqualTo("e463a445-c6ac-4ca2-b36a-b5146fcf6a52");
        assertThat(registration.applicationRedirectUrl())
                .startsWith("https://login.microsoftonline.com/common/oauth2/authorize?response_type=code");
        assertThat(writtenBack(registration)).isEqualTo(Contracts.example("app-registration.response.json"));
    }

    @Test
    void createConfigResponseKeepsEveryDocumentedField() throws Exception {
        ConfigJob job = Contracts.JSON.readValue(Contracts.exampleText("create-config.response.json"), ConfigJob.class);

        assertThat(job.id()).isEqualTo("4df7886b-a122-4391-880b-47888d5c5b92");
        assertThat(job.status()).isEqualTo("CREATED");
        assertThat(JobStatus.parse(job.config().status())).isEqualTo(JobStatus.NEW);
        assertThat(job.config().configData().keyVaultKeyIdentifier()).isEqualTo(REFERENCE_KEY_IDENTIFIER);
        assertThat(job.config().configData().keyVaultUri()).isEqualTo("https://adobecmkexample.vault.azure.net");
        assertThat(writtenBack(job)).isEqualTo(Contracts.example("create-config.response.json"));
    }

    @Test
    void statusResponseKeepsEveryDocumentedField() throws Exception {
        ConfigStatus status = Contracts.JSON.readValue(
                Contracts.exampleText("config-status.response.json"), ConfigStatus.class);

        assertThat(JobStatus.parse(status.status())).isEqualTo(JobStatus.COMPLETED);
        assertThat(status.subscriptionId()).isEqualTo("cf978863-7325-47b1-8fd9-554b9fdb6c36");
        assertThat(status.rowType()).isEqualTo("BYOK_KEY");
        assertThat(status.configData().keyName()).isEqualTo("Config1");
        assertThat(writtenBack(status)).isEqualTo(Contracts.example("config-status.response.json"));
    }

    @Test
    void responsesWithFieldsThePlatformAddsLaterStillRead() throws Exception {
        ObjectNode extended = (ObjectNode) Contracts.example("config-status.response.json").deepCopy();
        extended.put("addedLater", "x");
        ((ObjectNode) extended.get("configData")).putObject("nestedAddition").put("a", 1);

        ConfigStatus status = Contracts.JSON.treeToValue(extended, ConfigStatus.class);

        assertThat(writtenBack(status)).isEqualTo(Contracts.example("config-status.response.json"));
    }

    @Test
    void newConfigIsTheReferenceRequest() {
        NewConfig config = NewConfig.byok("Config1", "{ORG_ID}", REFERENCE_KEY_IDENTIFIER);

        assertThat(Contracts.JSON.<JsonNode>valueToTree(config))
                .isEqualTo(Contracts.example("create-config.request.json"));
    }

    @Test
    void gatewayErrorIsReadAsCodeAndMessage() {
        PlatformError error = PlatformError.parse(Contracts.JSON, Contracts.exampleText("error-gateway-401.json"));

        assertThat(error.code()).isEqualTo("401013");
        assertThat(error.message()).isEqualTo("Oauth token is not valid");
    }

    @Test
    void problemErrorIsReadAsTypeAndTitleWithDetail() {
        PlatformError error = PlatformError.parse(Contracts.JSON, Contracts.exampleText("error-problem-404.json"));

        assertThat(error.code()).isEqualTo("https://ns.adobe.com/aep/errors/404");
        assertThat(error.message()).isEqualTo("Not Found: no BYOK_CONFIG named 'config1'");
    }

    @Test
    void oauthErrorIsReadAsErrorAndDescription() {
        PlatformError error = PlatformError.parse(Contracts.JSON, Contracts.exampleText("error-oauth-401.json"));

        assertThat(error.code()).isEqualTo("invalid_client");
        assertThat(error.message()).isEqualTo("invalid client_secret parameter");
    }

    private static JsonNode writtenBack(Object model) {
        return Contracts.JSON.valueToTree(model);
    }
}
