package org.nigrani.jobs.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityTest {

    @Test
    void theWeightsAddUpToOneSoTheScoreSpansZeroToAHundred() {
        assertThat(Priority.of(new Priority.Components(1, 1, 1, 1, 1, 1)).score()).isEqualTo(100);
        assertThat(Priority.of(new Priority.Components(0, 0, 0, 0, 0, 0)).score()).isZero();
    }

    @Test
    void computesTheDocumentedFormula() {
        // 100 × (0.30×0.9 + 0.20×1.0 + 0.15×1 + 0.15×reach + 0.10×growth + 0.10×0.5)
        Priority p = Priority.of(0.9, "violence", true, 99_999, 0, 999, Duration.ofHours(24));
        assertThat(p.components().reach()).isEqualTo(5.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.components().growth()).isEqualTo(3.0 / 5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.components().recency()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.score()).isEqualTo((int) Math.round(100 * (0.27 + 0.20 + 0.15 + 0.15 * 5 / 6 + 0.10 * 0.6 + 0.05)));
        assertThat(p.band()).isEqualTo("P1");
    }

    @ParameterizedTest
    @CsvSource({"violence,1.0", "unlawful_detention,0.8", "extortion,0.6", "harassment,0.6", "other_misconduct,0.4"})
    void severityFollowsTheCategory(String category, double severity) {
        assertThat(Priority.severity(category)).isEqualTo(severity);
    }

    @ParameterizedTest
    @CsvSource({"100,P1", "80,P1", "79,P2", "60,P2", "59,P3", "40,P3", "39,P4", "0,P4"})
    void bands(int score, String band) {
        assertThat(Priority.band(score)).isEqualTo(band);
    }

    @Test
    void moreReachMoreGrowthAndVideoNeverLowerThePriority() {
        Priority base = Priority.of(0.8, "harassment", false, 1_000, 10, 100, Duration.ofHours(2));
        assertThat(Priority.of(0.8, "harassment", true, 1_000, 10, 100, Duration.ofHours(2)).score()).isGreaterThan(base.score());
        assertThat(Priority.of(0.8, "harassment", false, 1_000_000, 10, 100, Duration.ofHours(2)).score()).isGreaterThan(base.score());
        assertThat(Priority.of(0.8, "harassment", false, 1_000, 10, 50_000, Duration.ofHours(2)).score()).isGreaterThan(base.score());
        assertThat(Priority.of(0.8, "harassment", false, 1_000, 10, 100, Duration.ofDays(5)).score()).isLessThan(base.score());
    }

    @Test
    void reachAndGrowthSaturateAndNegativeInputsCountAsNothing() {
        assertThat(Priority.reach(Long.MAX_VALUE / 100, Long.MAX_VALUE / 100)).isEqualTo(1.0);
        assertThat(Priority.reach(-5, -5)).isZero();
        assertThat(Priority.growth(1e12)).isEqualTo(1.0);
        assertThat(Priority.recency(Duration.ofHours(-3))).isEqualTo(1.0);
    }

    @Test
    void aComponentOutsideZeroToOneIsRefusedByName() {
        assertThatThrownBy(() -> new Priority.Components(0.5, 1.2, 0, 0, 0, 0)).hasMessageContaining("severity");
    }
}
