package io.detectionstudio.core.eval;

import static io.detectionstudio.core.eval.ImageMatching.DetectionOutcome.FALSE_POSITIVE;
import static io.detectionstudio.core.eval.ImageMatching.DetectionOutcome.IGNORED;
import static io.detectionstudio.core.eval.ImageMatching.DetectionOutcome.TRUE_POSITIVE;
import static io.detectionstudio.core.eval.ImageMatching.GroundTruthOutcome.MATCHED;
import static io.detectionstudio.core.eval.ImageMatching.GroundTruthOutcome.MISSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-made cases of the per-image matching, and a check that it agrees with the evaluator's recall. */
class ImageMatchingTest {

    private static EvalGroundTruth gt(int category, double x, double y, double w, double h) {
        return EvalGroundTruth.ofBox(0, 1, category, new double[] {x, y, w, h});
    }

    private static EvalGroundTruth difficult(int category, double x, double y, double w, double h) {
        return new EvalGroundTruth(0, 1, category, new double[] {x, y, w, h}, w * h, false, true, null);
    }

    private static EvalGroundTruth crowd(int category, double x, double y, double w, double h) {
        return new EvalGroundTruth(0, 1, category, new double[] {x, y, w, h}, w * h, true, false, null);
    }

    private static EvalDetection dt(int category, double x, double y, double w, double h, double score) {
        return EvalDetection.ofBox(1, category, new double[] {x, y, w, h}, score);
    }

    @Test
    void aDuplicateDetectionIsAFalsePositiveAndTheBetterScoreWins() {
        // the lower-scored detection is listed first: order by score, not by input
        ImageMatching.Result r = ImageMatching.match(List.of(gt(1, 0, 0, 10, 10)),
                List.of(dt(1, 0, 0, 10, 10, 0.6), dt(1, 1, 0, 10, 10, 0.9)), 0.5);
        assertThat(r.detections()).containsExactly(FALSE_POSITIVE, TRUE_POSITIVE);
        assertThat(r.groundTruths()).containsExactly(MATCHED);
        assertThat(r.matches()).containsExactly(-1, 0);
        assertThat(r.truePositives()).isEqualTo(1);
        assertThat(r.falsePositives()).isEqualTo(1);
        assertThat(r.misses()).isZero();
    }

    @Test
    void aPoorBoxIsAFalsePositiveAndTheObjectIsMissed() {
        // IoU of [0,0,10,10] and [5,0,10,10] is 50 / 150 = 0.33
        ImageMatching.Result r = ImageMatching.match(List.of(gt(1, 0, 0, 10, 10)), List.of(dt(1, 5, 0, 10, 10, 0.9)), 0.5);
        assertThat(r.detections()).containsExactly(FALSE_POSITIVE);
        assertThat(r.groundTruths()).containsExactly(MISSED);
        // an IoU of exactly the threshold matches: [0,0,10,10] vs [0,0,10,5] is 0.5
        ImageMatching.Result exact = ImageMatching.match(List.of(gt(1, 0, 0, 10, 10)), List.of(dt(1, 0, 0, 10, 5, 0.9)), 0.5);
        assertThat(exact.detections()).containsExactly(TRUE_POSITIVE);
    }

    @Test
    void theWrongClassNeverMatches() {
        ImageMatching.Result r = ImageMatching.match(List.of(gt(1, 0, 0, 10, 10)), List.of(dt(2, 0, 0, 10, 10, 0.9)), 0.5);
        assertThat(r.detections()).containsExactly(FALSE_POSITIVE);
        assertThat(r.groundTruths()).containsExactly(MISSED);
    }

    @Test
    void matchingIsGreedyByScoreNotOptimal() {
        // A (0.9) overlaps G1 by 0.54 and G2 by 0.82, so it takes G2; B (0.8) overlaps G2 by 0.82 and G1 by 0.33:
        // G2 is taken, so B is a false positive and G1 is missed (A to G1 and B to G2 would have matched both).
        EvalGroundTruth g1 = gt(1, 0, 0, 10, 10);
        EvalGroundTruth g2 = gt(1, 4, 0, 10, 10);
        EvalDetection a = dt(1, 3, 0, 10, 10, 0.9);
        EvalDetection b = dt(1, 5, 0, 10, 10, 0.8);
        assertThat(CocoEvaluator.boxIou(a.bbox(), g1.bbox(), false)).isGreaterThan(0.5);
        ImageMatching.Result r = ImageMatching.match(List.of(g1, g2), List.of(b, a), 0.5);
        assertThat(r.detections()).containsExactly(FALSE_POSITIVE, TRUE_POSITIVE);
        assertThat(r.groundTruths()).containsExactly(MISSED, MATCHED);
        assertThat(r.matches()).containsExactly(-1, 1);
    }

    @Test
    void aDetectionTakesTheFreeGroundTruthItOverlapsBest() {
        EvalGroundTruth left = gt(1, 0, 0, 10, 10);
        EvalGroundTruth right = gt(1, 4, 0, 10, 10);
        // the detection overlaps "right" more (IoU 1 vs 6/14)
        ImageMatching.Result r = ImageMatching.match(List.of(left, right),
                List.of(dt(1, 4, 0, 10, 10, 0.9), dt(1, 0, 0, 10, 10, 0.5)), 0.4);
        assertThat(r.matches()).containsExactly(1, 0);
        assertThat(r.groundTruths()).containsExactly(MATCHED, MATCHED);
    }

