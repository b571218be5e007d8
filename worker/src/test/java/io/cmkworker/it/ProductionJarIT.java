package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What runs in production is the worker and its operator commands, nothing else: the packaged jar holds no Kafka
 * broker (the {@code kafka_2.13} and {@code kafka-server} classes), no Scala, none of the development tools, and
 * of the Azure SDK (preflight) neither its Netty HTTP client nor JNA. (Netty itself ships: the schema registry's
 * client runs on Vert.x.)
 */
class ProductionJarIT {

    /** Where the classes of what must never ship start, in a jar (class files only). */
    private static final List<String> FORBIDDEN = List.of(
            "scala/",                          // scala-library
            "kafka/",                          // kafka_2.13: kafka.server, kafka.tools, kafka.Kafka
            "org/apache/kafka/raft/",          // kafka-raft
            "org/apache/kafka/metadata/",      // kafka-metadata
            "org/apache/kafka/storage/",       // kafka-storage
            "org/apache/kafka/server/config/", // kafka-server-common, kafka-server
            "org/apache/kafka/coordinator/",   // the group and transaction coordinators
            "io/cmkworker/bench/", "io/cmkworker/demo/", "io/cmkworker/embedded/", "io/cmkworker/tools/",
            "reactor/netty/", "com/azure/core/http/netty/", // the Azure SDK runs on the JDK's HTTP client
            "com/sun/jna/");                                // and without JNA

    @Test
    void holdsNoBrokerNoScalaAndNoDevelopmentTools() throws IOException {
        List<String> found = new ArrayList<>();
        int classes = 0;
        try (ZipFile jar = new ZipFile(WorkerProcess.jar().toFile())) {
            for (ZipEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class")) {
                    continue; // kafka-clients itself ships kafka/kafka-version.properties
                }
                classes++;
                for (String prefix : FORBIDDEN) {
                    if (name.startsWith(prefix) && found.size() < 20) {
                        found.add(name);
                    }
                }
            }
        }
        assertThat(classes).as("classes in the jar").isGreaterThan(1000);
        assertThat(found).as("classes that must not ship in the production jar").isEmpty();
    }

    @Test
    void runsTheOperatorCommandsAndNotTheTools() throws Exception {
        Process help = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", WorkerProcess.jar().toString(), "--help").redirectErrorStream(true).start();
        String out = new String(help.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(help.waitFor()).as(out).isZero();
        assertThat(out).contains("run", "submit", "outcomes", "dlq", "app-registration", "sandbox")
                .doesNotContain("bench").doesNotContain(" demo ");
    }
}
