package io.cmkworker.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the files under {@code contracts/} and compares JSON shapes. */
final class Contracts {

    /** The {@code contracts/} directory, relative to the worker module (Surefire's working directory). */
    static final Path DIR = Path.of("..", "contracts");
    static final Path EXAMPLES = DIR.resolve("examples");

    /** Configured as the worker configures it: fields the Platform adds later are ignored. */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Contracts() {
    }

    static String exampleText(String name) {
        return read(EXAMPLES.resolve(name));
    }

    static JsonNode example(String name) {
        return tree(exampleText(name));
    }

    static JsonNode yaml(String name) {
        try {
            return YAML.readTree(read(DIR.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + DIR.resolve(name), e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath().normalize()
                    + " (tests must run from the worker module directory)", e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /**
     * Every field path of a JSON document, keys only: {@code config}, {@code config.configData},
     * {@code config.configData.keyName}, ... Array elements add {@code []} to the path.
     */
    static Set<String> fieldPaths(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, Set<String> paths) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                collect(field.getValue(), path, paths);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, prefix + "[]", paths);
            }
        }
    }
}
