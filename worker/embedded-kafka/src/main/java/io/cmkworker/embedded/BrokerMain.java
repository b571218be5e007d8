package io.cmkworker.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * Entry point of the broker child process: formats the KRaft storage (first start only), starts
 * {@link KafkaRaftServer}, and halts as soon as its stdin closes (the parent died or asked it to stop).
 *
 * <p>Arguments: {@code <server.properties> <cluster-id>}.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain <server.properties> <cluster-id>");
            System.exit(2);
        }
        Path propsFile = Path.of(args[0]);
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(propsFile, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int code = StorageTool.execute(new String[] {"format", "-t", args[1], "-c", propsFile.toString()},
                    new PrintStream(System.err, true, StandardCharsets.UTF_8));
            if (code != 0) {
                System.err.println("formatting the KRaft storage failed with exit code " + code);
                System.exit(code);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Thread watchdog = new Thread(() -> haltWhenParentGoes(System.in), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        server.startup();
        System.out.println("BROKER STARTED");
        System.out.flush();
        server.awaitShutdown();
    }

    private static void haltWhenParentGoes(InputStream in) {
        try {
            while (in.read() >= 0) {
                // the parent writes nothing; EOF means it closed the pipe or died
            }
        } catch (IOException e) {
            // same as EOF
        }
        Runtime.getRuntime().halt(0);
    }
}
