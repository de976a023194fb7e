package org.nigrani.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(LineChart.niceStep(1)).isEqualTo(1);
        assertThat(LineChart.niceStep(7)).isEqualTo(2);
        assertThat(LineChart.niceStep(19)).isEqualTo(5);
        assertThat(LineChart.niceStep(100)).isEqualTo(50);
        assertThat(LineChart.niceStep(1234)).isEqualTo(500);
    }

    @Test
    void laysOutOnePolylineAPointPerDayAndTitledDotsForNonZeroDays() {
        Dashboard.Timeline t = new Dashboard.Timeline(List.of("2023-11-01", "2023-11-02", "2023-11-03"),
                List.of(new Dashboard.Series("a", "Preedy, Karachi", 4, List.of(0L, 4L, 0L)),
                        new Dashboard.Series("b", "Gulberg, Karachi", 1, List.of(1L, 0L, 0L))));
        LineChart c = LineChart.of(t);
        assertThat(c.lines()).hasSize(2);
        assertThat(c.lines().get(0).points().split(" ")).hasSize(3);
        assertThat(c.lines().get(0).colour()).isNotEqualTo(c.lines().get(1).colour());
        assertThat(c.points()).extracting(LineChart.Point::title)
                .containsExactly("Preedy, Karachi, 2023-11-02: 4", "Gulberg, Karachi, 2023-11-01: 1");
        // The highest count reaches the top of the plotting area.
        assertThat(Double.parseDouble(c.points().get(0).cy())).isEqualTo(c.area().y0());
        assertThat(c.yTicks()).extracting(LineChart.Tick::text).containsExactly("0", "1", "2", "3", "4");
    }
}
