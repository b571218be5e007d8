package io.cmkworker.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.preflight.Finding.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeyRulesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final KeyFacts GOOD = new KeyFacts("RSA", 3072, Set.of("wrapKey", "unwrapKey", "encrypt"), true,
            Optional.of(NOW.minus(Duration.ofDays(1))), Optional.of(NOW.plus(Duration.ofDays(365))), "Recoverable");

    private final KeyRules rules = new KeyRules(KeyRequirements.DEFAULT);

    @Test
    void aGoodKeyPassesEveryKeyCheck() {
        assertThat(rules.evaluate(GOOD, NOW)).extracting(Finding::status).containsOnly(Status.PASS);
        assertThat(statuses(new KeyFacts("RSA-HSM", 4096, GOOD.operations(), true, Optional.empty(), Optional.empty(),
                "CustomizedRecoverable"))).containsOnly(Map.entry(Check.ENABLED, Status.PASS), Map.entry(Check.DATES,
                Status.PASS), Map.entry(Check.TYPE, Status.PASS), Map.entry(Check.SIZE, Status.PASS),
                Map.entry(Check.OPERATIONS, Status.PASS), Map.entry(Check.RECOVERY, Status.PASS));
    }

    @Test
    void eachProblemFailsTheCheckThatNamesIt() {
        assertThat(statuses(with(false, "RSA", 3072, GOOD.operations(), "Recoverable"))).containsEntry(Check.ENABLED,
                Status.FAIL);
        assertThat(statuses(with(true, "EC", 0, GOOD.operations(), "Recoverable"))).containsEntry(Check.TYPE, Status.FAIL)
                .containsEntry(Check.SIZE, Status.NOT_CHECKED);
        assertThat(statuses(with(true, "RSA", 2048, GOOD.operations(), "Recoverable"))).containsEntry(Check.SIZE,
                Status.FAIL);
        assertThat(statuses(with(true, "RSA", 3072, Set.of("wrapKey"), "Recoverable"))).containsEntry(Check.OPERATIONS,
                Status.FAIL);
        assertThat(statuses(with(true, "RSA", 3072, GOOD.operations(), "Recoverable+Purgeable")))
                .containsEntry(Check.RECOVERY, Status.FAIL);
        assertThat(statuses(with(true, "RSA", 3072, GOOD.operations(), "Purgeable"))).containsEntry(Check.RECOVERY,
                Status.FAIL);
        assertThat(statuses(with(true, "RSA", 3072, GOOD.operations(), ""))).containsEntry(Check.RECOVERY,
                Status.NOT_CHECKED);
    }

    @Test
    void datesAreHeldToNow() {
        KeyFacts notYet = new KeyFacts("RSA", 3072, GOOD.operations(), true, Optional.of(NOW.plusSeconds(1)),
                Optional.empty(), "Recoverable");
        KeyFacts expired = new KeyFacts("RSA", 3072, GOOD.operations(), true, Optional.empty(), Optional.of(NOW),
                "Recoverable");

        assertThat(finding(notYet, Check.DATES)).isEqualTo(Finding.fail(Check.DATES, "not valid before "
                + NOW.plusSeconds(1)));
        assertThat(finding(expired, Check.DATES)).isEqualTo(Finding.fail(Check.DATES, "expired " + NOW));
    }

    @Test
    void theKeySizeIsASetting() {
        KeyFacts small = with(true, "RSA", 2048, GOOD.operations(), "Recoverable");

        assertThat(new KeyRules(new KeyRequirements(2048)).evaluate(small, NOW)).extracting(Finding::status)
                .containsOnly(Status.PASS);
        assertThat(finding(small, Check.SIZE).detail()).isEqualTo("2048 bits, fewer than 3072");
    }

    @Test
    void theMissingOperationsAreNamedWithThoseThatArePermitted() {
        assertThat(finding(with(true, "RSA", 3072, Set.of("sign", "verify"), "Recoverable"), Check.OPERATIONS).detail())
                .isEqualTo("wrapKey and unwrapKey not permitted (permitted: sign, verify)");
    }

    private static KeyFacts with(boolean enabled, String type, int bits, Set<String> ops, String recovery) {
        return new KeyFacts(type, bits, ops, enabled, Optional.empty(), Optional.empty(), recovery);
    }

    private Map<Check, Status> statuses(KeyFacts key) {
        return rules.evaluate(key, NOW).stream().collect(Collectors.toMap(Finding::check, Finding::status));
    }

    private Finding finding(KeyFacts key, Check check) {
        List<Finding> all = rules.evaluate(key, NOW);
        return all.stream().collect(Collectors.toMap(Finding::check, Function.identity())).get(check);
    }
}
