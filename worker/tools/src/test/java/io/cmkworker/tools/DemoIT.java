package io.cmkworker.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.demo.DemoRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's demo, as a test: its own broker, sandbox and worker, 20 organisations, 3 designed to fail. */
class DemoIT {

    @Test
    void demoEndsWithTheDesignedOutcomeForEveryOrganisation() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            exit = new DemoRunner(out).run(new DemoRunner.Options(20, 3, Duration.ofSeconds(110), Duration.ofSeconds(2),
                    Duration.ofSeconds(3), 6, false));
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("20/20 outcomes as designed").contains("(COMPLETED=17, FAILED=3)")
                .contains("none twice").contains("DEMO PASSED");
    }
}
