package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String SCRAPE = """
            # HELP cmk_onboardings_in_flight Requests taken and not yet answered
            # TYPE cmk_onboardings_in_flight gauge
            cmk_onboardings_in_flight{scope="instance",} 1000.0
            cmk_onboardings_in_flight_total 7.0
            cmk_outcomes_total{replay="false",status="COMPLETED",} 95.0
            cmk_outcomes_total{replay="false",status="FAILED",} 5.0
            cmk_records_in_work 0.0
            """;

    @Test
    void addsEveryLabelSetOfTheNamedMetricAndNoOtherWithTheSamePrefix() {
        assertThat(PrometheusText.sum(SCRAPE, "cmk_onboardings_in_flight")).isEqualTo(1000.0);
        assertThat(PrometheusText.sum(SCRAPE, "cmk_outcomes_total")).isEqualTo(100.0);
    }

    @Test
    void readsAMetricWithoutLabelsAndAnAbsentOneAsZero() {
        assertThat(PrometheusText.sum(SCRAPE, "cmk_records_in_work")).isZero();
        assertThat(PrometheusText.sum(SCRAPE, "cmk_dead_letters_total")).isZero();
    }

    @Test
    void addsOnlyTheSamplesWithTheGivenLabel() {
        assertThat(PrometheusText.sum(SCRAPE, "cmk_outcomes_total", "status=\"FAILED\"")).isEqualTo(5.0);
        assertThat(PrometheusText.sum(SCRAPE, "cmk_outcomes_total", "replay=\"false\"")).isEqualTo(100.0);
        assertThat(PrometheusText.sum(SCRAPE, "cmk_outcomes_total", "status=\"ERROR\"")).isZero();
        assertThat(PrometheusText.sum(SCRAPE, "cmk_records_in_work", "status=\"FAILED\"")).isZero();
    }

    @Test
    void leavesOutTheSamplesThatHaveANamedLabel() {
        String scrape = """
                kafka_consumer_fetch_manager_records_consumed_total{client_id="w",kafka_version="4.1",} 120.0
                kafka_consumer_fetch_manager_records_consumed_total{client_id="w",kafka_version="4.1",topic="a",} 100.0
                kafka_consumer_fetch_manager_records_consumed_total{client_id="w",kafka_version="4.1",topic="b",} 20.0
                """;

        assertThat(PrometheusText.sumWithout(scrape, "kafka_consumer_fetch_manager_records_consumed_total", "topic"))
                .isEqualTo(120.0);
        assertThat(PrometheusText.sumWithout(SCRAPE, "cmk_records_in_work", "topic")).isZero();
    }
}
