package io.cmkworker.pipeline;

/** A request decodes but names no usable request ID or org ID, so no outcome can reach its sender. */
public final class UnanswerableRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnanswerableRequestException(String message) {
        super(message, null, false, false);
    }
}
