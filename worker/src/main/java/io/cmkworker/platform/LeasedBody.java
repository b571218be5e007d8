package io.cmkworker.platform;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.BooleanSupplier;

/**
 * A request body that asks its lease once more each time the HTTP client is about to take bytes to write:
 * the very last moment before a non-idempotent call reaches the wire. A process frozen while its call
 * waited inside the HTTP client (a stop signal, a long GC pause, an executor starved under load) and
 * thawed after its work moved to another owner sends no body: the far side gets an incomplete request,
 * which it never acts on, and the call fails with {@link CallAbandonedException}.
 */
public final class LeasedBody implements HttpRequest.BodyPublisher {

    private final HttpRequest.BodyPublisher body;
    private final BooleanSupplier mayProceed;
    private final String what;

    private LeasedBody(HttpRequest.BodyPublisher body, BooleanSupplier mayProceed, String what) {
        this.body = body;
        this.mayProceed = mayProceed;
        this.what = what;
    }

    /** {@code bytes} as a body that is only written while {@code mayProceed} says yes. */
    public static HttpRequest.BodyPublisher of(byte[] bytes, BooleanSupplier mayProceed, String what) {
        return new LeasedBody(HttpRequest.BodyPublishers.ofByteArray(bytes), mayProceed, what);
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        body.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription inner) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        if (mayProceed.getAsBoolean()) {
                            inner.request(n);
                        } else {
                            inner.cancel();
                            subscriber.onError(new CallAbandonedException(what));
                        }
                    }

                    @Override
                    public void cancel() {
                        inner.cancel();
                    }
                });
            }

            @Override
            public void onNext(ByteBuffer item) {
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable error) {
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
