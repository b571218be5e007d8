package io.cmkworker.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile read as its stages and instructions (continuation lines joined, comments dropped), for tests. */
record Dockerfile(List<Stage> stages) {

    /** One {@code FROM} and what follows it up to the next. */
    record Stage(String from, String name, List<String[]> instructions) {

        /** The arguments of every instruction of this kind, in order. */
        List<String> instruction(String keyword) {
            List<String> out = new ArrayList<>();
            for (String[] i : instructions) {
                if (i[0].equals(keyword)) {
                    out.add(i[1]);
                }
            }
            return out;
        }

        List<String> copies() {
            return instruction("COPY");
        }

        /** Each RUN's command, without its {@code --mount} options. */
        List<String> runs() {
            return instruction("RUN").stream().map(r -> r.replaceAll("--mount=\\S+\\s*", "").trim()).toList();
        }
    }

    static Dockerfile read(Path file) throws IOException {
        List<Stage> stages = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String trimmed = raw.strip();
            if (line.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                line.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            line.append(trimmed);
            String[] parts = line.toString().split("\\s+", 2);
            line.setLength(0);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String args = parts.length > 1 ? parts[1].trim() : "";
            if (keyword.equals("FROM")) {
                String[] from = args.split("\\s+(?i:AS)\\s+");
                stages.add(new Stage(from[0], from.length > 1 ? from[1] : null, new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(new String[] {keyword, args});
            }
        }
        return new Dockerfile(stages);
    }
}
