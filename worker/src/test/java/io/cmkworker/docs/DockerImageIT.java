package io.cmkworker.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a Docker engine would do with the image and the compose file, on machines without one (these build machines
 * have the Docker client only). The image's build stage is run as written on a fresh directory holding exactly what
 * its {@code COPY} lines copy, with this machine's Maven (offline: the build that runs this test downloaded
 * everything), and must produce the one file the image copies. The compose file goes through
 * {@code docker-compose config}, which needs no engine. Where a Docker engine exists, {@code docker compose up
 * --build} is the real test.
 */
class DockerImageIT {

    private static final Path ROOT = Path.of("..");

    @Test
    void theBuildStageBuildsTheProductionJarFromWhatItCopiesAlone() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("worker/Dockerfile"));
        Dockerfile.Stage build = dockerfile.stages().get(0);
        Path context = Files.createDirectories(Path.of("target", "docker-build"));
        deleteContents(context);
        Path workdir = context.resolve(build.instruction("WORKDIR").get(0).replaceFirst("^/", ""));
        for (String copy : build.copies()) {
            String[] parts = copy.split("\\s+");
            copyInto(ROOT.resolve(parts[0]), workdir.resolve(parts[1]), parts[1].endsWith("/"));
        }
        for (String run : build.runs()) {
            List<String> command = new ArrayList<>(List.of(run.split("\\s+")));
            assertThat(command.get(0)).as("the build stage runs Maven only").isEqualTo("mvn");
            command.add(1, "-o");
            Path log = context.resolve("build.log");
            Process mvn = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            assertThat(mvn.waitFor(8, TimeUnit.MINUTES)).as("the build stage finishes").isTrue();
            assertThat(mvn.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
        }
        String copied = dockerfile.stages().get(1).copies().get(0).split("\\s+")[1];
        Path jar = workdir.resolve(Path.of("/src").relativize(Path.of(copied)));
        assertThat(jar).as("the file the image copies from the build stage").isRegularFile();
        assertThat(Files.size(jar)).isGreaterThan(1_000_000);
    }

    @Test
    void dockerComposeAcceptsTheComposeFile() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean found = onPath("docker-compose");
        if (ci) {
            assertThat(found).as("docker-compose (Debian's package; .ci/run installs it) on the PATH").isTrue();
        }
        assumeTrue(found, "docker-compose is not installed here (.ci/run installs it on CI)");
        Process config = new ProcessBuilder("docker-compose", "-f", ROOT.resolve("docker-compose.yml").toString(),
                "config", "-q").redirectErrorStream(true).start();
        String out = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(out).isZero();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** {@code COPY source target}: a file into a directory when the target ends with a slash. */
    private static void copyInto(Path source, Path target, boolean intoDirectory) throws IOException {
        if (Files.isDirectory(source)) {
            // As Docker does: a directory's contents go into the target directory.
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path to = target.resolve(source.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } else {
            Path to = intoDirectory ? target.resolve(source.getFileName()) : target;
            Files.createDirectories(to.getParent());
            Files.copy(source, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
