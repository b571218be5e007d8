package io.cmkworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.it.CommandLineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command's failure modes end with the exit code its {@code --help} lists, and say why on standard error.
 * No broker: "Kafka does not answer" is a closed port with a short {@code default.api.timeout.ms}, given the way
 * an operator would give it ({@code --command-config}).
 *
 * <p>To cover a new command, add its rows to {@link #failures()} and make its {@code @Command} list its exit codes
 * ({@code exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {...}}).
 */
class ExitCodesTest {

    /** Commands whose {@code --help} does not list exit codes yet: issue 19 part A adds them (then remove them here). */

    private static final String NOWHERE = "127.0.0.1:1";
    private static final String ORG = "0A1B2C3D4E5F60718293A4B5@AdobeOrg";

    @TempDir
    static Path dir;

    /** The files the rows name. */
    record Files_(Path config, Path invalid, Path unknownKey, Path noSecret, Path protectedKafka, Path fast,
                  Path refused, Path orgs, Path badOrgs, Path results, Path missing) {
    }

    private static Files_ files;

    @BeforeAll
    static void writeFiles() throws IOException {
        String base = "credentials.it.client.id=it-client\nplatform.base.url=http://127.0.0.1:1\n"
                + "ims.url=http://127.0.0.1:1/ims/token/v3\nadmin.port=off\n";
        files = new Files_(
                write("worker.properties", base + "credentials.it.client.secret=it-secret\n"),
                write("invalid.properties", base + "topics.partitions=0\n"),
                write("unknown.properties", base + "topic.partitions=3\n"),
                write("nosecret.properties", base),
                write("protected.properties", base + "credentials.it.client.secret=it-secret\nkafka.group.id=mine\n"),
                write("fast.properties", "default.api.timeout.ms=500\nrequest.timeout.ms=500\n"),
                // The admin client refuses a default.api.timeout.ms below request.timeout.ms (30 s by default).
                write("refused.properties", "default.api.timeout.ms=500\n"),
                write("orgs.csv", "orgId,region,configName,keyVaultKeyIdentifier,credentialRef\n" + ORG
                        + ",VA7,cmk-config-1,https://vault1.vault.azure.net/keys/cmk-key-1,it\n"),
                write("bad.csv", "orgId,region,configName,keyVaultKeyIdentifier,credentialRef\n" + ORG
                        + ",MARS1,cmk-config-1,https://vault1.vault.azure.net/keys/cmk-key-1,it\n"),
                write("orgs.results.csv", "requestId,orgId,region,configName,keyVaultKeyIdentifier,credentialRef,status\n"
                        + "cmk-1," + ORG + ",VA7,cmk-config-1,https://vault1.vault.azure.net/keys/cmk-key-1,it,PENDING\n"),
                dir.resolve("missing.properties"));
    }

    /**
     * One failure mode: the arguments (from the files), the exit code and what standard error says. Every
     * command has its rows; part A's commands (preflight, app-registration, sandbox) add theirs here.
     */
    static Stream<Arguments> failures() {
        List<Arguments> rows = new ArrayList<>();
        // Every command: a bad option, a --config file that is not there, an invalid value, an unknown key.
        for (List<String> command : List.of(List.of("run"), List.of("submit", "ORGS"), List.of("outcomes"),
                List.of("dlq", "list"), List.of("dlq", "replay", "--all"),
                List.of("status", "--file", "RESULTS"))) {
            String name = String.join(" ", command.subList(0, command.get(0).equals("dlq") ? 2 : 1));
            rows.add(row(name + ": unknown option", 2, "Unknown option: '--no-such-option'",
                    f -> args(command, f, "--no-such-option")));
            rows.add(row(name + ": --config file missing", 2, "cannot read configuration file",
                    f -> args(command, f, "--config", f.missing().toString())));
            rows.add(row(name + ": invalid setting", 2, "topics.partitions=0 is invalid: must be at least 1",
                    f -> args(command, f, "--config", f.invalid().toString())));
            rows.add(row(name + ": unknown setting", 2, "unknown configuration key 'topic.partitions'",
                    f -> args(command, f, "--config", f.unknownKey().toString())));
        }
        // Every command that touches Kafka: a --command-config file that is not there, and Kafka not answering.
        for (List<String> command : List.of(List.of("run"), List.of("submit", "ORGS"), List.of("outcomes"),
                List.of("dlq", "list"), List.of("dlq", "replay", "--all"))) {
            String name = String.join(" ", command.subList(0, command.get(0).equals("dlq") ? 2 : 1));
            rows.add(row(name + ": --command-config file missing", 2, "cannot read configuration file",
                    f -> args(command, f, "--config", f.config().toString(), "--command-config",
                            f.missing().toString())));
            rows.add(row(name + ": Kafka does not answer", 1, NOWHERE,
                    f -> args(command, f, "--config", f.config().toString(), "--bootstrap-server", NOWHERE,
                            "--command-config", f.fast().toString())));
        }
        rows.add(row("run: a credential without its secret", 2, "credentials.it.client.secret is required",
                f -> new String[] {"run", "--config", f.noSecret().toString()}));
        rows.add(row("run: a Kafka setting the worker owns", 2, "kafka.group.id cannot be set",
                f -> new String[] {"run", "--config", f.protectedKafka().toString()}));
        rows.add(row("run: a Kafka client setting Kafka refuses", 2, "the Kafka client refused its settings",
                f -> new String[] {"run", "--config", f.config().toString(), "--command-config",
                        f.refused().toString()}));
        rows.add(row("submit: the file is not there", 2, "no such file: " + dir.resolve("none.csv"),
                f -> new String[] {"submit", dir.resolve("none.csv").toString(), "--config", f.config().toString()}));
        rows.add(row("submit: bad lines, without a secret", 2, "",
                f -> new String[] {"submit", f.badOrgs().toString(), "--config", f.noSecret().toString(),
                        "--bootstrap-server", NOWHERE}));
        rows.add(row("outcomes: a bad --format", 2, "'xml' is not a format: table, csv or json",
                f -> new String[] {"outcomes", "--format", "xml"}));
        rows.add(row("outcomes: a bad --since", 2, "error:",
                f -> new String[] {"outcomes", "--since", "yesterday", "--config", f.noSecret().toString(),
                        "--bootstrap-server", NOWHERE}));
        rows.add(row("dlq: no subcommand", 2, "Usage: cmk-worker dlq", f -> new String[] {"dlq"}));
        rows.add(row("dlq replay: nothing chosen", 2, "Missing required argument", f -> new String[] {"dlq", "replay"}));
        rows.add(row("status: neither an organisation nor a file", 2, "Missing required argument",
                f -> new String[] {"status"}));
        rows.add(row("status: --results without --file", 2, "Missing required argument",
                f -> new String[] {"status", "--org", ORG, "--results", "x.csv"}));
        rows.add(row("status: not an organisation ID", 2, "--org must be an Adobe organisation ID",
                f -> new String[] {"status", "--org", "acme", "--region", "VA7", "--config-name", "c",
                        "--credential", "it", "--config", f.config().toString()}));
        rows.add(row("status: a credential not configured", 2, "--credential names a credential not configured: nope",
                f -> new String[] {"status", "--org", ORG, "--region", "VA7", "--config-name", "c",
                        "--credential", "nope", "--config", f.config().toString()}));
        rows.add(row("status: the credential's secret is not set", 2, "credentials.it.client.secret is required",
                f -> new String[] {"status", "--org", ORG, "--region", "VA7", "--config-name", "c",
                        "--credential", "it", "--config", f.noSecret().toString()}));
        rows.add(row("status: the results file is not there", 2, "no such file",
                f -> new String[] {"status", "--file", dir.resolve("none.csv").toString(), "--config",
                        f.config().toString()}));
        rows.add(row("status: IMS does not answer", 1, "",
                f -> new String[] {"status", "--org", ORG, "--region", "VA7", "--config-name", "c",
                        "--credential", "it", "--config", f.config().toString()}));
        rows.add(row("status --file: IMS does not answer", 1, "1 row: LOOKUP_FAILED 1",
                f -> new String[] {"status", "--file", f.results().toString(), "--config", f.config().toString(),
                        "--format", "json"}));
        rows.add(row("preflight: neither a file nor a key", 2, "Missing required argument",
                f -> new String[] {"preflight"}));
        rows.add(row("preflight: the file is not there", 2, "",
                f -> new String[] {"preflight", dir.resolve("none.csv").toString()}));
        rows.add(row("preflight: an unknown option", 2, "Unknown option: '--no-such-option'",
                f -> new String[] {"preflight", "--key", "https://vault1.vault.azure.net/keys/k", "--no-such-option"}));
        rows.add(row("app-registration: no organisation", 2, "Missing required argument",
                f -> new String[] {"app-registration", "--config", f.config().toString()}));
        rows.add(row("app-registration: the --config file is not there", 2, "cannot read configuration file",
                f -> new String[] {"app-registration", "--org", ORG, "--region", "VA7", "--credential", "it",
                        "--config", f.missing().toString()}));
        rows.add(row("app-registration: the credential's secret is not set", 2,
                "credentials.it.client.secret is required",
                f -> new String[] {"app-registration", "--org", ORG, "--region", "VA7", "--credential", "it",
                        "--config", f.noSecret().toString()}));
        rows.add(row("app-registration: a credential not configured", 2, "--credential names a credential not configured",
                f -> new String[] {"app-registration", "--org", ORG, "--region", "VA7", "--credential", "nope",
                        "--config", f.noSecret().toString()}));
        rows.add(row("app-registration: IMS does not answer", 1, "",
                f -> new String[] {"app-registration", "--org", ORG, "--region", "VA7", "--credential", "it",
                        "--config", f.config().toString()}));
        rows.add(row("sandbox: an unknown option", 2, "Unknown option: '--no-such-option'",
                f -> new String[] {"sandbox", "--no-such-option"}));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void exitsWithTheCodeItsHelpLists(String mode, int code, String says, Function<Files_, String[]> args) {
        String[] argv = args.apply(files);

        CommandLineRun run = CommandLineRun.of(argv);

        assertThat(run.exit()).as("%s: %s%s", String.join(" ", argv), run.out(), run.err()).isEqualTo(code);
        assertThat(run.err()).contains(says).as("no stack trace").doesNotContain("\tat ");
        assertThat(listedCodes(argv)).as("exit codes the help of %s lists", argv[0]).contains(String.valueOf(code));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandsHelpListsItsExitCodes() {
        List<DynamicTest> tests = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), tests);
        assertThat(tests).hasSizeGreaterThanOrEqualTo(7);
        return tests.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<DynamicTest> out) {
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return;
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            {
                out.add(DynamicTest.dynamicTest(String.join(" ", next), () -> {
                    List<String> args = new ArrayList<>(next);
                    args.add("--help");
                    CommandLineRun help = CommandLineRun.of(args.toArray(String[]::new));
                    assertThat(help.exit()).isZero();
                    assertThat(help.out()).contains("Exit codes:");
                    assertThat(sub.getCommandSpec().usageMessage().exitCodeList()).isNotEmpty();
                }));
            }
            collect(sub, next, out);
        });
    }

    /** The codes the help of the command {@code argv} names lists. */
    private static Set<String> listedCodes(String[] argv) {
        CommandLine command = Main.commandLine();
        for (String arg : argv) {
            CommandLine sub = command.getSubcommands().get(arg);
            if (sub == null) {
                break;
            }
            command = sub;
        }
        Set<String> codes = new java.util.TreeSet<>();
        command.getCommandSpec().usageMessage().exitCodeList().keySet().forEach(k -> codes.add(k.trim()));
        return codes;
    }

    private static Arguments row(String mode, int code, String says, Function<Files_, String[]> args) {
        return Arguments.of(mode, code, says, args);
    }

    /** The command with its placeholders (ORGS, RESULTS) replaced by the files, then {@code more}. */
    private static String[] args(List<String> command, Files_ f, String... more) {
        List<String> out = new ArrayList<>();
        for (String part : command) {
            out.add(switch (part) {
                case "ORGS" -> f.orgs().toString();
                case "RESULTS" -> f.results().toString();
                default -> part;
            });
        }
        out.addAll(List.of(more));
        return out.toArray(String[]::new);
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
