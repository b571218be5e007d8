package io.cmkworker.tools;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The tools' walls, as their package-info files say: the embedded broker knows nothing of the worker; the demo and
 * the bench use the worker's public parts; the tools' command line adds its commands to the worker's; and nothing
 * of the worker uses any of them (the Maven modules already make that impossible: the worker does not depend on
 * this artifact).
 */
class ToolsWallsTest {

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cmkworker");

    @Test
    void theEmbeddedBrokerKnowsNothingOfTheWorker() {
        noClasses().that().resideInAPackage("io.cmkworker.embedded").should().dependOnClassesThat()
                .resideOutsideOfPackages("io.cmkworker.embedded", "java..", "org.apache.kafka..", "kafka..",
                        "org.slf4j..")
                .check(ALL);
    }

    @Test
    void theDemoUsesTheWorkersPublicPartsOnly() {
        classes().that().resideInAPackage("io.cmkworker.demo").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.cmkworker.demo", "io.cmkworker.app", "io.cmkworker.config",
                        "io.cmkworker.domain", "io.cmkworker.embedded", "io.cmkworker.events",
                        "io.cmkworker.kafka.topics", "io.cmkworker.metrics", "io.cmkworker.sandbox", "io.micrometer..",
                        "org.slf4j..")
                .check(ALL);
    }

    @Test
    void theBenchUsesTheWorkersPublicPartsOnly() {
        classes().that().resideInAPackage("io.cmkworker.bench").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.cmkworker.bench", "io.cmkworker.admin", "io.cmkworker.app",
                        "io.cmkworker.config", "io.cmkworker.demo", "io.cmkworker.embedded", "io.cmkworker.events",
                        "io.cmkworker.kafka", "io.cmkworker.kafka.topics", "io.cmkworker.metrics",
                        "io.cmkworker.platform", "io.cmkworker.sandbox", "io.micrometer..", "org.apache.kafka..",
                        "com.fasterxml.jackson..", "com.sun.management..", "org.slf4j..")
                .check(ALL);
    }

    @Test
    void theToolsCommandLineOnlyAddsCommands() {
        classes().that().resideInAPackage("io.cmkworker.tools").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.cmkworker.tools", "io.cmkworker.bench", "io.cmkworker.cli",
                        "io.cmkworker.config", "io.cmkworker.demo", "picocli..", "org.slf4j..", "ch.qos.logback..")
                .check(ALL);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.cmkworker.(**)").should().beFreeOfCycles().check(ALL);
    }
}
