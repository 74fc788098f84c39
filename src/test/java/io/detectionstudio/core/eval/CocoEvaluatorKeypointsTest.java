package io.detectionstudio.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Hand-worked OKS values and keypoint evaluations ({@code oks = exp(-d^2 / (2 * area * (2 sigma)^2))}). */
class CocoEvaluatorKeypointsTest {

    private static final Offset<Double> EXACT = within(1e-12);
    private static final List<Long> IMAGE_1 = List.of(1L);
    private static final double[] ONE_SIGMA = {0.1};
    private static final double[] TWO_SIGMAS = {0.1, 0.1};

    private static EvalGroundTruth person(long id, double[] bbox, double area, double... keypoints) {
        return new EvalGroundTruth(id, 1, 1, bbox, area, false, false, keypoints);
    }

    private static EvalDetection pose(double score, double... keypoints) {
        return EvalDetection.ofKeypoints(1, 1, keypoints, score);
    }

    @Test
    void oksOfOneKeypointOffByAKnownDistance() {
        // d^2 = 6^2 + 2^2 = 40, sigma 0.1 -> var = (2 * 0.1)^2 = 0.04, area 2000:
        // e = 40 / 0.04 / 2000 / 2 = 0.25 -> oks = exp(-0.25) = 0.7788...
        double oks = CocoEvaluator.oks(new double[] {10, 10, 2}, new double[] {0, 0, 40, 50}, 2000,
                new double[] {16, 12, 1}, ONE_SIGMA);
        assertThat(oks).isCloseTo(Math.exp(-0.25), within(1e-15));
        assertThat(oks).isCloseTo(0.7788007830714049, within(1e-15));

        // area 0: the eps in (area + eps) keeps an exact keypoint at e = 0 / eps = 0, oks 1 (not NaN),
        // and any offset at e = d^2 / var / eps / 2, huge: oks 0
        assertThat(CocoEvaluator.oks(new double[] {10, 10, 2}, new double[] {10, 10, 0, 0}, 0,
                new double[] {10, 10, 1}, ONE_SIGMA)).isEqualTo(1.0);
        assertThat(CocoEvaluator.oks(new double[] {10, 10, 2}, new double[] {10, 10, 0, 0}, 0,
                new double[] {10, 11, 1}, ONE_SIGMA)).isEqualTo(0.0);
    }

    @Test
    void oksAveragesOverTheVisibleKeypointsOfAPerson() {
        // 17 COCO keypoints, all visible; only the nose (sigma .026) is off, by (3, 4): d^2 = 25.
        // e = 25 / (2 * 0.026)^2 / 5000 / 2 = 25 / (0.002704 * 10000) = 25 / 27.04
        // oks = (16 * exp(0) + exp(-25 / 27.04)) / 17
        double[] gt = new double[51];
        for (int j = 0; j < 17; j++) {
            gt[3 * j] = 100 + 5 * j;
            gt[3 * j + 1] = 200 - 3 * j;
            gt[3 * j + 2] = 2;
        }
        double[] dt = gt.clone();
        dt[0] += 3;
        dt[1] += 4;
        double oks = CocoEvaluator.oks(gt, new double[] {90, 100, 100, 120}, 5000, dt,
                CocoEvaluator.COCO_PERSON_SIGMAS);
        assertThat(oks).isCloseTo((16 + Math.exp(-25 / 27.04)) / 17, EXACT);
    }

    @Test
    void oksIgnoresKeypointsThatAreNotVisibleInTheGroundTruth() {
        // the second keypoint is v = 0 in the ground truth: the detection's far-off second point does
        // not count, and the first is exact: oks = exp(0) / 1 = 1. A v = 1 (occluded) point does count.
        double[] bbox = {0, 0, 40, 50};
        assertThat(CocoEvaluator.oks(new double[] {10, 10, 2, 0, 0, 0}, bbox, 2000,
                new double[] {10, 10, 1, 500, 500, 1}, TWO_SIGMAS)).isEqualTo(1.0);
        // second point v = 1 and off by d^2 = 40: (1 + exp(-0.25)) / 2
        assertThat(CocoEvaluator.oks(new double[] {10, 10, 2, 20, 20, 1}, bbox, 2000,
                new double[] {10, 10, 1, 26, 22, 1}, TWO_SIGMAS)).isCloseTo((1 + Math.exp(-0.25)) / 2, EXACT);
    }

