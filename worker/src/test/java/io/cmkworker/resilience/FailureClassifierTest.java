package io.cmkworker.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.platform.PlatformCallException;
import io.cmkworker.platform.PlatformError;
import io.cmkworker.platform.PlatformOperation;
import io.cmkworker.platform.UnknownCredentialException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    @Test
    void noResponseIsRetriable() {
        Failure failure = classifier.classify(new PlatformCallException(PlatformOperation.GET_CONFIG, 0, null, null,
                new ConnectException("Connection refused")));

        assertThat(failure.retriable()).isTrue();
        assertThat(failure.reason()).contains("got no response").contains("ConnectException: Connection refused");
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void timeoutIsRetriable() {
        Failure failure = classifier.classify(new PlatformCallException(PlatformOperation.IMS_TOKEN, 0, null, null,
                new HttpTimeoutException("request timed out")));

        assertThat(failure.retriable()).isTrue();
        assertThat(failure.reason()).contains("POST /ims/token/v3").contains("HttpTimeoutException");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void overloadAndServerErrorsAreRetriable(int status) {
        Failure failure = classifier.classify(answered(status));

        assertThat(failure.retriable()).isTrue();
        assertThat(failure.reason()).contains("answered HTTP " + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422, 501})
    void answersThatSayTheRequestIsWrongAreTerminal(int status) {
        Failure failure = classifier.classify(answered(status));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.reason()).contains("answered HTTP " + status);
    }

    @Test
    void retryAfterOfTheServerIsCarried() {
        Failure failure = classifier.classify(new PlatformCallException(PlatformOperation.CREATE_CONFIG, 429,
                new PlatformError("429050", "Too many requests"), Duration.ofSeconds(30), null));

        assertThat(failure.retriable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(failure.reason()).contains("429050: Too many requests");
    }

    @Test
    void retryAfterIsCarriedOnTerminalFailuresToo() {
        Failure failure = classifier.classify(new PlatformCallException(PlatformOperation.CREATE_CONFIG, 403, null,
                Duration.ofSeconds(5), null));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(5));
    }

    @Test
    void completionExceptionIsUnwrapped() {
        PlatformCallException cause = answered(503);

        Failure failure = classifier.classify(new CompletionException(new CompletionException(cause)));

        assertThat(failure.retriable()).isTrue();
        assertThat(failure.reason()).isEqualTo(cause.getMessage());
    }

    @Test
    void completionExceptionAroundATerminalFailureStaysTerminal() {
        Failure failure = classifier.classify(new CompletionException(answered(401)));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.reason()).contains("HTTP 401");
    }

    @Test
    void unknownCredentialIsTerminal() {
        Failure failure = classifier.classify(new CompletionException(new UnknownCredentialException("acme-dev")));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.reason()).isEqualTo("no credential named 'acme-dev' is configured");
    }

    @Test
    void unexpectedExceptionIsATerminalInternalError() {
        Failure failure = classifier.classify(new IllegalStateException("unexpected JSON"));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.reason()).isEqualTo("internal error: IllegalStateException: unexpected JSON");
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void unexpectedExceptionWithoutMessageNamesItsClass() {
        assertThat(classifier.classify(new NullPointerException()).reason())
                .isEqualTo("internal error: NullPointerException");
    }

    @Test
    void completionExceptionWithoutCauseIsClassifiedItself() {
        Failure failure = classifier.classify(new CompletionException("lost", null));

        assertThat(failure.retriable()).isFalse();
        assertThat(failure.reason()).isEqualTo("internal error: CompletionException: lost");
    }

    private static PlatformCallException answered(int status) {
        return new PlatformCallException(PlatformOperation.GET_CONFIG, status, null, null, null);
    }
}
