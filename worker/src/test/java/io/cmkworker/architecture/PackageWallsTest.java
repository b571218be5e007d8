package io.cmkworker.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.cmkworker.architecture.PackageWalls.APICURIO;
import static io.cmkworker.architecture.PackageWalls.AVRO;
import static io.cmkworker.architecture.PackageWalls.AZURE_SDK;
import static io.cmkworker.architecture.PackageWalls.JACKSON;
import static io.cmkworker.architecture.PackageWalls.JDK_HTTP_SERVER;
import static io.cmkworker.architecture.PackageWalls.JDK_TLS;
import static io.cmkworker.architecture.PackageWalls.KAFKA;
import static io.cmkworker.architecture.PackageWalls.LOGBACK;
import static io.cmkworker.architecture.PackageWalls.MICROMETER;
import static io.cmkworker.architecture.PackageWalls.PICOCLI;
import static io.cmkworker.architecture.PackageWalls.REACTOR;
import static io.cmkworker.architecture.PackageWalls.RESILIENCE4J;
import static io.cmkworker.architecture.PackageWalls.SLF4J;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cmkworker.kafka.loop.WorkerLoop;
import io.cmkworker.pipeline.Lease;
import io.cmkworker.pipeline.LeaseLostException;
import io.cmkworker.pipeline.Output;
import io.cmkworker.pipeline.RequestLog;
import io.cmkworker.pipeline.Steps;
import io.cmkworker.platform.CallObserver;
import io.cmkworker.platform.CallScheduler;
import io.cmkworker.platform.Futures;
import io.cmkworker.platform.PlatformOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The production artifact's walls: what each package-info says it may use, as rules over the compiled classes,
 * and no package cycles. {@link #aWallCatchesABackEdge} shows a rule failing on a class that breaks it.
 */
class PackageWallsTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cmkworker");

    static PackageWalls walls() {
        PackageWalls w = new PackageWalls();
        w.of("domain");
        w.of("config");
        w.of("events").libraries(AVRO);
        w.of("events.registry").uses("config", "events").libraries(AVRO, APICURIO, KAFKA, SLF4J);
        w.of("platform").uses("config", "domain").libraries(JACKSON, RESILIENCE4J, SLF4J);
        w.of("resilience").uses("config", "platform").libraries(RESILIENCE4J, SLF4J);
        w.of("pipeline").uses("config", "domain", "events", "platform", "resilience").libraries(SLF4J, AVRO);
        w.of("metrics").usesOnly(CallObserver.class, CallScheduler.class, PlatformOperation.class)
                .libraries(MICROMETER);
        w.of("kafka").uses("config", "kafka.group").libraries(KAFKA);
        w.of("kafka.commit").uses("metrics").libraries(KAFKA, SLF4J);
        w.of("kafka.fault").uses("domain", "events").libraries(KAFKA, AVRO);
        w.of("kafka.delay").uses("config", "events", "kafka.fault").usesOnly(Output.class,
                io.cmkworker.pipeline.UnanswerableRequestException.class).libraries(KAFKA, AVRO);
        w.of("kafka.group").uses("metrics").usesOnly(Lease.class).libraries(KAFKA, SLF4J);
        w.of("kafka.ledger").uses("events", "kafka.group").libraries(KAFKA, AVRO, SLF4J);
        w.of("kafka.loop").uses("config", "domain", "events", "metrics", "kafka.commit", "kafka.delay",
                        "kafka.fault", "kafka.group", "kafka.ledger")
                .usesOnly(Steps.class, Output.class, Lease.class, LeaseLostException.class, RequestLog.class,
                        Futures.class)
                .libraries(KAFKA, AVRO, SLF4J);
        w.of("kafka.topics").uses("config", "events", "events.registry", "kafka", "kafka.delay", "kafka.fault")
                .libraries(KAFKA, AVRO, SLF4J);
        w.of("admin").usesOnly(WorkerLoop.class).libraries(MICROMETER, JDK_HTTP_SERVER, SLF4J);
        w.of("sandbox").uses("config", "domain", "platform").libraries(JACKSON, JDK_HTTP_SERVER, JDK_TLS, SLF4J);
        w.of("listing").uses("domain").libraries(JACKSON);
        w.of("outcomes").uses("config", "domain", "events", "listing");
        w.of("submit").uses("config", "domain", "events", "kafka.topics", "listing", "pipeline")
                .libraries(JACKSON, SLF4J);
        w.of("status").uses("domain", "listing", "submit")
                .usesOnly(io.cmkworker.pipeline.RequestValidator.class, io.cmkworker.platform.OrgTarget.class,
                        io.cmkworker.platform.PlatformModel.class, Futures.class);
        w.of("preflight").uses("domain", "pipeline", "submit").libraries(AZURE_SDK, REACTOR, JACKSON, JDK_TLS);
        w.of("app").uses("admin", "config", "domain", "events", "events.registry", "metrics", "pipeline", "platform", "resilience",
                        "kafka", "kafka.commit", "kafka.delay", "kafka.fault", "kafka.group", "kafka.ledger",
                        "kafka.loop", "kafka.topics")
                .libraries(KAFKA, AVRO, JACKSON, MICROMETER, SLF4J, LOGBACK);
        w.of("cli").uses("app", "config", "domain", "events", "events.registry", "kafka.fault", "kafka.topics", "listing", "outcomes",
                        "pipeline", "platform", "preflight", "sandbox", "status", "submit")
                .libraries(PICOCLI, KAFKA, SLF4J, LOGBACK);
        return w;
    }

    @TestFactory
    Stream<DynamicTest> everyPackageUsesOnlyWhatItsPackageInfoAllows() {
        return walls().all().values().stream().map(wall ->
                DynamicTest.dynamicTest(wall.pkg(), () -> wall.rule().check(MAIN)));
    }

    @Test
    void everyPackageHasAWall() throws IOException {
        Set<String> packages = new TreeSet<>();
        Path root = Path.of("src", "main", "java");
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.getFileName().toString().equals("package-info.java"))
                    .forEach(p -> packages.add(root.relativize(p.getParent()).toString().replace('/', '.')));
        }
        assertThat(walls().all().keySet()).containsExactlyInAnyOrderElementsOf(packages);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.cmkworker.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void aWallCatchesABackEdge() {
        JavaClasses planted = new ClassFileImporter().importClasses(io.cmkworker.domain.BackEdgeFixture.class);
        assertThatThrownBy(() -> walls().of("domain").rule().check(planted))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("BackEdgeFixture").hasMessageContaining("io.cmkworker.kafka.KafkaClients");
    }
}
