package io.cmkworker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the project's Markdown files resolves: the file or directory exists, and an anchor
 * ({@code file.md#section} or {@code #section}) names a heading of that file, as GitHub makes its anchors.
 */
class MarkdownLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("(?s)```.*?```");

    static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        String s = ROOT.relativize(p).toString();
                        return !s.contains("node_modules") && !s.contains("target/") && !s.startsWith(".git");
                    })
                    .sorted().toList();
        }
    }

    /** GitHub's anchor for a heading: lower case, punctuation but '-' and '_' dropped, spaces as '-'. */
    static String anchor(String heading) {
        String text = heading.replaceAll("`", "").replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").trim()
                .toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                out.append(c);
            } else if (c == ' ') {
                out.append('-');
            }
        }
        return out.toString();
    }

    static Set<String> anchors(Path file) throws IOException {
        Set<String> out = new HashSet<>();
        String text = FENCE.matcher(Files.readString(file)).replaceAll("");
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                String base = anchor(line.replaceFirst("^#+\\s*", ""));
                String a = base;
                for (int n = 1; out.contains(a); n++) {
                    a = base + "-" + n;
                }
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<Path> files = markdownFiles();
        assertThat(files).as("Markdown files found").hasSizeGreaterThan(5);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            String text = FENCE.matcher(Files.readString(file)).replaceAll("");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto: and the like
                }
                checked++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                String where = ROOT.relativize(file) + ": " + target;
                if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (fragment != null && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(fragment)) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertThat(anchor("Onboarding from a file: `submit`")).isEqualTo("onboarding-from-a-file-submit");
        assertThat(anchor("Offset resets, lost metadata and held partitions"))
                .isEqualTo("offset-resets-lost-metadata-and-held-partitions");
        assertThat(anchor("A hold on a slot is a lease")).isEqualTo("a-hold-on-a-slot-is-a-lease");
    }

    @Test
    void theReadmeServesANewcomerWithinItsFirst20Kilobytes() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String first = readme.substring(0, Math.min(readme.length(), 20_480));
        assertThat(first).contains("## Quick start", "## How it works", "## Running it for real",
                "## The topic contract", "replay: true", "same partition count", "## Known limits");
    }
}
