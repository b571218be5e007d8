package io.cmkworker.preflight;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a preflight reaches Azure: one HTTP client (the JDK's) for Key Vault, Entra ID, Resource Manager and
 * Graph, the credential, the SDK's retries turned down, and where each service is. Two kinds: Azure itself,
 * with {@code DefaultAzureCredential} (environment, workload identity, managed identity, {@code az login}...);
 * or the sandbox's Key Vault simulator, trusted through the certificate file it wrote and nothing else, with
 * a client-secret credential against its Entra endpoint.
 */
public final class AzureAccess {

    /**
     * What the operator chose.
     *
     * @param timeout how long one call may take, connection included
     * @param retries how many times the SDK retries a call that failed in a way it retries (429, 5xx, no
     *     connection), 0.2 s apart and then doubling; the SDK's own default is 3, 0.8 s apart
     * @param useCredential false: no token at all, only what a vault says without one (whether it exists, its tenant)
     * @param allowedTenants tenants other than the credential's own it may get tokens for ("*" for any): the
     *     SDK refuses a vault in another tenant unless it is named here
     */
    public record Settings(Duration timeout, int retries, boolean useCredential, List<String> allowedTenants) {

        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(20), 1, true, List.of());

        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be 0 or more, was " + retries);
            }
            allowedTenants = List.copyOf(allowedTenants);
        }
    }

    static final URI RESOURCE_MANAGER = URI.create("https://management.azure.com");
    static final URI GRAPH = URI.create("https://graph.microsoft.com");

    private final HttpClient http;
    private final Optional<TokenCredential> credential;
    private final RetryOptions retry;
    private final VaultLocator locator;
    private final URI resourceManager;
    private final URI graph;
    private final boolean sandbox;
    private final String description;

    private AzureAccess(HttpClient http, Optional<TokenCredential> credential, Settings settings, VaultLocator locator,
                        URI resourceManager, URI graph, boolean sandbox, String description) {
        this.http = http;
        this.credential = credential;
        this.retry = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(settings.retries())
                .setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(2)));
        this.locator = locator;
        this.resourceManager = resourceManager;
        this.graph = graph;
        this.sandbox = sandbox;
        this.description = description;
    }

    /** Azure itself, with {@code DefaultAzureCredential} unless {@code settings.useCredential()} is false. */
    public static AzureAccess azure(Settings settings, Clock clock) {
        HttpClient http = httpClient(java.net.http.HttpClient.newBuilder(), settings.timeout());
        Optional<TokenCredential> credential = Optional.empty();
        if (settings.useCredential()) {
            DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().httpClient(http);
            if (!settings.allowedTenants().isEmpty()) {
                builder.additionallyAllowedTenants(settings.allowedTenants());
            }
            credential = Optional.of(new CachedCredential(builder.build(), clock));
        }
        return new AzureAccess(http, credential, settings, new DnsVaultLocator(), RESOURCE_MANAGER, GRAPH, false,
                "Azure, " + (credential.isPresent() ? "DefaultAzureCredential" : "no credential"));
    }

    /**
     * The sandbox's Key Vault simulator at {@code base} ({@code https://127.0.0.1:PORT}), trusting only the
     * certificate in {@code certificatePem}. Its Entra endpoint accepts any client, so the credential is a fixed
     * dummy one; the SDK is told the authority is not Microsoft's (no instance discovery) and that the vault's
     * host (127.0.0.1) need not end in vault.azure.net.
     */
    public static AzureAccess sandbox(URI simulator, Path certificatePem, Settings settings, Clock clock)
            throws IOException {
        URI base = URI.create(simulator.toString().replaceAll("/+$", ""));
        HttpClient http = httpClient(java.net.http.HttpClient.newBuilder().sslContext(trusting(certificatePem)),
                settings.timeout());
        Optional<TokenCredential> credential = Optional.empty();
        if (settings.useCredential()) {
            credential = Optional.of(new CachedCredential(new ClientSecretCredentialBuilder().httpClient(http)
                    .authorityHost(base.toString()).disableInstanceDiscovery().tenantId("sandbox")
                    .clientId("cmk-worker-preflight").clientSecret("sandbox-not-a-secret")
                    .additionallyAllowedTenants("*").build(), clock));
        }
        return new AzureAccess(http, credential, settings, new SandboxVaultLocator(http, base), base.resolve("/management"),
                base.resolve("/graph"), true, "the sandbox's Key Vault simulator at " + base);
    }

    private static HttpClient httpClient(java.net.http.HttpClient.Builder jdk, Duration timeout) {
        Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        return new JdkHttpClientBuilder(jdk).connectionTimeout(connect).responseTimeout(timeout).readTimeout(timeout)
                .build();
    }

    /** TLS that trusts the one certificate in {@code pem} and nothing else. */
    private static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("sandbox", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + " does not hold a certificate: " + e.getMessage(), e);
        }
    }

    HttpClient http() {
        return http;
    }

    Optional<TokenCredential> credential() {
        return credential;
    }

    RetryOptions retry() {
        return retry;
    }

    VaultLocator locator() {
        return locator;
    }

    URI resourceManager() {
        return resourceManager;
    }

    URI graph() {
        return graph;
    }

    /** Whether the vaults are the sandbox's, on 127.0.0.1 (the SDK must not insist on *.vault.azure.net). */
    boolean sandbox() {
        return sandbox;
    }

    /** {@code Azure, DefaultAzureCredential}, for the report's header. */
    public String description() {
        return description;
    }
}
