package io.cmkworker.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node.js project under {@code contracts/} that a test drives: its pinned packages installed with
 * {@code npm ci} (install scripts off) when {@code node_modules} is absent, and commands run in its
 * directory. The test is skipped where {@code node} (or, to install, {@code npm}) is not on the PATH.
 */
final class NodeProject {

    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;

    private NodeProject(Path dir) {
        this.dir = dir;
    }

    /** The project in {@code dir}, its packages installed. Call from {@code @BeforeAll}. */
    static NodeProject installed(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("node"), "node is not on the PATH; this test needs Node.js");
        NodeProject project = new NodeProject(dir);
        if (Files.isDirectory(dir.resolve("node_modules"))) {
            return project;
        }
        Assumptions.assumeTrue(onPath("npm"), "npm is not on the PATH and " + dir.resolve("node_modules")
                + " is absent; the packages cannot be installed");
        Output npm = project.run(NPM_TIMEOUT, new byte[0], "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
        assertThat(npm.exitCode()).as("npm ci in %s failed:%n%s%n%s", dir.toAbsolutePath().normalize(),
                npm.stdoutText(), npm.stderr()).isZero();
        return project;
    }

    /** What a command printed, and how it ended. */
    record Output(int exitCode, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, UTF_8);
        }
    }

    /**
     * Runs a command in the project's directory with {@code stdin} as its standard input. Standard output and
     * error go to files, so neither pipe can fill up and stall the process while we wait.
     */
    Output run(Duration timeout, byte[] stdin, String... command) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("node-project");
        Path in = Files.write(tmp.resolve("stdin"), stdin);
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "; its standard error: " + new String(Files.readAllBytes(err), UTF_8));
            }
            return new Output(process.exitValue(), Files.readAllBytes(out), new String(Files.readAllBytes(err), UTF_8));
        } finally {
            for (Path file : List.of(in, out, err, tmp)) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program))
                .anyMatch(Files::isExecutable);
    }
}
