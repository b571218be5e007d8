package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProcessesLatenessBenchTest {

    @Test
    void runsTheWorkerProcessWithTheProductionImagesJvmOptions() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "Dockerfile"));
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
        assertThat(entrypoint.find()).as("worker/Dockerfile has an ENTRYPOINT").isTrue();
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(entrypoint.group(1));
        while (word.find()) {
            words.add(word.group(1));
        }

        assertThat(words.subList(1, words.indexOf("-jar"))).isEqualTo(ProcessesLatenessBench.PRODUCTION_JVM_OPTIONS);
    }

    @Test
    void givenJvmOptionsComeAfterTheProductionOnesSoTheyWin() {
        BenchOptions q = BenchOptions.quickSize();
        BenchOptions options = new BenchOptions(true, q.scenarios(), q.json(), q.txRecords(), q.httpWindow(),
                q.checkOrgs(), q.checkWindow(), q.bulkOrgs(), q.latenessOrgs(), q.rateLimitedOrgs(), q.jobTime(),
                q.heapSmall(), q.heapLarge(), q.heapLedger(), q.timeout(), List.of("-XX:TieredStopAtLevel=4"), 0);

        assertThat(ProcessesLatenessBench.workerJvm(options)).endsWith("-XX:TieredStopAtLevel=1",
                "-XX:TieredStopAtLevel=4");
    }
}
