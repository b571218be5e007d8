package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.cli.Main;
import org.junit.jupiter.api.Test;

/** The preflight's exit codes for what needs no Azure at all: usage errors, and lines that are not key identifiers. */
class PreflightCommandTest {

    @Test
    void aFileThatIsNotThereIsAUsageError() {
        CommandLineRun run = CommandLineRun.of("preflight", "/nonexistent/orgs.csv");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no such file: /nonexistent/orgs.csv");
    }

    @Test
    void aSandboxWithoutItsCertificateIsAUsageError() {
        CommandLineRun run = CommandLineRun.of("preflight", "--key", "https://acme.vault.azure.net/keys/k", "--sandbox", "https://127.0.0.1:1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--sandbox-trust");
    }

    @Test
    void aKeyThatIsNotAKeyIdentifierFailsWithoutAnyCall() {
        CommandLineRun run = CommandLineRun.of("preflight", "--key", "http://acme.vault.azure.net/keys/k",
                "--no-credential", "--format", "csv");

        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).startsWith("line,orgId,keyVaultKeyIdentifier,vault,tenantId,result,identifier,vault,")
                .contains("FAIL: must use https");
    }

    @Test
    void helpListsEveryExitCode() {
        String help = Main.commandLine().getSubcommands().get("preflight").getUsageMessage().replaceAll("\\s+", " ");

        assertThat(help).contains("Exit codes: 0 No key failed a check").contains("1 The preflight could not run")
                .contains("2 Usage error").contains("3 At least one key failed").contains("4 With --strict");
    }
}
