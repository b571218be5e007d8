package io.cmkworker.cli;

import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.preflight.AzureAccess;
import io.cmkworker.preflight.KeyRequirements;
import io.cmkworker.preflight.PreflightChecker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How the key vaults are asked, for {@code preflight} and {@code submit --preflight}: the requirements, the
 * credential, how many calls at once and how patiently, and Azure or the sandbox's Key Vault simulator.
 */
final class PreflightOptions {

    @Option(names = "--cmk-app-id", paramLabel = "APPLICATION_ID",
            description = "Adobe's CMK app, as 'app-registration' prints it: also check its consent and role.")
    String applicationId;

    @Option(names = "--min-key-size", defaultValue = "" + KeyRequirements.DEFAULT_MIN_RSA_BITS, paramLabel = "BITS",
            description = "The smallest RSA key accepted. Default: ${DEFAULT-VALUE} (Adobe's \"Configure an Azure Key"
                    + " Vault\": at least 3072 bits, as Azure Cosmos DB requires).")
    int minKeySize;

    @Option(names = "--no-credential", description = "Use no credential: only whether each vault exists and its tenant.")
    boolean noCredential;

    @Option(names = "--allow-tenant", paramLabel = "TENANT_ID",
            description = "A tenant other than the credential's own it may get tokens for (repeatable; * for any):"
                    + " the Azure SDK refuses a vault in another tenant unless it is named.")
    List<String> allowedTenants = new ArrayList<>();

    @Option(names = "--concurrency", defaultValue = "8", description = "Vault calls at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--vault-timeout", defaultValue = "20s", paramLabel = "DURATION",
            description = "Longest wait for one vault call. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--retries", defaultValue = "1",
            description = "Retries of a vault call that failed in a way the Azure SDK retries (429, 5xx, no connection),"
                    + " 0.2 s apart then doubling. Default: ${DEFAULT-VALUE} (the SDK's own: 3).")
    int retries;

    @ArgGroup(exclusive = false)
    SandboxVaultOption sandbox;

    /**
     * A checker for key identifiers of {@code keyHosts}.
     *
     * @throws IllegalArgumentException or IOException for options that do not make a checker (a bad certificate)
     */
    PreflightChecker checker(List<String> keyHosts) throws IOException {
        AzureAccess.Settings settings = new AzureAccess.Settings(timeout, retries, !noCredential, allowedTenants);
        AzureAccess azure = SandboxVaultOption.access(sandbox, settings);
        PreflightChecker.Options options = new PreflightChecker.Options(new KeyRequirements(minKeySize),
                Optional.ofNullable(applicationId), concurrency);
        return new PreflightChecker(azure, new KeyVaultRules(keyHosts), options, Clock.systemUTC());
    }
}