    @Test
    void oksWithoutVisibleGroundTruthKeypointsMeasuresDistanceToTheGrownBox() {
        // gt box [10, 10, 20, 20] grows to x in [10 - 20, 10 + 40] = [-10, 50], y in [-10, 50].
        double[] gt = {0, 0, 0};
        double[] bbox = {10, 10, 20, 20};
        // (60, 20): dx = 60 - 50 = 10, dy = 0 -> e = 100 / 0.04 / 400 / 2 = 3.125
        assertThat(CocoEvaluator.oks(gt, bbox, 400, new double[] {60, 20, 1}, ONE_SIGMA))
                .isCloseTo(Math.exp(-3.125), EXACT);
        // (-13, 54): dx = -10 - (-13) = 3, dy = 54 - 50 = 4 -> d^2 = 25 -> e = 25 / 32 = 0.78125
        assertThat(CocoEvaluator.oks(gt, bbox, 400, new double[] {-13, 54, 1}, ONE_SIGMA))
                .isCloseTo(Math.exp(-0.78125), EXACT);
        // inside the grown box (even outside the box itself): distance 0 -> 1
        assertThat(CocoEvaluator.oks(gt, bbox, 400, new double[] {45, -5, 1}, ONE_SIGMA)).isEqualTo(1.0);
        // with two keypoints, both are averaged: (1 + exp(-3.125)) / 2
        assertThat(CocoEvaluator.oks(new double[] {0, 0, 0, 0, 0, 0}, bbox, 400,
                new double[] {45, -5, 1, 60, 20, 1}, TWO_SIGMAS)).isCloseTo((1 + Math.exp(-3.125)) / 2, EXACT);
    }

    @Test
    void oneKeypointAtOksPointSevenSevenEightUsesTheDefaultSigmaAndMatchesSixThresholds() {
        // no sigmas for category 1: default 0.05 -> var = 0.01. gt area 2000 (medium), d^2 = 3^2 + 1 = 10:
        // e = 10 / 0.01 / 2000 / 2 = 0.25, oks = exp(-0.25) = 0.7788: matches .50 .55 .60 .65 .70 .75
        // (6 of 10), not .80 .. .95 -> AP = 0.6, AR = 0.6.
        KeypointMetrics m = CocoEvaluator.evaluateKeypoints(IMAGE_1,
                List.of(person(1, new double[] {0, 0, 40, 50}, 2000, 10, 10, 2)),
                List.of(pose(0.9, 13, 11, 1)), Map.of());

        assertThat(m.ap()).isCloseTo(0.6, EXACT);
        assertThat(m.ap50()).isCloseTo(1.0, EXACT);
        assertThat(m.ap75()).isCloseTo(1.0, EXACT);
        assertThat(m.apMedium()).isCloseTo(0.6, EXACT);
        assertThat(m.apLarge()).isEqualTo(-1.0);
        assertThat(m.ar()).isCloseTo(0.6, EXACT);
        assertThat(m.ar50()).isEqualTo(1.0);
        assertThat(m.ar75()).isEqualTo(1.0);
        assertThat(m.arMedium()).isCloseTo(0.6, EXACT);
        assertThat(m.arLarge()).isEqualTo(-1.0);
        assertThat(m.apByCategory().get(1)).isCloseTo(0.6, EXACT);
        assertThat(m.stats()).hasSize(10);
        assertThat(m.summary()).isEqualTo("""
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.600
                 Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 1.000
                 Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 1.000
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = 0.600
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = -1.000
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.600
                 Average Recall     (AR) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 1.000
                 Average Recall     (AR) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 1.000
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = 0.600
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = -1.000
                """);

        // the same with sigma 0.1 given explicitly: var 0.04 -> e = 0.0625, oks = 0.939: matches .50 .. .90
        // (0.95 fails) -> AP = 0.9
        KeypointMetrics wider = CocoEvaluator.evaluateKeypoints(IMAGE_1,
                List.of(person(1, new double[] {0, 0, 40, 50}, 2000, 10, 10, 2)),
                List.of(pose(0.9, 13, 11, 1)), Map.of(1, ONE_SIGMA));
        assertThat(wider.ap()).isCloseTo(0.9, EXACT);
    }

