package io.cmkworker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The production {@code logback.xml} (not the tests' configuration) in both of its formats, each in a
 * logger context of its own: {@code CMK_LOG_FORMAT=json} writes one JSON object per event and line, with
 * the formatted message only, and a secret logged through its type shows as {@code ****}.
 */
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cr3t-value-never-logged";

    @Test
    void jsonFormatWritesOneObjectPerEventWithTheFormattedMessage() throws Exception {
        List<String> lines = logWith("json", log -> {
            log.info("taken request {} of {}", "req-1\nforged line", "0123@AdobeOrg");
            log.warn("minting a token with {}", new Secret(SECRET));
            log.error("a step failed", new IllegalStateException("boom"));
        });

        assertThat(lines).hasSize(3);
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            events.add(JSON.readTree(line));
        }
        assertThat(events.get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(events.get(0).get("loggerName").asText()).isEqualTo("io.cmkworker.test");
        assertThat(events.get(0).get("formattedMessage").asText())
                .isEqualTo("taken request req-1\nforged line of 0123@AdobeOrg");
        assertThat(events.get(0).has("message")).as("the template is not repeated").isFalse();
        assertThat(events.get(0).has("arguments")).as("the arguments are not repeated").isFalse();
        assertThat(events.get(1).get("formattedMessage").asText()).isEqualTo("minting a token with ****");
        assertThat(events.get(2).get("throwable").get("message").asText()).isEqualTo("boom");
        assertThat(String.join("\n", lines)).doesNotContain(SECRET);
    }

    @Test
    void textFormatIsTheDefaultAndKeepsOneEventOnOneLine() throws Exception {
        List<String> lines = logWith(null, log -> log.info("taken request {}", "req-1\nforged line"));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("INFO").contains("io.cmkworker.test - taken request req-1?forged line")
                .doesNotStartWith("{");
    }

    private interface Logging {
        void to(Logger log);
    }

    /** Configures a fresh context from the production logback.xml and returns what it wrote to standard error. */
    private static List<String> logWith(String format, Logging logging) throws Exception {
        URL config = LogFormatTest.class.getClassLoader().getResource("logback.xml");
        assertThat(config).as("production logback.xml on the class path").isNotNull();
        assertThat(config.toString()).contains("classes");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            if (format != null) {
                context.putProperty("CMK_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
            logging.to(context.getLogger("io.cmkworker.test"));
            context.stop();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
