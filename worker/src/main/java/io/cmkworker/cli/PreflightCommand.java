package io.cmkworker.cli;

import io.cmkworker.config.ConfigKeys;
import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.domain.SafeText;
import io.cmkworker.preflight.AzureAccess;
import io.cmkworker.preflight.KeyRequirements;
import io.cmkworker.preflight.OutputFormat;
import io.cmkworker.preflight.PreflightChecker;
import io.cmkworker.preflight.PreflightReport;
import io.cmkworker.preflight.ReportWriter;
import io.cmkworker.submit.Org;
import io.cmkworker.submit.SubmitFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "preflight", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Checks, before any POST, that each key of a submit file is one the Platform can use.",
        description = {"For each line of FILE (the 'submit' format) or each --key: whether the vault exists and its"
                + " Azure tenant (from Key Vault's 401 challenge: no credential needed); then, with"
                + " DefaultAzureCredential (environment variables, workload or managed identity, 'az login', ...), the"
                + " key: it exists, is enabled, is within its not-before and expiry dates, is RSA or RSA-HSM of at"
                + " least --min-key-size bits, permits wrapKey and unwrapKey, and its recovery level shows soft"
                + " delete and purge protection. Where the credential may read management data (Reader on the vault"
                + " or above, Microsoft Graph's directory read), also the vault's permission model (Azure RBAC), its"
                + " firewall, and with --cmk-app-id the CMK app's consent in the tenant and its role on the vault."
                + " Every check cites Adobe's or Microsoft's page; what could not be checked is listed with the"
                + " reason. Only reads: nothing in Azure or the Platform is changed, and no Platform secret is needed.",
                "Each vault is asked once and each key read once, --concurrency at a time, with the Azure SDK's"
                        + " retries turned down (--retries)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:No key failed a check (checks that could not be made are listed with the reason).",
                "1:The preflight could not run.",
                "2:Usage error or an unreadable file: nothing was checked.",
                "3:At least one key failed a check.",
                "4:With --strict: none failed, but some checks could not be made."})
final class PreflightCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** A submit file, or keys given one by one. */
    static final class Input {
        @Parameters(paramLabel = "FILE", description = "A submit file (.csv, or .jsonl / .ndjson / .json).")
        Path file;

        @Option(names = "--key", paramLabel = "KEY_IDENTIFIER",
                description = "A key identifier, https://{vault}.vault.azure.net/keys/{name}[/{version}] (repeatable).")
        List<String> keys;
    }

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Mixin
    PreflightOptions vaults;

    @Option(names = "--strict", description = "Exit 4 when some checks could not be made, even if none failed.")
    boolean strict;

    @Option(names = "--progress-every", defaultValue = "5s", paramLabel = "DURATION",
            description = "How often progress goes to stderr while a long file is checked. Default: ${DEFAULT-VALUE}.")
    Duration progressEvery;

    @Override
    public Integer call() {
        List<Org> lines;
        SubmitFile.Parsed<Org> parsed = null;
        try {
            if (input.file != null) {
                parsed = SubmitFile.readOrgs(input.file);
                lines = parsed.rows();
            } else {
                lines = new ArrayList<>();
                for (String key : input.keys) {
                    lines.add(new Org(lines.size() + 1, "", "", "", key, "", "", Map.of(), 1));
                }
            }
        } catch (NoSuchFileException e) {
            System.err.println("error: no such file: " + e.getFile());
            return PreflightReport.USAGE;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("error: " + SafeText.of(String.valueOf(e.getMessage()), 500));
            return PreflightReport.USAGE;
        }
        PreflightChecker checker;
        try {
            checker = vaults.checker(ConfigKeys.KEY_HOSTS.parser().apply(ConfigKeys.KEY_HOSTS.defaultValue()));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + SafeText.of(String.valueOf(e.getMessage()), 500));
            return PreflightReport.USAGE;
        }
        try (checker) {
            PreflightReport report = parsed == null ? checker.check(lines, progress(lines.size()))
                    : checker.check(parsed, progress(lines.size()));
            ReportWriter.write(report, format, System.out);
            return report.exitCode(strict);
        } catch (RuntimeException e) {
            System.err.println("preflight failed: " + e.getClass().getSimpleName() + ": "
                    + SafeText.of(String.valueOf(e.getMessage()), 500));
            return PreflightReport.ERROR;
        }
    }

    /** Progress on stderr for files of more than a few keys: a line every {@code --progress-every}, and the last. */
    private PreflightChecker.Listener progress(int lines) {
        if (lines <= 10) {
            return PreflightChecker.Listener.NONE;
        }
        Clock clock = Clock.systemUTC();
        Instant start = clock.instant();
        Instant[] last = {start};
        return (done, total) -> {
            Instant now = clock.instant();
            synchronized (last) {
                if (done == total || Duration.between(last[0], now).compareTo(progressEvery) >= 0) {
                    last[0] = now;
                    System.err.printf("[%5.1f s] %d/%d keys checked%n", Duration.between(start, now).toMillis() / 1000.0,
                            done, total);
                }
            }
        };
    }
}
