package io.detectionstudio.ui.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DownsampledCurveTest {

    @Test
    void keepsEveryStepUntilTheCap() {
        DownsampledCurve c = new DownsampledCurve(10);
        for (int i = 1; i <= 10; i++) {
            c.add(i, i * 2);
        }
        assertThat(c.points()).hasSize(10);
        assertThat(c.points().get(9)).isEqualTo(new DownsampledCurve.Point(10, 20));
        assertThat(c.stride()).isEqualTo(1);
        assertThat(c.merges()).isZero();
    }

    @Test
    void mergesNeighboursIntoMeansAndDoublesTheStride() {
        DownsampledCurve c = new DownsampledCurve(10);
        for (int i = 1; i <= 11; i++) {
            c.add(i, i);
        }
        // Steps 1..10 became 5 points (means of pairs, at the later step); step 11 waits for step 12.
        assertThat(c.stride()).isEqualTo(2);
        assertThat(c.merges()).isEqualTo(1);
        assertThat(c.points()).containsExactly(new DownsampledCurve.Point(2, 1.5), new DownsampledCurve.Point(4, 3.5),
                new DownsampledCurve.Point(6, 5.5), new DownsampledCurve.Point(8, 7.5), new DownsampledCurve.Point(10, 9.5));
        c.add(12, 12);
        assertThat(c.points().get(5)).isEqualTo(new DownsampledCurve.Point(12, 11.5));
    }

    @Test
    void staysUnderTheCapForLongRunsAndKeepsTheMean() {
        DownsampledCurve c = new DownsampledCurve(300);
        for (int i = 1; i <= 100_000; i++) {
            c.add(i, i % 2 == 0 ? 3 : 1);
        }
        assertThat(c.points()).hasSizeLessThanOrEqualTo(300).hasSizeGreaterThan(150);
        assertThat(c.points()).allSatisfy(p -> assertThat(p.value()).isEqualTo(2.0));
        assertThat(c.points().get(c.points().size() - 1).step()).isGreaterThan(99_000);
    }

    @Test
    void refusesATinyCap() {
        assertThatThrownBy(() -> new DownsampledCurve(1)).hasMessageContaining("at least 2");
    }
}
