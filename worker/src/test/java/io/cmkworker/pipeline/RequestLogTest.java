package io.cmkworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class RequestLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.cmkworker.onboarding");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void everyLineNamesItsRequestAndOrganisationInTheTextAndTheMdcEscaped() {
        RequestLog.info("r-1\nINFO forged", "0123@AdobeOrg", "configuration '{}' created; first status check in {}",
                "cfg", "5s");

        assertThat(lines.list).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).isEqualTo(
                    "request r-1\\u000aINFO forged of 0123@AdobeOrg: configuration 'cfg' created; first status check in 5s");
            assertThat(e.getMDCPropertyMap()).containsEntry("requestId", "r-1\\u000aINFO forged")
                    .containsEntry("orgId", "0123@AdobeOrg");
        });
        assertThat(MDC.get("requestId")).as("the MDC is left as it was").isNull();
    }

    @Test
    void placeholdersInARequestIdDoNotTakeTheMessagesArguments() {
        RequestLog.warn("{}{}", "o@AdobeOrg", "tried again in {}", "5s");

        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("request {}{} of o@AdobeOrg: tried again in 5s");
    }
}
