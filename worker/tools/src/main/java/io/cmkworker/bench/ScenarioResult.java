package io.cmkworker.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one scenario measured, with the sizes and settings it ran with, or why it could not finish.
 *
 * @param id the scenario's name on the command line ({@link Scenario#id()})
 * @param title what it measures, for the table
 * @param parameters the sizes and settings it ran with (values are numbers, text or booleans)
 * @param figures what it measured, in the order the table shows them
 * @param notes what a reader should know to interpret the figures
 * @param error null when it ran to the end; otherwise what stopped it (its figures are what it had by then)
 * @param seconds how long it took, start-up included
 */
public record ScenarioResult(String id, String title, Map<String, Object> parameters, List<Figure> figures,
                             List<String> notes, String error, double seconds) {

    public ScenarioResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
    }

    /** Collects a scenario's figures while it runs. */
    public static final class Builder {
        private final Scenario scenario;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private final List<Figure> figures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final long started = System.nanoTime();

        public Builder(Scenario scenario) {
            this.scenario = scenario;
        }

        public Builder parameter(String name, Object value) {
            parameters.put(name, value);
            return this;
        }

        public Builder figure(Figure figure) {
            figures.add(figure);
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public ScenarioResult build() {
            return finish(null);
        }

        public ScenarioResult failed(Throwable error) {
            String message = error.getMessage() == null ? error.toString() : error.getMessage();
            return finish(error.getClass().getSimpleName() + ": " + message);
        }

        private ScenarioResult finish(String error) {
            return new ScenarioResult(scenario.id(), scenario.title(), parameters, figures, notes, error,
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
