package io.cmkworker.preflight;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The sandbox's Key Vault simulator stands in for DNS: {@code GET /dns/{host}} says where a vault answers. */
final class SandboxVaultLocator implements VaultLocator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;

    SandboxVaultLocator(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    @Override
    public Location locate(String vaultHost) {
        String url = base + "/dns/" + URLEncoder.encode(vaultHost, StandardCharsets.UTF_8);
        try (HttpResponse response = http.sendSync(new HttpRequest(HttpMethod.GET, url), com.azure.core.util.Context.NONE)) {
            if (response.getStatusCode() == 404) {
                return new NoSuchName();
            }
            JsonNode body = JSON.readTree(response.getBodyAsBinaryData().toBytes());
            if (response.getStatusCode() != 200 || !body.path("url").isTextual()) {
                return new Unknown("the sandbox's lookup answered HTTP " + response.getStatusCode());
            }
            return new Found(URI.create(body.path("url").asText()));
        } catch (IOException | RuntimeException e) {
            return new Unknown(NoAnswer.describe(e, base.toString()).orElse("the sandbox's lookup failed: " + e));
        }
    }
}