    @Test
    void difficultObjectsAreNeitherMissedNorCountedAndTakeAnyNumberOfDetections() {
        ImageMatching.Result r = ImageMatching.match(List.of(difficult(1, 0, 0, 10, 10)),
                List.of(dt(1, 0, 0, 10, 10, 0.9), dt(1, 1, 0, 10, 10, 0.8)), 0.5);
        assertThat(r.detections()).containsExactly(IGNORED, IGNORED);
        assertThat(r.groundTruths()).containsExactly(ImageMatching.GroundTruthOutcome.IGNORED);
        assertThat(r.misses()).isZero();
        assertThat(r.falsePositives()).isZero();
    }

    @Test
    void aRegularObjectIsPreferredToADifficultOneItOverlapsBetter() {
        // the detection overlaps the difficult box perfectly and the regular one by 0.67: it takes the regular one
        ImageMatching.Result r = ImageMatching.match(List.of(difficult(1, 0, 0, 10, 10), gt(1, 0, 0, 10, 15)),
                List.of(dt(1, 0, 0, 10, 10, 0.9)), 0.5);
        assertThat(r.detections()).containsExactly(TRUE_POSITIVE);
        assertThat(r.matches()).containsExactly(1);
    }

    @Test
    void aCrowdRegionUsesIntersectionOverTheDetectionsArea() {
        // a small detection inside a big crowd box: IoU 4/400 but IoA 1
        ImageMatching.Result r = ImageMatching.match(List.of(crowd(1, 0, 0, 20, 20)), List.of(dt(1, 5, 5, 2, 2, 0.9)), 0.5);
        assertThat(r.detections()).containsExactly(IGNORED);
        assertThat(r.misses()).isZero();
    }

    @Test
    void emptySides() {
        ImageMatching.Result nothingFound = ImageMatching.match(List.of(gt(1, 0, 0, 10, 10), gt(2, 0, 0, 5, 5)), List.of(), 0.5);
        assertThat(nothingFound.misses()).isEqualTo(2);
        ImageMatching.Result nothingThere = ImageMatching.match(List.of(), List.of(dt(1, 0, 0, 10, 10, 0.9)), 0.5);
        assertThat(nothingThere.falsePositives()).isEqualTo(1);
        assertThatThrownBy(() -> ImageMatching.match(List.of(),
                List.of(EvalDetection.ofKeypoints(1, 1, new double[] {1, 1, 2}, 0.5)), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Random scenes: the recall the evaluator's curve reaches at IoU .5 is the matcher's TP over the counted objects. */
    @Test
    void agreesWithTheEvaluatorsRecallAtIou50() {
        Random rnd = new Random(7);
        for (int scene = 0; scene < 200; scene++) {
            List<EvalGroundTruth> gts = new ArrayList<>();
            List<EvalDetection> dts = new ArrayList<>();
            int numGts = 1 + rnd.nextInt(6);
            for (int i = 0; i < numGts; i++) {
                double x = rnd.nextInt(60);
                double y = rnd.nextInt(60);
                double w = 10 + rnd.nextInt(30);
                double h = 10 + rnd.nextInt(30);
                gts.add(rnd.nextInt(6) == 0 ? difficult(1, x, y, w, h) : gt(1, x, y, w, h));
                for (int k = rnd.nextInt(3); k > 0; k--) {
                    dts.add(dt(1, x + rnd.nextGaussian() * 4, y + rnd.nextGaussian() * 4, w, h, rnd.nextDouble()));
                }
            }
            for (int k = rnd.nextInt(3); k > 0; k--) {
                dts.add(dt(1, rnd.nextInt(80), rnd.nextInt(80), 15, 15, rnd.nextDouble()));
            }
            long counted = gts.stream().filter(g -> !g.ignore()).count();
            if (counted == 0) {
                continue;
            }
            ImageMatching.Result r = ImageMatching.match(gts, dts, 0.5);
            PrecisionRecallCurve curve = CocoEvaluator.evaluateBoxes(List.of(1L), gts, dts).prCurves().get(1);
            double recall = (double) r.truePositives() / counted;
            // the curve is positive up to the recall reached and 0 past it (101 thresholds; allow the threshold at it)
            double[] p = curve.precision();
            int below = (int) Math.floor(recall * 100 - 1e-9);
            if (r.truePositives() > 0) {
                assertThat(p[below]).as("scene %d: precision at recall %.2f", scene, below / 100.0).isPositive();
            }
            int above = (int) Math.ceil(recall * 100 + 1e-9);
            if (above <= 100) {
                assertThat(p[above]).as("scene %d: precision past recall %.3f", scene, recall).isZero();
            }
            assertThat(r.truePositives() + r.falsePositives()
                    + (int) r.detections().stream().filter(o -> o == IGNORED).count()).isEqualTo(dts.size());
        }
    }
}
