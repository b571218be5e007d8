package io.cmkworker.preflight;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.AuthenticateChallenge;
import com.azure.core.util.Context;
import com.azure.core.util.CoreUtils;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Asks a vault who it belongs to without any credential: Key Vault answers a request without a token with
 * 401 and a {@code WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/{tenant}",
 * resource="https://vault.azure.net"} challenge, and the authority's path is the vault's tenant
 * ({@link io.cmkworker.pipeline.AzureSources#MS_CHALLENGE}). The header is parsed by azure-core.
 */
final class VaultProbe {

    /** What the vault said. */
    sealed interface Answer {
    }

    /** A Key Vault challenge: the vault exists and belongs to {@code tenantId}. */
    record Challenge(String tenantId, String authority) implements Answer {
    }

    /** No HTTP answer at all. */
    record Silent(String why) implements Answer {
    }

    /** An answer, but not a Key Vault's challenge. */
    record Unexpected(String why) implements Answer {
    }

    private final HttpPipeline pipeline;

    VaultProbe(AzureAccess azure) {
        this.pipeline = new HttpPipelineBuilder().httpClient(azure.http())
                .policies(new RetryPolicy(azure.retry())).build();
    }

    Answer probe(URI vaultUrl) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, vaultUrl + "/keys?api-version=7.4");
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            String header = response.getHeaderValue(HttpHeaderName.WWW_AUTHENTICATE);
            if (response.getStatusCode() != 401 || header == null) {
                return new Unexpected("answered HTTP " + response.getStatusCode() + " without a Key Vault challenge");
            }
            for (AuthenticateChallenge challenge : CoreUtils.parseAuthenticateHeader(header)) {
                Optional<String> authority = authority(challenge.getParameters());
                if ("Bearer".equalsIgnoreCase(challenge.getScheme()) && authority.isPresent()) {
                    String path = URI.create(authority.get()).getPath();
                    String tenant = path == null ? "" : path.replaceAll("^/+", "").split("/")[0];
                    if (!tenant.isEmpty()) {
                        return new Challenge(tenant, authority.get());
                    }
                }
            }
            return new Unexpected("its challenge names no tenant: " + header);
        } catch (RuntimeException e) {
            return new Silent(NoAnswer.describe(e, vaultUrl.toString()).orElse("the call failed: " + e));
        }
    }

    private static Optional<String> authority(Map<String, String> parameters) {
        for (String name : new String[] {"authorization", "authorization_uri"}) {
            String value = parameters.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
