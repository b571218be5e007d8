package io.cmkworker.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may use whom, package by package, as each {@code package-info.java} says: a package's classes may depend on
 * the JDK, their own package, the project packages listed, single classes of others (a port), and the libraries
 * listed. Written once here so that a back-edge fails the build instead of drifting.
 */
public final class PackageWalls {

    /** Libraries, by package prefix. */
    static final String KAFKA = "org.apache.kafka..";
    static final String AVRO = "org.apache.avro..";
    /** Apicurio Registry's serde and its registry client. */
    static final String APICURIO = "io.apicurio.registry..";
    static final String JACKSON = "com.fasterxml.jackson..";
    static final String SLF4J = "org.slf4j..";
    static final String LOGBACK = "ch.qos.logback..";
    static final String MICROMETER = "io.micrometer..";
    static final String RESILIENCE4J = "io.github.resilience4j..";
    static final String PICOCLI = "picocli..";
    static final String JDK_HTTP_SERVER = "com.sun.net.httpserver..";
    static final String JDK_TLS = "javax.net.ssl..";
    /** The Azure SDK, and the Reactor types its interfaces use: for the preflight only. */
    static final String AZURE_SDK = "com.azure..";
    static final String REACTOR = "reactor..";

    /** One package's wall. */
    public static final class Wall {
        final String pkg;
        final List<String> packages = new ArrayList<>();
        final List<Class<?>> ports = new ArrayList<>();
        final List<String> libraries = new ArrayList<>();

        private Wall(String pkg) {
            this.pkg = pkg;
        }

        /** Project packages (relative to {@code io.cmkworker}) this one may use. */
        public Wall uses(String... relative) {
            for (String r : relative) {
                packages.add("io.cmkworker." + r);
            }
            return this;
        }

        /** Single classes (with their nested classes) of packages it may not otherwise use. */
        public Wall usesOnly(Class<?>... classes) {
            ports.addAll(List.of(classes));
            return this;
        }

        /** Libraries, by package pattern. */
        public Wall libraries(String... patterns) {
            libraries.addAll(List.of(patterns));
            return this;
        }

        public String pkg() {
            return pkg;
        }

        public ArchRule rule() {
            List<String> allowed = new ArrayList<>(List.of("java..", pkg));
            allowed.addAll(packages);
            allowed.addAll(libraries);
            DescribedPredicate<JavaClass> target = resideInAnyPackage(allowed.toArray(String[]::new));
            if (!ports.isEmpty()) {
                target = target.or(belongToAnyOf(ports.toArray(Class<?>[]::new)));
            }
            return classes().that().resideInAPackage(pkg).should().onlyDependOnClassesThat(target)
                    .because(pkg + "'s package-info says what it may use");
        }
    }

    private final Map<String, Wall> walls = new LinkedHashMap<>();

    /** A wall for {@code io.cmkworker.<relative>} (that package only, not its sub-packages). */
    public Wall of(String relative) {
        return walls.computeIfAbsent("io.cmkworker." + relative, Wall::new);
    }

    public Map<String, Wall> all() {
        return walls;
    }
}
