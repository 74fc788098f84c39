package io.detectionstudio.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked box cases. Throughout: one true positive gives precision {@code tp / (tp + fp + eps)}, i.e.
 * {@code 1 - 2^-52} rather than 1, so values are compared to {@link #EXACT} (1e-12); values that no
 * arithmetic reaches (0, -1) are compared exactly.
 */
class CocoEvaluatorBoxesTest {

    private static final Offset<Double> EXACT = within(1e-12);
    private static final List<Long> IMAGE_1 = List.of(1L);

    private static long nextId = 1;

    private static EvalGroundTruth gt(long image, int cat, double x, double y, double w, double h) {
        return EvalGroundTruth.ofBox(nextId++, image, cat, new double[] {x, y, w, h});
    }

    private static EvalGroundTruth gtWithArea(double x, double y, double w, double h, double area) {
        return new EvalGroundTruth(nextId++, 1, 1, new double[] {x, y, w, h}, area, false, false, null);
    }

    private static EvalGroundTruth crowd(double x, double y, double w, double h) {
        return new EvalGroundTruth(nextId++, 1, 1, new double[] {x, y, w, h}, w * h, true, false, null);
    }

    private static EvalGroundTruth difficult(double x, double y, double w, double h) {
        return new EvalGroundTruth(nextId++, 1, 1, new double[] {x, y, w, h}, w * h, false, true, null);
    }

    private static EvalDetection det(long image, int cat, double score, double x, double y, double w, double h) {
        return EvalDetection.ofBox(image, cat, new double[] {x, y, w, h}, score);
    }

    @Test
    void onePerfectDetectionScoresOneAndEmptyRangesMinusOne() {
        // 50x50 box: area 2500 is "medium" (32^2 <= 2500 <= 96^2); no small or large object exists.
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 10, 10, 50, 50)), List.of(det(1, 1, 0.9, 10, 10, 50, 50)));

        // IoU 1 matches at every threshold: precision 1/(1+eps) at every recall threshold.
        assertThat(m.ap()).isCloseTo(1.0, EXACT);
        assertThat(m.ap50()).isCloseTo(1.0, EXACT);
        assertThat(m.ap75()).isCloseTo(1.0, EXACT);
        assertThat(m.apMedium()).isCloseTo(1.0, EXACT);
        assertThat(m.apSmall()).isEqualTo(-1.0);
        assertThat(m.apLarge()).isEqualTo(-1.0);
        assertThat(m.ar1()).isEqualTo(1.0);
        assertThat(m.ar10()).isEqualTo(1.0);
        assertThat(m.ar100()).isEqualTo(1.0);
        assertThat(m.arMedium()).isEqualTo(1.0);
        assertThat(m.arSmall()).isEqualTo(-1.0);
        assertThat(m.arLarge()).isEqualTo(-1.0);
        assertThat(m.apByCategory()).containsOnlyKeys(1);
        assertThat(m.apByCategory().get(1)).isCloseTo(1.0, EXACT);
        // pycocotools prints exactly this for the same input
        assertThat(m.summary()).isEqualTo("""
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 1.000
                 Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 1.000
                 Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 1.000
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = -1.000
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 1.000
                 Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = -1.000
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 1.000
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ] = 1.000
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 1.000
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = -1.000
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 1.000
                 Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = -1.000
                """);
        assertThat(m.summaryLines()).hasSize(12);
        assertThat(m.stats()).hasSize(12).startsWith(m.ap(), m.ap50());
    }

    @Test
    void iouOfExactlyPointSixMatchesThreeThresholds() {
        // gt 10x10, det 10x6 inside it: IoU = 60 / (60 + 100 - 60) = 0.6 exactly.
        // Thresholds .50, .55, .60 match (iou >= t), .65 .. .95 do not: AP = (3 * 1 + 7 * 0) / 10 = 0.3.
        assertThat(CocoEvaluator.boxIou(new double[] {0, 0, 10, 6}, new double[] {0, 0, 10, 10}, false))
                .isEqualTo(0.6);
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 0, 0, 10, 10)), List.of(det(1, 1, 0.9, 0, 0, 10, 6)));

        assertThat(m.ap()).isCloseTo(0.3, EXACT);
        assertThat(m.ap50()).isCloseTo(1.0, EXACT);
        assertThat(m.ap75()).isEqualTo(0.0);
        assertThat(m.apSmall()).isCloseTo(0.3, EXACT); // area 100 < 32^2
        // recall is 1 at 3 thresholds and 0 at 7: AR = 3/10
        assertThat(m.ar100()).isCloseTo(0.3, EXACT);
        assertThat(m.summaryLines().get(0))
                .isEqualTo(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.300");
        assertThat(m.summaryLines().get(2))
                .isEqualTo(" Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 0.000");
    }

    @Test
    void falsePositiveRankedFirstIsInterpolatedAway() {
        // gts A, B. Ranked: FP (0.9), A (0.8), B (0.7), at every threshold:
        //   tp = [0, 1, 2], fp = [1, 1, 1]  ->  recall = [0, .5, 1], precision = [0, 1/2, 2/3]
        //   made monotone from the right: [2/3, 2/3, 2/3]
        //   recall thresholds 0 .. .50 -> first index with recall >= r is 0 or 1, .51 .. 1 -> 2: all 2/3
        //   AP = 2/3
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 0, 0, 10, 10), gt(1, 1, 100, 100, 10, 10)),
                List.of(det(1, 1, 0.9, 50, 50, 10, 10), det(1, 1, 0.8, 0, 0, 10, 10),
                        det(1, 1, 0.7, 100, 100, 10, 10)));

        assertThat(m.ap()).isCloseTo(2.0 / 3, EXACT);
        assertThat(m.ap50()).isCloseTo(2.0 / 3, EXACT);
        assertThat(m.ar100()).isEqualTo(1.0);
        assertThat(m.ar1()).isEqualTo(0.0); // the single best detection is the false positive
    }

    @Test
    void falsePositiveRankedBetweenTwoHitsGivesTheHundredOnePointAverage() {
        // gts A, B. Ranked: A (0.9), FP (0.8), B (0.7), at every threshold:
        //   tp = [1, 1, 2], fp = [0, 1, 1]  ->  recall = [.5, .5, 1], precision = [1, 1/2, 2/3]
        //   monotone: [1, 2/3, 2/3]
        //   recall thresholds .00 .. .50 (51 of them) -> index 0 -> 1
        //   recall thresholds .51 .. 1.0 (50 of them) -> index 2 -> 2/3
        //   AP = (51 * 1 + 50 * 2/3) / 101 = (153 + 100) / 303 = 253/303 = 0.83498...
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 0, 0, 10, 10), gt(1, 1, 100, 100, 10, 10)),
                List.of(det(1, 1, 0.9, 0, 0, 10, 10), det(1, 1, 0.8, 50, 50, 10, 10),
                        det(1, 1, 0.7, 100, 100, 10, 10)));

        assertThat(m.ap()).isCloseTo(253.0 / 303, EXACT);
        assertThat(m.ap50()).isCloseTo(253.0 / 303, EXACT);
        assertThat(m.ar1()).isEqualTo(0.5);
        assertThat(m.ar100()).isEqualTo(1.0);
        assertThat(m.summaryLines().get(0)).endsWith("] = 0.835");

        PrecisionRecallCurve curve = m.prCurves().get(1);
        assertThat(curve.defined()).isTrue();
        assertThat(curve.categoryId()).isEqualTo(1);
        for (int r = 0; r <= 50; r++) {
            assertThat(curve.precision()[r]).isCloseTo(1.0, EXACT);
            assertThat(curve.scores()[r]).isEqualTo(0.9); // recall .5 is reached at the first detection
        }
        for (int r = 51; r <= 100; r++) {
            assertThat(curve.precision()[r]).isCloseTo(2.0 / 3, EXACT);
            assertThat(curve.scores()[r]).isEqualTo(0.7); // recall 1 is reached at the third
        }
    }

    @Test
    void duplicateDetectionOfOneObjectIsAFalsePositive() {
        // gts A, B. Ranked: A (0.9), A again (0.8), B (0.7). A is taken by the first detection, so the
        // duplicate matches nothing and is a false positive: same ranks as the case above, AP = 253/303.
        // (Were the duplicate ignored, AP would be 1.)
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 0, 0, 10, 10), gt(1, 1, 100, 100, 10, 10)),
                List.of(det(1, 1, 0.9, 0, 0, 10, 10), det(1, 1, 0.8, 0, 0, 10, 10),
                        det(1, 1, 0.7, 100, 100, 10, 10)));

        assertThat(m.ap()).isCloseTo(253.0 / 303, EXACT);
    }

    @Test
    void crowdIouIsIntersectionOverDetectionArea() {
        double[] crowd = {100, 100, 100, 100};
        // inside: intersection 400 over the detection's 400 (ordinary IoU: 400 / 10000 = 0.04)
        assertThat(CocoEvaluator.boxIou(new double[] {110, 110, 20, 20}, crowd, true)).isEqualTo(1.0);
        assertThat(CocoEvaluator.boxIou(new double[] {110, 110, 20, 20}, crowd, false)).isEqualTo(0.04);
        // straddling the corner: intersection 10 x 10 = 100 over 400
        assertThat(CocoEvaluator.boxIou(new double[] {190, 190, 20, 20}, crowd, true)).isEqualTo(0.25);
        // touching boxes do not overlap
        assertThat(CocoEvaluator.boxIou(new double[] {200, 100, 20, 20}, crowd, true)).isEqualTo(0.0);
    }

    @Test
    void detectionsInsideACrowdRegionAreIgnoredNotFalsePositives() {
        // gt A (10x10, small) and a 100x100 crowd region. Ranked: two boxes inside the crowd (0.95, 0.9),
        // then A (0.8). Both crowd hits have crowd-IoU 1, match the crowd (which may be matched any number
        // of times) and are ignored; A is the only counted object: tp = [1], fp = [0] -> AP = 1.
        // (Counted as false positives they would give tp = [0, 0, 1], fp = [1, 2, 2] -> AP 1/3.)
        // (The crowd is listed first: evaluation sorts ground truths ignore-last, whatever the input order.)
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(crowd(100, 100, 100, 100), gt(1, 1, 0, 0, 10, 10)),
                List.of(det(1, 1, 0.95, 110, 110, 20, 20), det(1, 1, 0.9, 150, 150, 10, 10),
                        det(1, 1, 0.8, 0, 0, 10, 10)));

        assertThat(m.ap()).isCloseTo(1.0, EXACT);
        assertThat(m.ar100()).isEqualTo(1.0);
        assertThat(m.apSmall()).isCloseTo(1.0, EXACT);
        // the crowd (area 10000) is the only large object and it does not count: -1
        assertThat(m.apLarge()).isEqualTo(-1.0);
    }

    @Test
    void detectionOnARealObjectInsideACrowdStaysATruePositive() {
        // A (10x10) lies inside a 100x100 crowd. The detection [1, 0, 10, 10] has IoU 90/110 = 0.818 with A
        // and crowd-IoU 100/100 = 1 with the crowd. Ground truths are scanned ignore-last (the crowd is
        // listed first here) and, once the detection holds a real object, the scan stops at the first
        // ignored one ("break"): it stays on A, a TP at thresholds .50 .. .80 (7 of 10). Scanned in input
        // order, or without the break, it would take the crowd (the better IoU) and be ignored.
        // AP = 7/10 = 0.7, AR = 0.7; at .85 .. .95 it is matched to the crowd only, hence ignored, not FP.
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(crowd(0, 0, 100, 100), gt(1, 1, 0, 0, 10, 10)),
                List.of(det(1, 1, 0.9, 1, 0, 10, 10)));

        assertThat(m.ap()).isCloseTo(0.7, EXACT);
        assertThat(m.ar100()).isCloseTo(0.7, EXACT);
    }

    @Test
    void difficultObjectIgnoresAnyNumberOfMatchesButUsesOrdinaryIou() {
        // gt A (normal) and D (difficult, 20x20 at 100,100). Ranked:
        //   0.99: 5x5 box in D's corner: ordinary IoU 25/400 = 0.0625 -> no match -> FP
        //         (with the crowd rule it would be 25/25 = 1 and ignored)
        //   0.95, 0.90: D exactly -> both match D and are ignored (VOC: the second is not a FP)
        //   0.80: A -> TP
        // tp = [0, 0, 0, 1], fp = [1, 1, 1, 1]: recall = [0, 0, 0, 1], precision = [0, 0, 0, 1/2]
        // -> monotone 1/2 everywhere -> AP = 0.5. (Second D hit as FP: 1/3; corner box ignored: 1.)
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 0, 0, 10, 10), difficult(100, 100, 20, 20)),
                List.of(det(1, 1, 0.99, 100, 100, 5, 5), det(1, 1, 0.95, 100, 100, 20, 20),
                        det(1, 1, 0.9, 100, 100, 20, 20), det(1, 1, 0.8, 0, 0, 10, 10)));

        assertThat(m.ap()).isCloseTo(0.5, EXACT);
        assertThat(m.ar100()).isEqualTo(1.0); // D is not counted in recall: 1 of 1
    }

    @Test
    void maxDetsCutsDetectionsPerImage() {
        // image 1: gts A, B found by 0.9 and 0.8; image 2: gt C, a FP at 0.95 and C at 0.6.
        // AR@1 keeps each image's best detection: A (hit) and the FP -> 1 of 3 objects = 1/3.
        // AR@10 keeps everything: 3 of 3 = 1.
        CocoMetrics m = CocoEvaluator.evaluateBoxes(List.of(1L, 2L),
                List.of(gt(1, 1, 0, 0, 10, 10), gt(1, 1, 100, 100, 10, 10), gt(2, 1, 0, 0, 10, 10)),
                List.of(det(1, 1, 0.9, 0, 0, 10, 10), det(1, 1, 0.8, 100, 100, 10, 10),
                        det(2, 1, 0.95, 50, 50, 10, 10), det(2, 1, 0.6, 0, 0, 10, 10)));

        assertThat(m.ar1()).isCloseTo(1.0 / 3, EXACT);
        assertThat(m.ar10()).isEqualTo(1.0);
        assertThat(m.ar100()).isEqualTo(1.0);
    }

    @Test
    void detectionsBeyondOneHundredPerImageAreDropped() {
        // 100 false positives scored 0.5 .. 0.599 outrank the one hit at 0.4, which is the 101st
        // detection of the image and so never seen: recall 0, AP 0.
        List<EvalDetection> dts = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            dts.add(det(1, 1, 0.5 + i / 1000.0, 200, 200, 10, 10));
        }
        dts.add(det(1, 1, 0.4, 0, 0, 10, 10));
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1, List.of(gt(1, 1, 0, 0, 10, 10)), dts);
        assertThat(m.ar100()).isEqualTo(0.0);
        assertThat(m.ap()).isEqualTo(0.0);

        dts.remove(0); // now the hit is the 100th
        m = CocoEvaluator.evaluateBoxes(IMAGE_1, List.of(gt(1, 1, 0, 0, 10, 10)), dts);
        assertThat(m.ar100()).isEqualTo(1.0);
        // 99 FPs then the hit: precision 1/100 at recall 1, every recall threshold -> AP = 0.01
        assertThat(m.ap()).isCloseTo(0.01, EXACT);
    }

    @Test
    void sizeBucketsUseTheAreaFieldNotTheBox() {
        // a 100x100 box (box area 10000: "large") whose annotated area is 500 (a thin polygon): small.
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gtWithArea(0, 0, 100, 100, 500)), List.of(det(1, 1, 0.9, 0, 0, 100, 100)));
        assertThat(m.apSmall()).isCloseTo(1.0, EXACT);
        assertThat(m.apMedium()).isEqualTo(-1.0);
        assertThat(m.apLarge()).isEqualTo(-1.0);

        // the ranges are closed: area exactly 32^2 = 1024 is both small and medium
        m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gtWithArea(0, 0, 32, 32, 1024)), List.of(det(1, 1, 0.9, 0, 0, 32, 32)));
        assertThat(m.apSmall()).isCloseTo(1.0, EXACT);
        assertThat(m.apMedium()).isCloseTo(1.0, EXACT);
        assertThat(m.apLarge()).isEqualTo(-1.0);
    }

    @Test
    void unmatchedDetectionOutsideTheAreaRangeIsIgnoredInThatRange() {
        // gt A (area 100, small); a 200x200 FP at 0.9 (box area 40000), then A at 0.8.
        // all:   FP, TP -> precision [0, 1/2] -> monotone 1/2 -> AP 0.5
        // small: the FP is unmatched and outside [0, 32^2] -> ignored -> AP 1
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 0, 0, 10, 10)),
                List.of(det(1, 1, 0.9, 200, 200, 200, 200), det(1, 1, 0.8, 0, 0, 10, 10)));

        assertThat(m.ap()).isCloseTo(0.5, EXACT);
        assertThat(m.apSmall()).isCloseTo(1.0, EXACT);
        assertThat(m.apLarge()).isEqualTo(-1.0); // no large object, however many large detections
    }

    @Test
    void categoriesAreEvaluatedSeparately() {
        // cat 1: gt at A; cat 2: gt at B. A cat-2 detection on A (0.9) is a FP for cat 2 even though
        // it overlaps a cat-1 object.
        // cat 1: A hit (0.8) -> AP 1.  cat 2: FP (0.9), B hit (0.7) -> precision [0, 1/2] -> AP 0.5.
        // mean over both categories' 1010 entries each: (1 + 0.5) / 2 = 0.75
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 0, 0, 10, 10), gt(1, 2, 100, 100, 10, 10)),
                List.of(det(1, 2, 0.9, 0, 0, 10, 10), det(1, 1, 0.8, 0, 0, 10, 10),
                        det(1, 2, 0.7, 100, 100, 10, 10)));

        assertThat(m.apByCategory()).containsOnlyKeys(1, 2);
        assertThat(m.apByCategory().get(1)).isCloseTo(1.0, EXACT);
        assertThat(m.apByCategory().get(2)).isCloseTo(0.5, EXACT);
        assertThat(m.ap()).isCloseTo(0.75, EXACT);
    }

    @Test
    void categoryWithoutGroundTruthIsMinusOneAndLeftOutOfTheMean() {
        // categories [1, 3] (as from a file's category list); only 1 has an object. Category 3's lone
        // detection cannot be scored (npig = 0): -1, not 0, and the mean is category 1's AP alone.
        // A detection of category 7 (not in the set) is dropped.
        List<EvalGroundTruth> gts = List.of(gt(1, 1, 0, 0, 10, 10));
        List<EvalDetection> dts = List.of(det(1, 7, 0.95, 0, 0, 10, 10), det(1, 1, 0.9, 0, 0, 10, 10),
                det(1, 3, 0.8, 50, 50, 10, 10));
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1, List.of(3, 1), gts, dts);

        assertThat(m.apByCategory()).containsOnlyKeys(1, 3);
        assertThat(m.apByCategory().keySet()).containsExactly(1, 3); // increasing id order
        assertThat(m.apByCategory().get(3)).isEqualTo(-1.0);
        assertThat(m.ap()).isCloseTo(1.0, EXACT);
        assertThat(m.prCurves().get(3).defined()).isFalse();
        assertThat(m.prCurves().get(3).precision()).containsOnly(-1.0);

        // by default the categories are those of the ground truths
        assertThat(CocoEvaluator.evaluateBoxes(IMAGE_1, gts, dts).apByCategory()).containsOnlyKeys(1);
    }

    @Test
    void imagesOutsideTheImageSetAreIgnored() {
        // image 2 is not evaluated: its object and its higher-scored detection do not count.
        CocoMetrics m = CocoEvaluator.evaluateBoxes(IMAGE_1,
                List.of(gt(1, 1, 0, 0, 10, 10), gt(2, 1, 0, 0, 10, 10)),
                List.of(det(2, 1, 0.9, 50, 50, 10, 10), det(1, 1, 0.8, 0, 0, 10, 10)));
        assertThat(m.ap()).isCloseTo(1.0, EXACT);
        assertThat(m.ar100()).isEqualTo(1.0);

        // no image at all: nothing is defined
        CocoMetrics none = CocoEvaluator.evaluateBoxes(List.of(),
                List.of(gt(1, 1, 0, 0, 10, 10)), List.of(det(1, 1, 0.8, 0, 0, 10, 10)));
        assertThat(none.stats()).containsOnly(-1.0);
    }

    @Test
    void detectionsOnAnImageWithoutObjectsAreFalsePositives() {
        // image 2 has no object but a detection at 0.9: FP, then image 1's hit -> AP 0.5
        CocoMetrics m = CocoEvaluator.evaluateBoxes(List.of(1L, 2L),
                List.of(gt(1, 1, 0, 0, 10, 10)),
                List.of(det(2, 1, 0.9, 0, 0, 10, 10), det(1, 1, 0.8, 0, 0, 10, 10)));
        assertThat(m.ap()).isCloseTo(0.5, EXACT);
    }

    @Test
    void equalScoresKeepImageOrderThenInputOrder() {
        // Ties are ranked as numpy's stable mergesort leaves them: images in increasing id order (the
        // image set is sorted, whatever order it is given in), and within an image in input order.
        // Image 1's hit and image 2's FP both score 0.5: the hit comes first -> precision [1, 1/2] -> AP 1
        CocoMetrics acrossImages = CocoEvaluator.evaluateBoxes(List.of(2L, 1L),
                List.of(gt(1, 1, 0, 0, 10, 10)),
                List.of(det(2, 1, 0.5, 0, 0, 10, 10), det(1, 1, 0.5, 0, 0, 10, 10)));
        assertThat(acrossImages.ap()).isCloseTo(1.0, EXACT);

        // Same image: FP listed first -> FP ranked first -> AP 0.5; hit listed first -> AP 1.
        List<EvalGroundTruth> gts = List.of(gt(1, 1, 0, 0, 10, 10));
        EvalDetection fp = det(1, 1, 0.5, 50, 50, 10, 10);
        EvalDetection hit = det(1, 1, 0.5, 0, 0, 10, 10);
        assertThat(CocoEvaluator.evaluateBoxes(IMAGE_1, gts, List.of(fp, hit)).ap()).isCloseTo(0.5, EXACT);
        assertThat(CocoEvaluator.evaluateBoxes(IMAGE_1, gts, List.of(hit, fp)).ap()).isCloseTo(1.0, EXACT);
    }

    @Test
    void summaryRoundsLikePython() {
        // '{:0.3f}' rounds the exact binary value half-to-even: 0.0625 -> 0.062 and 1.0005 (really
        // 1.000499999...) -> 1.000, where Java's %.3f gives 0.063 and 1.001.
        CocoMetrics m = new CocoMetrics(0.0625, 1.0005, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of());
        assertThat(m.summaryLines().get(0)).endsWith("] = 0.062");
        assertThat(m.summaryLines().get(1)).endsWith("] = 1.000");
    }

    @Test
    void boxEvaluationNeedsBoxes() {
        EvalDetection keypointsOnly = EvalDetection.ofKeypoints(1, 1, new double[] {1, 2, 1}, 0.5);
        assertThatThrownBy(() -> CocoEvaluator.evaluateBoxes(IMAGE_1, List.of(gt(1, 1, 0, 0, 10, 10)),
                List.of(keypointsOnly))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvalDetection.ofBox(1, 1, new double[] {0, 0, 1}, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvalDetection.ofBox(1, 1, new double[] {0, 0, 1, 1}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
