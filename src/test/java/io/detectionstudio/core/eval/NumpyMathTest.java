package io.detectionstudio.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The numpy/Python behaviours COCOeval's numbers depend on; expected values printed by numpy 2 / Python 3. */
class NumpyMathTest {

    @Test
    void thresholdsAreNumpyLinspaceValues() {
        // np.linspace(.5, 0.95, 10): note 0.8999999999999999, not 0.9
        assertThat(CocoEvaluator.iouThresholds()).containsExactly(
                0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95);
        double[] rec = PrecisionRecallCurve.recallThresholds();
        assertThat(rec).hasSize(101);
        assertThat(rec[0]).isEqualTo(0.0);
        assertThat(rec[35]).isEqualTo(0.35000000000000003);
        assertThat(rec[50]).isEqualTo(0.5);
        assertThat(rec[57]).isEqualTo(0.5700000000000001);
        assertThat(rec[94]).isEqualTo(0.9400000000000001);
        assertThat(rec[100]).isEqualTo(1.0);
    }

    @Test
    void sumIsPairwiseLikeNumpy() {
        double[] tenths = new double[200];
        Arrays.fill(tenths, 0.1);
        // sequential addition gives 0.9999999999999999 and 20.000000000000014; np.sum gives these:
        assertThat(NumpyMath.pairwiseSum(tenths, 10)).isEqualTo(1.0);
        assertThat(NumpyMath.pairwiseSum(tenths, 200)).isEqualTo(20.0);
        assertThat(NumpyMath.pairwiseSum(tenths, 3)).isEqualTo(0.1 + 0.1 + 0.1);
    }

    @Test
    void argsortIsStableOnDescendingScore() {
        // np.argsort(-s, kind='mergesort'); 0.0 and -0.0 tie
        double[] s = {0.5, 0.9, 0.5, 0.9, 0.0, -0.0, 0.7};
        assertThat(NumpyMath.argsortByScoreDesc(s)).containsExactly(1, 3, 6, 0, 2, 4, 5);
        double[] many = new double[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = (i * 37 % 10) / 10.0;
        }
        int[] order = NumpyMath.argsortByScoreDesc(many);
        for (int i = 1; i < order.length; i++) {
            double a = many[order[i - 1]];
            double b = many[order[i]];
            assertThat(a > b || (a == b && order[i - 1] < order[i])).as("position %d", i).isTrue();
        }
    }

    @Test
    void searchsortedLeftFindsTheFirstNotBelow() {
        double[] rc = {0, 0.5, 0.5, 1};
        assertThat(NumpyMath.searchsortedLeft(rc, 4, 0.0)).isEqualTo(0);
        assertThat(NumpyMath.searchsortedLeft(rc, 4, 0.5)).isEqualTo(1);
        assertThat(NumpyMath.searchsortedLeft(rc, 4, 0.51)).isEqualTo(3);
        assertThat(NumpyMath.searchsortedLeft(rc, 3, 0.51)).isEqualTo(3); // past the end
    }

    @Test
    void fixedFormatRoundsTheExactBinaryValueLikePython() {
        // '{:0.3f}'.format(v) in Python; String.format("%.3f") gives 1.001 and 0.063 for the first two
        assertThat(NumpyMath.fixed(1.0005, 3)).isEqualTo("1.000");
        assertThat(NumpyMath.fixed(0.0625, 3)).isEqualTo("0.062");
        assertThat(NumpyMath.fixed(0.0005, 3)).isEqualTo("0.001");
        assertThat(NumpyMath.fixed(0.1235, 3)).isEqualTo("0.123");
        assertThat(NumpyMath.fixed(2.675, 2)).isEqualTo("2.67");
        assertThat(NumpyMath.fixed(0.9999999999999998, 3)).isEqualTo("1.000");
        assertThat(NumpyMath.fixed(-1.0, 3)).isEqualTo("-1.000");
        assertThat(NumpyMath.fixed(-0.0001, 3)).isEqualTo("-0.000");
        assertThat(NumpyMath.fixed(0.95, 2)).isEqualTo("0.95");
    }
}
