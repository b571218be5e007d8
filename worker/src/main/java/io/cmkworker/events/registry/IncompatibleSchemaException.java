package io.cmkworker.events.registry;

/**
 * The registry refused to register the schema a worker or tool writes under its subject: it breaks the subject's
 * compatibility rule. Nothing was published. The message is one line naming the subject, the rule and the change.
 * An illegal argument, as the commands see it: the schema given is not one the registry accepts (exit code 2).
 */
public final class IncompatibleSchemaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message) {
        super(message);
    }
}
