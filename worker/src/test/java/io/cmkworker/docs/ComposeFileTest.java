package io.cmkworker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cmkworker.config.ConfigLoader;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.monitoring.MonitoringFiles;
import io.cmkworker.monitoring.PrometheusBinaries;
import io.cmkworker.monitoring.Promtool;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so its shape is checked: it parses, every
 * worker setting is one the worker knows (and a valid configuration), and the services line up (the
 * bootstrap servers, Platform and IMS URLs point at services and ports that exist, every dependency is
 * healthy-checked, each worker has its own instance ID and a readiness check on its admin port). The monitoring
 * is wired: every mounted file exists, Prometheus scrapes exactly the workers' admin ports as the job the rules
 * name and loads every rule file of {@code worker/monitoring/rules} (and {@code promtool check config} accepts its
 * configuration), and Grafana reads that Prometheus and provisions the dashboard the tests check.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    private final JsonNode services = read().get("services");

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(ROOT.resolve("docker-compose.yml")));
        } catch (IOException e) {
            throw new AssertionError("docker-compose.yml does not parse", e);
        }
    }

    private List<String> workers() {
        List<String> out = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            JsonNode command = services.get(name).path("command");
            if (command.isArray() && command.size() > 0 && command.get(0).asText().equals("run")) {
                out.add(name);
            }
        });
        return out;
    }

    private Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        services.get(service).path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    @Test
    void runsKafkaTheSandboxAndTwoWorkersWithTheirOwnInstanceIds() {
        assertThat(services.has("kafka")).isTrue();
        assertThat(services.has("sandbox")).isTrue();
        List<String> workers = workers();
        assertThat(workers).hasSizeGreaterThanOrEqualTo(2);
        Set<String> ids = new HashSet<>();
        for (String w : workers) {
            ids.add(environment(w).get("CMK_WORKER_INSTANCE_ID"));
        }
        assertThat(ids).doesNotContainNull().hasSize(workers.size());
    }

    @Test
    void usesTheOfficialKafkaImageOfTheVersionTheProjectBuildsWith() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(services.get("kafka").get("image").asText()).isEqualTo("apache/kafka:" + version.group(1));
        assertThat(environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void everyWorkerSettingIsAKnownKeyAndTheWholeIsAValidConfiguration() {
        for (String w : workers()) {
            Map<String, String> env = environment(w);
            assertThat(ConfigLoader.unrecognised(env)).as("unknown CMK_* variables of %s", w).isEmpty();
            WorkerConfig config = WorkerConfig.from(ConfigLoader.load(null, env));
            assertThat(config.credentials()).isNotEmpty();
        }
    }

    @Test
    void theServicesLineUp() {
        Set<Integer> internalKafkaPorts = new HashSet<>();
        Matcher listener = Pattern.compile("INTERNAL://[^:,]*:(\\d+)").matcher(environment("kafka").get("KAFKA_LISTENERS"));
        while (listener.find()) {
            internalKafkaPorts.add(Integer.parseInt(listener.group(1)));
        }
        int sandboxPort = sandboxPort();
        for (String w : workers()) {
            WorkerConfig config = WorkerConfig.from(ConfigLoader.load(null, environment(w)));
            for (String server : config.bootstrapServers().split(",")) {
                assertThat(server.substring(0, server.indexOf(':'))).as("%s bootstrap host", w).isEqualTo("kafka");
                assertThat(internalKafkaPorts).as("%s bootstrap port", w)
                        .contains(Integer.parseInt(server.substring(server.indexOf(':') + 1)));
            }
            for (URI uri : List.of(config.platformBaseUrl().orElseThrow(), config.imsUrl())) {
                assertThat(uri.getHost()).as("%s calls %s", w, uri).isEqualTo("sandbox");
                assertThat(uri.getPort()).as("%s calls %s", w, uri).isEqualTo(sandboxPort);
            }
            int admin = config.adminPort().orElseThrow();
            assertThat(services.get(w).get("healthcheck").get("test").toString())
                    .as("%s is ready-checked on its admin port", w).contains(":" + admin + "/health/ready");
            assertThat(services.get(w).path("stop_grace_period").asText()).as("%s may drain before it is killed", w)
                    .isNotEmpty();
        }
    }

    @Test
    void everyDependencyIsWaitedForUntilHealthyOrStarted() {
        services.fieldNames().forEachRemaining(name -> services.get(name).path("depends_on").fields()
                .forEachRemaining(dep -> {
                    assertThat(services.has(dep.getKey())).as("%s depends on a service that exists", name).isTrue();
                    String condition = dep.getValue().path("condition").asText();
                    assertThat(condition).isIn("service_healthy", "service_started");
                    if (condition.equals("service_healthy")) {
                        assertThat(services.get(dep.getKey()).has("healthcheck"))
                                .as("%s has a health check", dep.getKey()).isTrue();
                    }
                }));
    }

    @Test
    void theImageIsBuiltFromTheDocumentedDockerfile() {
        services.fieldNames().forEachRemaining(name -> {
            JsonNode build = services.get(name).get("build");
            if (build != null) {
                assertThat(build.path("context").asText()).isEqualTo(".");
                assertThat(build.path("dockerfile").asText()).isEqualTo("worker/Dockerfile");
            }
        });
    }

    @Test
    void theImageBuildsTheJarInAStageOfItsOwnAndShipsOnlyTheProductionArtifact() throws IOException {
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("worker/Dockerfile"));
        assertThat(dockerfile.stages()).as("a build stage and the image").hasSize(2);
        Dockerfile.Stage build = dockerfile.stages().get(0);
        Dockerfile.Stage image = dockerfile.stages().get(1);
        assertThat(build.from()).startsWith("maven:").contains("temurin-17");
        assertThat(build.runs()).anySatisfy(run -> assertThat(run).contains("mvn").contains("-pl worker").contains("package"));
        assertThat(image.from()).as("a runtime, not a JDK").matches("eclipse-temurin:17-jre.*");
        assertThat(image.copies()).as("the image copies the production jar and nothing else")
                .containsExactly("--from=build /src/worker/target/cmk-worker.jar /app/cmk-worker.jar");
        assertThat(image.instruction("USER")).as("runs as a non-root user").isNotEmpty()
                .allSatisfy(user -> assertThat(user).isNotIn("root", "0"));
        assertThat(String.join(" ", image.instruction("ENTRYPOINT"))).contains("/app/cmk-worker.jar");
        assertThat(image.instruction("EXPOSE")).containsExactly("8081");
        for (String copy : build.copies()) {
            String source = copy.split("\\s+")[0];
            assertThat(ROOT.resolve(source)).as("the build stage copies %s, which is in the repository", source).exists();
            assertThat(source).as("the build stage copies no build output").doesNotContain("target");
        }
    }

    @Test
    void everyFileMountedIntoAContainerIsInTheRepository() {
        services.fieldNames().forEachRemaining(name -> mounts(name).forEach((target, source) ->
                assertThat(source).as("%s mounts %s at %s", name, source, target).exists()));
    }

    @Test
    void prometheusScrapesEveryWorkerAndLoadsEveryRuleFile() {
        JsonNode prometheus = services.get("prometheus");
        assertThat(prometheus).as("a prometheus service").isNotNull();
        assertThat(prometheus.path("image").asText()).as("a pinned image")
                .matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+");
        Map<String, Path> mounts = mounts("prometheus");
        String configPath = option(prometheus.path("command"), "--config.file");
        JsonNode config = yaml(hostPath(mounts, configPath));

        JsonNode job = config.path("scrape_configs").get(0);
        assertThat(config.path("scrape_configs")).as("one scrape job").hasSize(1);
        assertThat(job.path("job_name").asText()).as("the job the rules on `up` name").isEqualTo("cmk-worker");
        Set<String> targets = new HashSet<>();
        job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
        Set<String> admins = new HashSet<>();
        for (String w : workers()) {
            admins.add(w + ":" + WorkerConfig.from(ConfigLoader.load(null, environment(w))).adminPort().orElseThrow());
        }
        assertThat(targets).as("every worker's admin port, and nothing else").isEqualTo(admins);

        Set<Path> loaded = new HashSet<>();
        config.path("rule_files").forEach(glob -> {
            Path pattern = hostPath(mounts, glob.asText()).toAbsolutePath().normalize();
            PathMatcher matcher = pattern.getFileSystem().getPathMatcher("glob:" + pattern);
            MonitoringFiles.ruleFiles().forEach(f -> {
                if (matcher.matches(f.toAbsolutePath().normalize())) {
                    loaded.add(f.toAbsolutePath().normalize());
                }
            });
        });
        assertThat(loaded).as("every rule file of worker/monitoring/rules is loaded")
                .containsExactlyInAnyOrderElementsOf(MonitoringFiles.ruleFiles().stream()
                        .map(f -> f.toAbsolutePath().normalize()).toList());
    }

    @Test
    void promtoolAcceptsPrometheusConfiguration() {
        Path config = hostPath(mounts("prometheus"), option(services.get("prometheus").path("command"),
                "--config.file"));
        Promtool.Result check = new Promtool(PrometheusBinaries.require()).run(Path.of("."), "", "check", "config",
                "--syntax-only", config.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void grafanaReadsPrometheusAndShowsTheDashboard() {
        JsonNode grafana = services.get("grafana");
        assertThat(grafana).as("a grafana service").isNotNull();
        assertThat(grafana.path("image").asText()).as("a pinned image")
                .matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
        Map<String, Path> mounts = mounts("grafana");

        JsonNode sources = yaml(hostPath(mounts, "/etc/grafana/provisioning/datasources/prometheus.yml"));
        URI url = URI.create(sources.path("datasources").get(0).path("url").asText());
        assertThat(sources.path("datasources").get(0).path("type").asText()).isEqualTo("prometheus");
        assertThat(url.getHost()).as("Grafana's data source is the prometheus service").isEqualTo("prometheus");
        assertThat(services.get("prometheus").path("ports").toString()).as("on the port Prometheus listens on")
                .contains(":" + url.getPort() + "\"");

        JsonNode providers = yaml(hostPath(mounts, "/etc/grafana/provisioning/dashboards/cmk-worker.yml"));
        String dashboards = providers.path("providers").get(0).path("options").path("path").asText();
        Path dashboard = hostPath(mounts, dashboards + "/cmk-worker.json");
        assertThat(dashboard.toAbsolutePath().normalize()).as("the dashboard the tests check")
                .isEqualTo(MonitoringFiles.DASHBOARD.toAbsolutePath().normalize());
        assertThat(environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(dashboards + "/cmk-worker.json");
    }

    /** A service's bind mounts ({@code ./source:target[:ro]}): container path to the repository's file. */
    private Map<String, Path> mounts(String service) {
        Map<String, Path> out = new LinkedHashMap<>();
        services.get(service).path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith("./")) {
                out.put(parts[1], ROOT.resolve(parts[0]).normalize());
            }
        });
        return out;
    }

    /** The repository's file that a container sees at {@code containerPath}, through a mount of it or of a parent. */
    private static Path hostPath(Map<String, Path> mounts, String containerPath) {
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            if (containerPath.equals(m.getKey())) {
                return m.getValue();
            }
            if (containerPath.startsWith(m.getKey() + "/")) {
                return m.getValue().resolve(containerPath.substring(m.getKey().length() + 1));
            }
        }
        throw new AssertionError(containerPath + " is not mounted from the repository: " + mounts);
    }

    private static String option(JsonNode command, String name) {
        for (JsonNode arg : command) {
            if (arg.asText().startsWith(name + "=")) {
                return arg.asText().substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + command);
    }

    private static JsonNode yaml(Path file) {
        assertThat(file).exists();
        return MonitoringFiles.yaml(file);
    }

    private int sandboxPort() {
        JsonNode command = services.get("sandbox").get("command");
        for (int i = 0; i < command.size() - 1; i++) {
            if (command.get(i).asText().equals("--port")) {
                return Integer.parseInt(command.get(i + 1).asText());
            }
        }
        throw new AssertionError("the sandbox service names no --port");
    }
}
