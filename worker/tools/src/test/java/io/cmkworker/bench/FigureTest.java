package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void judgesAgainstItsTargetInclusiveOrStrictAsTheTargetSays() {
        assertThat(Figure.of("a", "a", 250, "ms", Target.below(250)).pass()).isFalse();
        assertThat(Figure.of("a", "a", 50, "calls", Target.atMost(50)).pass()).isTrue();
        assertThat(Figure.of("a", "a", 0.7, "x", Target.atLeast(0.7)).pass()).isTrue();
        assertThat(Figure.of("a", "a", 0.69, "x", Target.atLeast(0.7)).pass()).isFalse();
        assertThat(Figure.of("a", "a", 1, "count").pass()).isNull();
    }

    @Test
    void refusesValuesThatCannotBeMeasurementsAndKeysScriptsCannotUse() {
        assertThatThrownBy(() -> Figure.of("a", "a", -1, "ms")).hasMessageContaining("must be finite and >= 0");
        assertThatThrownBy(() -> Figure.of("a", "a", Double.NaN, "ms")).hasMessageContaining("must be finite");
        assertThatThrownBy(() -> Figure.of("Lateness P99", "a", 1, "ms")).hasMessageContaining("key must be");
    }
}
