package io.cmkworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MissingFileTest {

    @Test
    void submittingAFileThatIsNotThereSaysWhichFileAndExitsAsAUsageError() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream e = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            exit = Main.execute("submit", "/nonexistent/orgs.csv");
        } finally {
            System.setErr(err);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("no such file: /nonexistent/orgs.csv")
                .doesNotContain("Exception");
    }
}
