package io.cmkworker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.pipeline.RequestValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubmitValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String ORG = "0123456789ABCDEF01234567@AdobeOrg";
    private static final String KEY = "https://acme-vault.vault.azure.net/keys/cmk-key";

    private final SubmitValidator validator = new SubmitValidator(new RequestValidator(Set.of("main")));

    @Test
    void aGoodLineBecomesARequestWithTheDerivedIdAndItsDeadline() {
        Org org = new Org(2, ORG, "nld2", "cfg", KEY, "main", "48h", Map.of("team", "blue"), 1);

        SubmitValidator.Checked checked = validator.check(List.of(org), NOW);

        assertThat(checked.invalid()).isEmpty();
        var request = checked.valid().get(0).request();
        assertThat(request.getRequestId()).isEqualTo(RequestIds.of(org));
        assertThat(request.getRegion()).isEqualTo("NLD2");
        assertThat(request.getDeadline()).isEqualTo(NOW.plusSeconds(48 * 3600));
        assertThat(request.getRequestedAt()).isEqualTo(NOW);
        assertThat(request.getMetadata()).containsEntry("team", "blue");
    }

    @Test
    void reportsEveryBrokenRuleOfALineWithTheWorkersOwnWords() {
        Org bad = new Org(7, "acme", "MARS1", "cfg", "http://evil.example/keys/k", "nope", "soon", Map.of(), 1);

        SubmitValidator.Checked checked = validator.check(List.of(bad), NOW);

        assertThat(checked.valid()).isEmpty();
        assertThat(checked.invalid().get(0).problems()).extracting(LineProblem::field)
                .containsExactlyInAnyOrder("orgId", "region", "keyVaultKeyIdentifier", "credentialRef", "deadline");
        assertThat(checked.invalid().get(0).problems()).allMatch(p -> p.line() == 7)
                .anyMatch(p -> p.toString().equals("line 7: region \"MARS1\": must be one of VA7, NLD2, AUS5"))
                .anyMatch(p -> p.toString().startsWith("line 7: deadline \"soon\": must be an ISO-8601 time"));
    }

    @Test
    void theSameRequestTwiceAndOneNameWithTwoKeysAreRefusedOnTheLaterLine() {
        Org first = new Org(2, ORG, "VA7", "cfg", KEY, "main", "", Map.of(), 1);
        Org again = new Org(3, ORG, "va7", "cfg", KEY, "main", "", Map.of("note", "copy"), 1);
        Org otherKey = new Org(4, ORG, "VA7", "cfg", KEY + "-2", "main", "", Map.of(), 1);

        SubmitValidator.Checked checked = validator.check(List.of(first, again, otherKey), NOW);

        assertThat(checked.valid()).extracting(p -> p.org().line()).containsExactly(2);
        assertThat(checked.invalid()).extracting(i -> i.problems().get(0).toString()).containsExactly(
                "line 3: the same organisation, region, configuration, key and credential as line 2 (one request)",
                "line 4: configName \"cfg\": is already on line 2 for organisation " + ORG + " (with another key,"
                        + " region or credential): a configuration name holds one key");
    }
}
