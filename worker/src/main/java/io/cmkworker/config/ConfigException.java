package io.cmkworker.config;

/** A configuration value is missing or wrong; the message names the key, the value and the rule. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
