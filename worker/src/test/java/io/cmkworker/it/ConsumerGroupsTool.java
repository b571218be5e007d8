package io.cmkworker.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own {@code kafka-consumer-groups} ({@code org.apache.kafka.tools.consumer.group.ConsumerGroupCommand} from
 * the {@code kafka-tools} artifact), run in a JVM of its own as an operator runs it.
 */
final class ConsumerGroupsTool {

    /** What the tool printed, and its exit code. */
    record Run(int exitCode, String output) {
    }

    private ConsumerGroupsTool() {
    }

    static Run run(String bootstrapServers, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", "--bootstrap-server", bootstrapServers));
        command.addAll(List.of(args));
        Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = tool.getInputStream().readAllBytes();
        if (!tool.waitFor(2, TimeUnit.MINUTES)) {
            tool.destroyForcibly();
            throw new IllegalStateException("kafka-consumer-groups " + args + " did not finish");
        }
        return new Run(tool.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
