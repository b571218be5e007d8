package io.cmkworker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads configuration text in layers, each overriding the one before: the keys' defaults, a properties file
 * ({@code --config}), environment variables, and the command line ({@code --bootstrap-server},
 * {@code --command-config}). Environment names: {@code CMK_} + key in upper case with dots as underscores;
 * Kafka properties as {@code CMK_KAFKA_...} and registry client settings as {@code CMK_SCHEMAS_REGISTRY_...}
 * (underscores become dots); credentials as
 * {@code CMK_CREDENTIALS_<REF>_CLIENT_ID}, {@code _CLIENT_SECRET}, {@code _SCOPES}.
 */
public final class ConfigLoader {

    private static final Pattern CREDENTIAL_ENV =
            Pattern.compile("CMK_CREDENTIALS_([A-Z0-9_]+?)_(CLIENT_ID|CLIENT_SECRET|SCOPES)");

    private ConfigLoader() {
    }

    /** File values (if a file is given) overridden by environment values. */
    public static Map<String, String> load(Path file, Map<String, String> env) {
        return load(file, env, Map.of());
    }

    /**
     * File values (if a file is given), overridden by environment values, overridden by {@code commandLine}
     * (configuration keys, as {@link #kafkaClientProperties} gives them).
     */
    public static Map<String, String> load(Path file, Map<String, String> env, Map<String, String> commandLine) {
        Map<String, String> values = new TreeMap<>();
        if (file != null) {
            values.putAll(readFile(file));
        }
        values.putAll(fromEnvironment(env));
        values.putAll(commandLine);
        return values;
    }

    /**
     * A file of Kafka client properties, as Kafka's own tools take with {@code --command-config}
     * ({@code security.protocol=SASL_SSL}, {@code sasl.jaas.config=...}), as configuration keys: each
     * property {@code p} becomes {@code kafka.p}, so {@code bootstrap.servers} is
     * {@code kafka.bootstrap.servers}.
     */
    public static Map<String, String> kafkaClientProperties(Path file) {
        Map<String, String> values = new TreeMap<>();
        readFile(file).forEach((key, value) -> values.put("kafka." + key, value));
        return values;
    }

    static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        props.forEach((k, v) -> values.put(k.toString().trim(), v.toString()));
        return values;
    }

    /** Environment variables read by the logging setup rather than the configuration. */
    public static final java.util.Set<String> LOGGING_VARIABLES = java.util.Set.of("CMK_LOG_FORMAT", "CMK_LOG_LEVEL");

    /**
     * The {@code CMK_*} variables of {@code env} that name no configuration key (usually a typo, which
     * would otherwise be silently ignored).
     */
    public static java.util.List<String> unrecognised(Map<String, String> env) {
        Map<String, String> one = new TreeMap<>();
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String name : new java.util.TreeSet<>(env.keySet())) {
            if (!name.startsWith("CMK_") || LOGGING_VARIABLES.contains(name)) {
                continue;
            }
            one.clear();
            one.put(name, env.get(name));
            if (fromEnvironment(one).isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        Map<String, String> declared = new TreeMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (!key.name().contains("<")) {
                declared.put(key.envName(), key.name());
            }
        }
        env.forEach((name, value) -> {
            if (declared.containsKey(name)) {
                values.put(declared.get(name), value);
                return;
            }
            Matcher credential = CREDENTIAL_ENV.matcher(name);
            if (credential.matches()) {
                String ref = credential.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
                String field = credential.group(2).toLowerCase(Locale.ROOT).replace('_', '.');
                values.put("credentials." + ref + "." + field, value);
            } else if (name.startsWith("CMK_KAFKA_")) {
                values.put("kafka." + name.substring("CMK_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        value);
            } else if (name.startsWith("CMK_SCHEMAS_REGISTRY_")) {
                values.put("schemas.registry." + name.substring("CMK_SCHEMAS_REGISTRY_".length())
                        .toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return values;
    }
}
