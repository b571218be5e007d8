package io.cmkworker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPlanTest {

    private static final String ORG = "0123456789ABCDEF01234567@AdobeOrg";

    @Test
    void resubmitsFailedErrorAndTimedOutAsTheNextAttemptAndKeepsTheRest() {
        List<Result> results = List.of(result(2, "cfg-a", "COMPLETED", ""), result(3, "cfg-b", "FAILED", "FAILED"),
                result(4, "cfg-c", "ERROR", ""), result(5, "cfg-d", "ERROR", "COMPLETED"),
                result(6, "cfg-e", "TIMED_OUT", "RUNNING"), result(7, "cfg-f", "REJECTED", ""),
                result(8, "cfg-g", "INVALID", ""), result(9, "cfg-h", "PENDING", ""));

        RetryPlan.Plan plan = RetryPlan.of(results);

        assertThat(plan.resubmit()).extracting(Org::line, Org::configName, Org::attempt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "cfg-b-r2", 2),
                org.assertj.core.groups.Tuple.tuple(4, "cfg-c", 2),
                org.assertj.core.groups.Tuple.tuple(5, "cfg-d-r2", 2),
                org.assertj.core.groups.Tuple.tuple(6, "cfg-e", 2));
        assertThat(plan.kept()).extracting(Result::status)
                .containsExactly("COMPLETED", "REJECTED", "INVALID", "PENDING");
        assertThat(plan.resubmit()).allMatch(o -> RequestIds.of(o).startsWith("cmk-"))
                .noneMatch(o -> results.stream().anyMatch(r -> r.requestId().equals(RequestIds.of(o))));
    }

    @Test
    void aNewNameCountsUpFromTheAttemptAndStaysWithin64Characters() {
        assertThat(RetryPlan.nextName("cfg", 1)).isEqualTo("cfg-r2");
        assertThat(RetryPlan.nextName("cfg-r2", 2)).isEqualTo("cfg-r3");
        assertThat(RetryPlan.nextName("config-r5", 1)).as("a user's own -r5 is kept").isEqualTo("config-r5-r2");
        String long64 = "n".repeat(64);
        assertThat(RetryPlan.nextName(long64, 1)).hasSize(64).endsWith("n-r2");
        assertThat(RetryPlan.nextName("n".repeat(61) + "-r9", 9)).isEqualTo("n".repeat(60) + "-r10");
    }

    private static Result result(int line, String configName, String status, String jobStatus) {
        Org org = new Org(line, ORG, "VA7", configName, "https://acme-vault.vault.azure.net/keys/k" + line, "main", "",
                Map.of(), 1);
        return new Result(org, RequestIds.of(org), status, false, jobStatus, "why", "", "", "");
    }
}
