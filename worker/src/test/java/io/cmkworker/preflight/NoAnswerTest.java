package io.cmkworker.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class NoAnswerTest {

    @Test
    void saysNothingAnsweredAndHowNeverRefused() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ClosedChannelException());

        assertThat(NoAnswer.describe(new UncheckedIOException(refused), "https://acme.vault.azure.net"))
                .contains("nothing answered at https://acme.vault.azure.net (could not connect)");
        assertThat(NoAnswer.describe(new RuntimeException(new HttpConnectTimeoutException("HTTP connect timed out")), "x"))
                .contains("nothing answered at x (connection timed out)");
        assertThat(NoAnswer.describe(new UncheckedIOException(new UnknownHostException("acme")), "x"))
                .contains("nothing answered at x: its name does not resolve");
        assertThat(NoAnswer.describe(new IllegalStateException("HTTP 500"), "x")).isEmpty();
    }
}
