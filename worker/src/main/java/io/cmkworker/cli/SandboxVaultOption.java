package io.cmkworker.cli;

import io.cmkworker.preflight.AzureAccess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * {@code --sandbox URL --sandbox-trust PEM_FILE}: the sandbox's Key Vault simulator instead of Azure, for the
 * commands that ask vaults ({@code preflight}, {@code app-registration --file}); an argument group, both or neither.
 */
final class SandboxVaultOption {

    @Option(names = "--sandbox", required = true, paramLabel = "URL",
            description = "The sandbox's Key Vault simulator (https://127.0.0.1:PORT, as 'sandbox' and 'demo --stack'"
                    + " print it) instead of Azure.")
    URI url;

    @Option(names = "--sandbox-trust", required = true, paramLabel = "PEM_FILE",
            description = "The simulator's certificate, the only one trusted for it (the file 'sandbox' wrote).")
    Path certificate;

    /** Azure, or the sandbox when {@code sandbox} was given. */
    static AzureAccess access(SandboxVaultOption sandbox, AzureAccess.Settings settings) throws IOException {
        return sandbox == null ? AzureAccess.azure(settings, Clock.systemUTC())
                : AzureAccess.sandbox(sandbox.url, sandbox.certificate, settings, Clock.systemUTC());
    }
}
