package io.cmkworker.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmkworker.sandbox.KeyVaultSimulator;
import io.cmkworker.sandbox.SimulatedVaults;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's Key Vault simulator against Microsoft's documented shapes ({@code contracts/keyvault}), over
 * HTTPS with the JDK's own client: the challenge of a request without a token names the vault's tenant, Entra's
 * token endpoint mints a token for the resource of the scope, and the key bundle has the documented field paths.
 */
class KeyVaultSimulatorContractTest {

    private static KeyVaultSimulator vault;
    private static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        vault = KeyVaultSimulator.start(Clock.systemUTC());
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(vault.certificate().pem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aRequestWithoutATokenGetsTheChallengeThatNamesTheVaultsTenant() throws Exception {
        HttpResponse<String> response = get("/vaults/acme-eu.vault.azure.net/keys/cmk-key?api-version=7.4", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer authorization=\""
                + vault.baseUri() + "/" + SimulatedVaults.tenantOf("acme-eu.vault.azure.net")
                + "\", resource=\"https://vault.azure.net\"");
        assertThat(Contracts.fieldPaths(Contracts.tree(response.body())))
                .isEqualTo(Contracts.fieldPaths(Contracts.tree(Contracts.read(Contracts.DIR.resolve("keyvault/error-401.json")))));
    }

    @Test
    void aKeyReadWithAVaultTokenHasTheDocumentedShape() throws Exception {
        String token = token(SimulatedVaults.tenantOf("acme-eu"), "https://vault.azure.net/.default");

        HttpResponse<String> response = get("/vaults/acme-eu.vault.azure.net/keys/cmk-key?api-version=7.4", token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode key = Contracts.tree(response.body());
        assertThat(Contracts.fieldPaths(key)).isEqualTo(Contracts.fieldPaths(
                Contracts.tree(Contracts.read(Contracts.DIR.resolve("keyvault/get-key.response.json")))));
        assertThat(key.at("/key/kid").asText()).startsWith("https://acme-eu.vault.azure.net/keys/cmk-key/");
        assertThat(key.at("/attributes/recoveryLevel").asText()).isEqualTo("Recoverable");
    }

    @Test
    void aTokenForAnotherResourceIsRefused() throws Exception {
        String token = token("any-tenant", "https://management.azure.com/.default");

        assertThat(get("/vaults/acme-eu.vault.azure.net/keys/cmk-key?api-version=7.4", token).body())
                .contains("AKV10022: Invalid audience.");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotConnect() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                        vault.baseUri().resolve("/dns/acme.vault.azure.net")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private static String token(String tenant, String scope) throws Exception {
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(vault.baseUri().resolve("/" + tenant
                        + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=c&client_secret=s"
                        + "&scope=" + java.net.URLEncoder.encode("openid " + scope, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Contracts.tree(response.body()).path("access_token").asText();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.baseUri() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
