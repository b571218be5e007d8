package io.cmkworker.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox over real HTTP against the reference: every response has exactly the field paths of
 * the reference's example, and the gateway checks answer with the documented status and error shape.
 */
class SandboxContractTest {

    private static final String ORG = "0123456789ABCDEF01234567@AdobeOrg";
    private static final String CLIENT_ID = "client";
    private static final String CLIENT_SECRET = "secret";
    private static final String APP_REGISTRATION = "/data/infrastructure/manager/byok/app-registration";
    private static final String CONFIG = "/data/infrastructure/manager/customer/config";
    private static final List<String> DOCUMENTED_STATUSES =
            List.of("NEW", "RUNNING", "UPDATE_EXISTING_RESOURCES", "COMPLETED", "FAILED");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SandboxServer sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = SandboxServer.start(0, SandboxSettings.defaults(Map.of(CLIENT_ID, CLIENT_SECRET)), Clock.systemUTC());
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void tokenResponseHasTheDocumentedFields() throws Exception {
        HttpResponse<String> response = mint(CLIENT_SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Contracts.tree(response.body());
        assertThat(Contracts.fieldPaths(body)).isEqualTo(Contracts.fieldPaths(Contracts.example("ims-token.response.json")));
        assertThat(body.get("token_type").asText()).isEqualTo("bearer");
        assertThat(body.get("expires_in").isIntegralNumber()).isTrue();
        assertThat(body.get("expires_in").asLong()).isPositive();
    }

    @Test
    void tokenRequestWithAWrongClientSecretIsRefusedWithAnOAuthError() throws Exception {
        HttpResponse<String> response = mint("not-the-secret");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = Contracts.tree(response.body());
        assertThat(Contracts.fieldPaths(body)).isEqualTo(Contracts.fieldPaths(Contracts.example("error-oauth-401.json")));
        assertThat(body.get("error").asText()).isEqualTo("invalid_client");
        assertThat(body.has("access_token")).isFalse();
    }

    @Test
    void appRegistrationResponseHasTheDocumentedFields() throws Exception {
        HttpResponse<String> response = send(platform(APP_REGISTRATION, token()).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertSameFields(response, "app-registration.response.json");
    }

    @Test
    void createResponseHasTheDocumentedFields() throws Exception {
        HttpResponse<String> response = send(create(token(), referenceRequest(ORG)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertSameFields(response, "create-config.response.json");
        JsonNode body = Contracts.tree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("CREATED");
        assertThat(body.at("/config/type").asText()).isEqualTo("BYOK_CONFIG");
        assertThat(body.at("/config/imsOrgId").asText()).isEqualTo(ORG);
        assertThat(body.at("/config/status").asText()).isEqualTo("NEW");
        assertThat(body.at("/config/configData/providerType").asText()).isEqualTo("AZURE_KEYVAULT");
    }

    @Test
    void statusResponseHasTheDocumentedFields() throws Exception {
        String token = token();
        assertThat(send(create(token, referenceRequest(ORG))).statusCode()).isEqualTo(200);

        HttpResponse<String> response = send(platform(CONFIG + "/Config1?configType=BYOK_CONFIG", token).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertSameFields(response, "config-status.response.json");
        JsonNode body = Contracts.tree(response.body());
        assertThat(body.get("status").asText()).isIn(DOCUMENTED_STATUSES);
        assertThat(body.get("type").asText()).isEqualTo("BYOK_CONFIG");
        assertThat(body.get("imsOrgId").asText()).isEqualTo(ORG);
        assertThat(body.get("rowType").asText()).isEqualTo("BYOK_KEY");
    }

    @Test
    void callWithoutATokenIsRefusedByTheGateway() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(sandbox.baseUri().resolve(APP_REGISTRATION))
                .header("x-api-key", "acp_provisioning")
                .header("x-gw-ims-org-id", ORG)
                .GET()
                .build();

        HttpResponse<String> response = send(request);

        assertGatewayError(response, 401);
        assertThat(Contracts.tree(response.body())).isEqualTo(Contracts.example("error-gateway-401.json"));
    }

    @Test
    void callWithABogusTokenIsRefusedByTheGateway() throws Exception {
        HttpResponse<String> response = send(platform(APP_REGISTRATION, "sbx.not-a-token-it-minted").GET().build());

        assertGatewayError(response, 401);
    }

    @Test
    void callWithAWrongApiKeyIsForbidden() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(sandbox.baseUri().resolve(APP_REGISTRATION))
                .header("Authorization", "Bearer " + token())
                .header("x-api-key", "my-own-api-key")
                .header("x-gw-ims-org-id", ORG)
                .GET()
                .build();

        assertGatewayError(send(request), 403);
    }

    @Test
    void createForAnotherOrganisationThanTheHeaderIsForbidden() throws Exception {
        HttpResponse<String> response = send(create(token(), referenceRequest("FEDCBA9876543210FEDCBA98@AdobeOrg")));

        assertGatewayError(response, 403);
        assertThat(sandbox.postCounts()).as("configurations the sandbox was asked to create").isEmpty();
    }

    @Test
    void secondCreateOfTheSameNameForTheSameOrganisationIsAConflict() throws Exception {
        String token = token();
        assertThat(send(create(token, referenceRequest(ORG))).statusCode()).isEqualTo(200);

        HttpResponse<String> second = send(create(token, referenceRequest(ORG)));

        assertProblem(second, 409);
        assertThat(sandbox.postCount(ORG, "Config1")).isEqualTo(2);
    }

    @Test
    void statusOfAnUnknownConfigurationIsNotFound() throws Exception {
        HttpResponse<String> response = send(platform(CONFIG + "/config1?configType=BYOK_CONFIG", token()).GET().build());

        assertProblem(response, 404);
    }

    private HttpResponse<String> mint(String secret) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials"
                + "&client_id=" + encode(CLIENT_ID)
                + "&client_secret=" + encode(secret)
                + "&scope=" + encode("openid,AdobeID,read_organizations");
        return send(HttpRequest.newBuilder(sandbox.imsTokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    }

    private String token() throws IOException, InterruptedException {
        HttpResponse<String> response = mint(CLIENT_SECRET);
        assertThat(response.statusCode()).as("IMS token response %s", response.body()).isEqualTo(200);
        return Contracts.tree(response.body()).get("access_token").asText();
    }

    /** A Platform request with the documented headers. */
    private HttpRequest.Builder platform(String pathAndQuery, String token) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUri() + pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .header("x-api-key", "acp_provisioning")
                .header("x-gw-ims-org-id", ORG);
    }

    private HttpRequest create(String token, JsonNode body) {
        return platform(CONFIG, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    /** The reference's request body, for organisation {@code orgId}. */
    private static JsonNode referenceRequest(String orgId) {
        ObjectNode body = (ObjectNode) Contracts.example("create-config.request.json").deepCopy();
        body.put("imsOrgId", orgId);
        return body;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSameFields(HttpResponse<String> response, String example) {
        assertThat(Contracts.fieldPaths(Contracts.tree(response.body())))
                .as("field paths of %s", response.body())
                .isEqualTo(Contracts.fieldPaths(Contracts.example(example)));
    }

    private static void assertGatewayError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertSameFields(response, "error-gateway-401.json");
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertSameFields(response, "error-problem-404.json");
        assertThat(Contracts.tree(response.body()).get("status").asInt()).isEqualTo(status);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
