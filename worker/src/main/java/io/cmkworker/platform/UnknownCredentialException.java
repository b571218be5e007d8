package io.cmkworker.platform;

/** A request names a credential the worker's configuration does not hold. */
public final class UnknownCredentialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownCredentialException(String credentialRef) {
        super("no credential named '" + credentialRef + "' is configured");
    }
}
