package io.cmkworker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.config.ConfigKey;
import io.cmkworker.config.ConfigKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration table (worker/docs/configuration.md) lists exactly the declared keys, with their defaults and variables. */
class ConfigurationTableTest {

    private static Map<String, String[]> readmeRows() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs", "configuration.md"));
        int start = lines.indexOf("## Every setting");
        assertThat(start).as("worker/docs/configuration.md has a '## Every setting' section").isNotNegative();
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| `")) {
                String[] cells = line.substring(1).split(" \\| ");
                String key = strip(cells[0]);
                rows.put(key, new String[] {strip(cells[1]), strip(cells[2])});
            }
        }
        return rows;
    }

    private static String strip(String cell) {
        return cell.trim().replace("`", "");
    }

    @Test
    void listsEveryDeclaredKeyAndNoOther() throws IOException {
        assertThat(readmeRows().keySet())
                .containsExactlyElementsOf(ConfigKeys.all().stream().map(ConfigKey::name).toList());
    }

    @Test
    void showsEachKeysDefaultAndEnvironmentVariable() throws IOException {
        Map<String, String[]> rows = readmeRows();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            String[] row = rows.get(key.name());
            assertThat(row[0]).as("default of %s", key.name()).isEqualTo(key.defaultText());
            if (!key.name().contains("<")) {
                assertThat(row[1]).as("environment variable of %s", key.name()).isEqualTo(key.envName());
            }
        }
    }
}
