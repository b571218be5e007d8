package io.cmkworker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.pipeline.AzureSources;
import io.cmkworker.sandbox.SimulatedVaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code worker/docs/operator-guide.md} against the code: its links resolve (files and headings), it cites every
 * page the preflight's checks cite, and it lists every fault marker of the Key Vault simulator.
 */
class OperatorGuideTest {

    private static final Path GUIDE = Path.of("docs", "operator-guide.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private final String text = read();

    @Test
    void everyLinkResolvesToAFileOrAHeading() {
        Set<String> anchors = anchors();
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            String target = link.group(1);
            if (target.startsWith("https://")) {
                continue;
            }
            if (target.startsWith("#")) {
                assertThat(anchors).as("heading for " + target).contains(target.substring(1));
            } else {
                assertThat(GUIDE.getParent().resolve(target.replaceFirst("#.*", ""))).as(target).exists();
            }
        }
    }

    @Test
    void citesEveryPageThePreflightsChecksCite() {
        for (io.cmkworker.preflight.Check check : io.cmkworker.preflight.Check.values()) {
            assertThat(text).as(check.name()).contains(check.source());
        }
        assertThat(text).contains(AzureSources.MS_PURGE_PROTECTION, AzureSources.MS_RBAC_MIGRATION,
                AzureSources.ADOBE_IP_ALLOWLIST, AzureSources.MS_IDENTITY_ENDPOINTS);
    }

    @Test
    void listsEveryFaultMarkerOfTheKeyVaultSimulator() {
        Arrays.stream(SimulatedVaults.KeyFault.values()).forEach(f -> assertThat(text).contains("`" + f.marker() + "`"));
        Arrays.stream(SimulatedVaults.VaultFault.values()).forEach(f -> assertThat(text).contains("`" + f.marker() + "`"));
    }

    /** GitHub's anchors: the heading in lower case, punctuation dropped, spaces as '-'. */
    private Set<String> anchors() {
        Set<String> out = new HashSet<>();
        text.lines().filter(l -> l.startsWith("#")).forEach(l -> out.add(l.replaceFirst("^#+\\s*", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-')));
        return out;
    }

    private static String read() {
        try {
            return Files.readString(GUIDE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
