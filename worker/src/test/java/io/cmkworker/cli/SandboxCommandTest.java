package io.cmkworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.sandbox.SimulatedVaults;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SandboxCommandTest {

    private final String help = Main.commandLine().getSubcommands().get("sandbox").getUsageMessage()
            .replaceAll("\\s+", " ");

    @Test
    void helpNamesEveryFaultMarkerOfTheKeyVaultSimulator() {
        Arrays.stream(SimulatedVaults.KeyFault.values()).forEach(f -> assertThat(help).contains(" " + f.marker()));
        Arrays.stream(SimulatedVaults.VaultFault.values()).forEach(f -> assertThat(help).contains(" " + f.marker()));
    }

    @Test
    void helpListsItsExitCodes() {
        assertThat(help).contains("Exit codes:").contains("0 Stopped").contains("2 Usage error");
    }
}
