package io.cmkworker.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its name, default, meaning and parser, declared once (in the manner of
 * Kafka's {@code ConfigDef}). The README's configuration table is checked against these declarations.
 *
 * @param name the key in the properties file, for example {@code platform.call.timeout}
 * @param defaultValue the default as text, or null when the key has no default
 * @param doc what the key means and how it interacts with others
 * @param parser turns the text into the typed value, throwing {@link IllegalArgumentException} with the rule
 */
public record ConfigKey<T>(String name, String defaultValue, String doc, Function<String, T> parser) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parser, "parser");
    }

    /** The default as the README shows it: the value, or {@code (none)}. */
    public String defaultText() {
        return defaultValue == null ? "(none)" : defaultValue;
    }

    /** The environment variable that overrides this key: {@code CMK_} then the name in upper case, dots as underscores. */
    public String envName() {
        return envNameOf(name);
    }

    static String envNameOf(String key) {
        return "CMK_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_').replace("<", "").replace(">", "");
    }

    T parse(String text) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + "=" + text + " is invalid: " + e.getMessage());
        }
    }
}
