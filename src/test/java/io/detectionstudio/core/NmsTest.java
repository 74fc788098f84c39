package io.detectionstudio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {

    // Boxes 0 and 1 overlap with IoU 0.6 / 0.8 = 0.75... computed below; box 2 is far away.
    private static final Box A = new Box(0, 0, 0.4, 0.5);      // area .20
    private static final Box B = new Box(0, 0.1, 0.4, 0.6);    // area .20, inter with A .4*.4=.16, union .24 -> IoU 2/3
    private static final Box C = new Box(0.6, 0.6, 1.0, 1.0); // no overlap
    private static final Box D = new Box(0, 0.25, 0.4, 0.75);  // inter with A .4*.25=.10, union .30 -> IoU 1/3

    @Test
    void hardNmsKeepsTheBestOfEachCluster() {
        Nms.Result r = Nms.hard(List.of(A, B, C, D), new double[] {0.9, 0.8, 0.7, 0.6}, 0.5, 0.0, 10);
        // A kept; B suppressed (IoU 2/3 > .5); C kept; D: IoU(A,D)=1/3 <= .5 -> kept
        assertThat(r.indices()).containsExactly(0, 2, 3);
        assertThat(r.scores()).containsExactly(0.9, 0.7, 0.6);
    }

    @Test
    void thresholdsAreStrict() {
        // IoU exactly at the threshold is kept (suppression needs IoU > threshold), score exactly at the
        // score threshold is dropped (keeping needs score > threshold), as in TensorFlow.
        Nms.Result r = Nms.hard(List.of(A, D), new double[] {0.9, 0.8}, 1.0 / 3, 0.0, 10);
        assertThat(r.indices()).containsExactly(0, 1);
        Nms.Result s = Nms.hard(List.of(A, C), new double[] {0.9, 0.5}, 0.5, 0.5, 10);
        assertThat(s.indices()).containsExactly(0);
    }

    @Test
    void tiesGoToTheLowerIndexAndMaxOutputCuts() {
        Nms.Result r = Nms.hard(List.of(C, A, B), new double[] {0.5, 0.5, 0.5}, 0.5, 0.0, 10);
        assertThat(r.indices()).containsExactly(0, 1); // B suppressed by A
        assertThat(Nms.hard(List.of(A, C, D), new double[] {0.9, 0.8, 0.7}, 0.5, 0, 2).indices()).containsExactly(0, 1);
        assertThat(Nms.hard(List.of(), new double[0], 0.5, 0, 5).size()).isZero();
    }

    @Test
    void softNmsDecaysOverlapsInsteadOfDroppingThem() {
        double sigma = 0.5;
        Nms.Result r = Nms.soft(List.of(A, B, C), new double[] {0.9, 0.8, 0.7}, 1.0, 0.0, 10, sigma);
        // B decays by exp(-0.5 * (2/3)^2 / 0.5) = exp(-4/9) = 0.641180..., so 0.8 -> 0.512944
        double decayed = 0.8 * Math.exp(-4.0 / 9);
        assertThat(r.indices()).containsExactly(0, 2, 1);
        assertThat(r.scores()).containsExactly(new double[] {0.9, 0.7, decayed}, within(1e-12));
        assertThat(decayed).isCloseTo(0.512944, within(1e-6));
        // With a score threshold above the decayed score, B is gone.
        assertThat(Nms.soft(List.of(A, B, C), new double[] {0.9, 0.8, 0.7}, 1.0, 0.6, 10, sigma).indices()).containsExactly(0, 2);
        // The IoU threshold still suppresses hard.
        assertThat(Nms.soft(List.of(A, B, C), new double[] {0.9, 0.8, 0.7}, 0.5, 0.0, 10, sigma).indices()).containsExactly(0, 2);
    }

    @Test
    void classAwareNmsNeverSuppressesAcrossClasses() {
        List<Nms.ClassResult> r = Nms.classAware(List.of(A, B, C, B), new double[] {0.9, 0.8, 0.7, 0.95},
                new int[] {1, 1, 1, 2}, 0.5, 0.0, 10, 10, 0);
        // class 1: A kept, B suppressed, C kept; class 2: its B kept. Merged by score.
        assertThat(r).containsExactly(new Nms.ClassResult(3, 2, 0.95), new Nms.ClassResult(0, 1, 0.9),
                new Nms.ClassResult(2, 1, 0.7));
        assertThat(Nms.classAware(List.of(A, B, C, B), new double[] {0.9, 0.8, 0.7, 0.95}, new int[] {1, 1, 1, 2},
                0.5, 0.0, 1, 10, 0)).extracting(Nms.ClassResult::index).containsExactly(3, 0);
        assertThat(Nms.classAware(List.of(A, B, C, B), new double[] {0.9, 0.8, 0.7, 0.95}, new int[] {1, 1, 1, 2},
                0.5, 0.0, 10, 2, 0)).extracting(Nms.ClassResult::index).containsExactly(3, 0);
    }
}