    @Test
    void groundTruthWithoutVisibleKeypointsIsIgnored() {
        // N: a normal person; Z: num_keypoints = 0 at (200, 200). Both medium (area 2000).
        EvalGroundTruth n = person(1, new double[] {0, 0, 40, 50}, 2000, 10, 10, 2);
        EvalGroundTruth z = person(2, new double[] {200, 200, 40, 50}, 2000, 0, 0, 0);
        assertThat(z.numKeypoints()).isZero();
        EvalDetection onN = pose(0.8, 10, 10, 1);
        // Only N is detected: Z does not count in recall -> AP 1 (counting Z: recall 1/2, AP about 0.5).
        KeypointMetrics m = CocoEvaluator.evaluateKeypoints(IMAGE_1, List.of(n, z), List.of(onN),
                Map.of(1, ONE_SIGMA));
        assertThat(m.ap()).isCloseTo(1.0, EXACT);
        assertThat(m.ar()).isEqualTo(1.0);

        // A higher-ranked detection at (210, 210), inside Z's grown box (OKS 1 with Z by the box rule),
        // matches Z and is ignored instead of being a FP ranked first (which would give AP 0.5).
        m = CocoEvaluator.evaluateKeypoints(IMAGE_1, List.of(n, z), List.of(pose(0.9, 210, 210, 1), onN),
                Map.of(1, ONE_SIGMA));
        assertThat(m.ap()).isCloseTo(1.0, EXACT);

        // A ground truth without keypoints at all behaves the same.
        EvalGroundTruth none = new EvalGroundTruth(3, 1, 1, new double[] {200, 200, 40, 50}, 2000, false,
                false, null);
        m = CocoEvaluator.evaluateKeypoints(IMAGE_1, List.of(n, none), List.of(pose(0.9, 210, 210, 1), onN),
                Map.of(1, ONE_SIGMA));
        assertThat(m.ap()).isCloseTo(1.0, EXACT);
    }

    @Test
    void keypointDetectionAreaIsTheExtentOfItsKeypoints() {
        // gt N medium (area 3000). Ranked: a far-off pose at 0.9 whose keypoints span 5 x 5 = 25 px^2
        // (its bbox field says 50 x 50 = 2500, medium, but loadRes uses the keypoints), then N exactly.
        // all:    FP, TP -> AP 0.5
        // medium: the FP is unmatched and its area 25 is outside [32^2, 96^2] -> ignored -> AP 1
        EvalGroundTruth n = person(1, new double[] {0, 0, 50, 60}, 3000, 10, 10, 2, 40, 50, 2);
        EvalDetection far = new EvalDetection(1, 1, new double[] {290, 290, 50, 50}, 0.9,
                new double[] {300, 300, 1, 305, 305, 1});
        KeypointMetrics m = CocoEvaluator.evaluateKeypoints(IMAGE_1, List.of(n),
                List.of(far, pose(0.8, 10, 10, 1, 40, 50, 1)), Map.of(1, TWO_SIGMAS));

        assertThat(m.ap()).isCloseTo(0.5, EXACT);
        assertThat(m.apMedium()).isCloseTo(1.0, EXACT);
        assertThat(m.apLarge()).isEqualTo(-1.0);
    }

    @Test
    void personSigmasAreThoseOfPycocotools() {
        // repr() of pycocotools' np.array([.26, .25, ...]) / 10.0: not the literals 0.026, 0.035, 0.107
        assertThat(CocoEvaluator.COCO_PERSON_SIGMAS).containsExactly(
                0.026000000000000002, 0.025, 0.025, 0.034999999999999996, 0.034999999999999996, 0.079, 0.079,
                0.072, 0.072, 0.062, 0.062, 0.10700000000000001, 0.10700000000000001, 0.087, 0.087, 0.089,
                0.089);
        assertThat(CocoEvaluator.defaultSigmas(3)).containsExactly(0.05, 0.05, 0.05);
        assertThat(CocoEvaluator.DEFAULT_KEYPOINT_SIGMA).isEqualTo(0.05);
    }

    @Test
    void mismatchedKeypointCountsAreRejected() {
        double[] gt = new double[9];
        Arrays.fill(gt, 1);
        assertThatThrownBy(() -> CocoEvaluator.oks(gt, new double[] {0, 0, 1, 1}, 1, new double[] {1, 1, 1},
                new double[] {0.1, 0.1, 0.1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CocoEvaluator.evaluateKeypoints(IMAGE_1,
                List.of(person(1, new double[] {0, 0, 40, 50}, 2000, 10, 10, 2)),
                List.of(EvalDetection.ofBox(1, 1, new double[] {0, 0, 40, 50}, 0.9)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
