package io.detectionstudio.model.centernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.model.centernet.CenterNetTargets.GroundTruth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked numbers for the target conventions (see {@link CenterNetTargets}). */
class CenterNetTargetsTest {

    private static final double EPS = 1e-5;

    /** The box [0.2, 0.1, 0.6, 0.5] on a 16x16 grid is [3.2, 1.6, 9.6, 8.0] in grid units. */
    private static final Box BOX = new Box(0.2, 0.1, 0.6, 0.5);

    @Test
    void boxOnA16x16GridLandsInCell6_4WithOffsetAndSizeInGridUnits() {
        CenterNetSpec spec = CenterNetSpec.boxes(16, 16, 3, 4);
        CenterNetTargets t = CenterNetTargets.compute(spec, List.of(new GroundTruth(BOX, 1)));

        // size (9.6 - 3.2, 8.0 - 1.6) = (6.4, 6.4); center (3.2 + 3.2, 1.6 + 3.2) = (6.4, 4.8)
        // cell (floor 6.4, floor 4.8) = (6, 4); index 6 * 16 + 4 = 100; offset (0.4, 0.8)
        assertThat(t.numObjects()).isEqualTo(1);
        assertThat(t.centerIndex()).containsExactly(100, 0, 0, 0);
        assertThat(t.boxSize()[0]).isCloseTo(6.4f, within((float) EPS));
        assertThat(t.boxSize()[1]).isCloseTo(6.4f, within((float) EPS));
        assertThat(t.boxOffset()[0]).isCloseTo(0.4f, within((float) EPS));
        assertThat(t.boxOffset()[1]).isCloseTo(0.8f, within((float) EPS));
        assertThat(t.boxMask()).containsExactly(1f, 0f, 0f, 0f);
        for (int i = 2; i < 8; i++) {
            assertThat(t.boxSize()[i]).isZero();
            assertThat(t.boxOffset()[i]).isZero();
        }
    }

    @Test
    void radiusAndSigmaFollowTheOdApiRule() {
        // h = w = 6.4, min_overlap 0.7. The three "roots" (-b + sqrt(b^2 - 4ac)) / 2:
        //   r1: a=1, b=-12.8, c=40.96*0.3/1.7=7.2282  -> (12.8 + sqrt(134.927)) / 2 = 12.2079
        //   r2: a=4, b=-25.6, c=0.3*40.96=12.288     -> (25.6 + sqrt(458.752)) / 2 = 23.5092
        //   r3: a=2.8, b=17.92, c=-12.288            -> (-17.92 + sqrt(458.752)) / 2 = 1.74925
        double r3 = (-17.92 + Math.sqrt(458.752)) / 2;
        assertThat(r3).isCloseTo(1.74925, within(1e-5));
        assertThat(CenterNetTargets.gaussianRadius(6.4, 6.4, 0.7)).isCloseTo(r3, within(1e-9));
        // floor(1.749) = 1 -> sigma = (2*1 + 1) / 6 = 0.5
        assertThat(CenterNetTargets.gaussianSigma(6.4, 6.4)).isEqualTo(0.5);

        // h = w = 16 (the whole 16x16 grid): r3 = (-44.8 + sqrt(44.8^2 + 4*2.8*76.8)) / 2 = 4.3731
        // floor 4 -> sigma = 9 / 6 = 1.5
        assertThat(CenterNetTargets.gaussianRadius(16, 16, 0.7)).isCloseTo((-44.8 + Math.sqrt(2867.2)) / 2, within(1e-9));
        assertThat(CenterNetTargets.gaussianSigma(16, 16)).isEqualTo(1.5);

        // A tiny box: radius < 1 -> sigma = 1/6.
        assertThat(CenterNetTargets.gaussianSigma(0.5, 0.5)).isCloseTo(1.0 / 6, within(1e-12));
        // A non-square box: h = 2, w = 8: r3 = (-14 + sqrt(196 + 4*2.8*4.8)) / 2 = 0.8653 -> sigma 1/6
        assertThat(CenterNetTargets.gaussianRadius(2, 8, 0.7)).isCloseTo((-14 + Math.sqrt(196 + 53.76)) / 2, within(1e-9));
    }

    @Test
    void heatmapPeakIsExactlyOneAtTheCenterCellAndExpMinusOneOverTwoSigmaSquaredOneCellAway() {
        CenterNetSpec spec = CenterNetSpec.boxes(16, 16, 3, 4);
        CenterNetTargets t = CenterNetTargets.compute(spec, List.of(new GroundTruth(BOX, 1)));
        // sigma = 0.5, so one cell away exp(-1 / (2 * 0.25)) = exp(-2) = 0.135335, diagonal exp(-4), two away exp(-8)
        assertThat(t.heatmapAt(6, 4, 1)).isEqualTo(1f);
        double oneAway = Math.exp(-2);
        assertThat((double) t.heatmapAt(5, 4, 1)).isCloseTo(oneAway, within(1e-7));
        assertThat((double) t.heatmapAt(7, 4, 1)).isCloseTo(oneAway, within(1e-7));
        assertThat((double) t.heatmapAt(6, 3, 1)).isCloseTo(oneAway, within(1e-7));
        assertThat((double) t.heatmapAt(6, 5, 1)).isCloseTo(oneAway, within(1e-7));
        assertThat((double) t.heatmapAt(5, 5, 1)).isCloseTo(Math.exp(-4), within(1e-8));
        assertThat((double) t.heatmapAt(8, 4, 1)).isCloseTo(Math.exp(-8), within(1e-9));
        // Other classes untouched.
        for (int c : new int[] {0, 2}) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    assertThat(t.heatmapAt(y, x, c)).isZero();
                }
            }
        }
        // Exactly one cell equals 1.
        int ones = 0;
        for (float v : t.heatmap()) {
            ones += v == 1f ? 1 : 0;
        }
        assertThat(ones).isEqualTo(1);
    }

    @Test
    void wholeImageBoxHasSigmaOneAndAHalf() {
        CenterNetSpec spec = CenterNetSpec.boxes(16, 16, 1, 2);
        CenterNetTargets t = CenterNetTargets.compute(spec, List.of(new GroundTruth(new Box(0, 0, 1, 1), 0)));
        // center (8, 8) exactly: offset (0, 0), size (16, 16); sigma 1.5: one away exp(-1 / 4.5)
        assertThat(t.centerIndex()[0]).isEqualTo(8 * 16 + 8);
        assertThat(t.boxOffset()[0]).isZero();
        assertThat(t.boxOffset()[1]).isZero();
        assertThat(t.boxSize()[0]).isEqualTo(16f);
        assertThat(t.heatmapAt(8, 8, 0)).isEqualTo(1f);
        assertThat((double) t.heatmapAt(8, 9, 0)).isCloseTo(Math.exp(-1 / 4.5), within(1e-7));
        assertThat((double) t.heatmapAt(0, 0, 0)).isCloseTo(Math.exp(-128 / 4.5), within(1e-12));
    }

    @Test
    void objectsOfOneClassCombineByMaximumAndDifferentClassesStayApart() {
        CenterNetSpec spec = CenterNetSpec.boxes(16, 16, 2, 4);
        // Two 6.4x6.4 boxes of class 0 (sigma 0.5) with centers in cells (6, 4) and (6, 6), and class 1 at (6, 5).
        Box a = BOX;
        Box b = new Box(0.2, 0.225, 0.6, 0.625); // x: 3.6..10.0, center 6.8 -> cell 6
        Box c = new Box(0.2, 0.1625, 0.6, 0.5625); // x: 2.6..9.0, center 5.8 -> cell 5
        CenterNetTargets t = CenterNetTargets.compute(spec,
                List.of(new GroundTruth(a, 0), new GroundTruth(b, 0), new GroundTruth(c, 1)));
        assertThat(t.centerIndex()).containsExactly(100, 102, 101, 0);
        assertThat(t.heatmapAt(6, 4, 0)).isEqualTo(1f);
        assertThat(t.heatmapAt(6, 6, 0)).isEqualTo(1f);
        // (6, 5) is one cell from both: max(exp(-2), exp(-2)) = exp(-2), not the sum.
        assertThat((double) t.heatmapAt(6, 5, 0)).isCloseTo(Math.exp(-2), within(1e-7));
        // (5, 5): diagonal to both: exp(-4)
        assertThat((double) t.heatmapAt(5, 5, 0)).isCloseTo(Math.exp(-4), within(1e-8));
        assertThat(t.heatmapAt(6, 5, 1)).isEqualTo(1f);
        assertThat((double) t.heatmapAt(6, 4, 1)).isCloseTo(Math.exp(-2), within(1e-7));
    }

    @Test
    void keypointTargetsInGridUnitsWithMasksAndBlackout() {
        CenterNetSpec spec = new CenterNetSpec(16, 16, 2, 3, 0, 2);
        // kp0 (0.25, 0.15) -> (4.0, 2.4): cell (4, 2), index 66, offset (0, 0.4), regression from (6, 4): (-2, -1.6)
        // kp1 not labelled
        // kp2 (0.55, 0.45), occluded -> (8.8, 7.2): cell (8, 7), index 135, offset (0.8, 0.2), regression (2.8, 3.2)
        List<Keypoint> kps = List.of(new Keypoint(0.25, 0.15, Keypoint.VISIBLE), Keypoint.notLabelled(),
                new Keypoint(0.55, 0.45, Keypoint.OCCLUDED));
        CenterNetTargets t = CenterNetTargets.compute(spec, List.of(new GroundTruth(BOX, 0, kps)));

        assertThat(t.keypointRegressionMask()).containsExactly(1f, 0f, 1f, 0f, 0f, 0f);
        assertThat(t.keypointOffsetMask()).containsExactly(1f, 0f, 1f, 0f, 0f, 0f);
        assertThat(t.keypointIndex()).containsExactly(66, 0, 135, 0, 0, 0);
        float[] reg = t.keypointRegression();
        float[] expectedReg = {-2f, -1.6f, 0f, 0f, 2.8f, 3.2f};
        float[] off = t.keypointOffset();
        float[] expectedOff = {0f, 0.4f, 0f, 0f, 0.8f, 0.2f};
        for (int i = 0; i < 6; i++) {
            assertThat(reg[i]).as("regression %d", i).isCloseTo(expectedReg[i], within((float) EPS));
            assertThat(off[i]).as("offset %d", i).isCloseTo(expectedOff[i], within((float) EPS));
        }
        for (int i = 6; i < 12; i++) {
            assertThat(reg[i]).isZero();
            assertThat(off[i]).isZero();
        }

        // Keypoint heatmaps: the object's sigma (0.5) at the keypoint cells; nothing for the unlabelled one.
        float[] hm = t.keypointHeatmap();
        assertThat(hm[(4 * 16 + 2) * 3]).isEqualTo(1f);
        assertThat((double) hm[(5 * 16 + 2) * 3]).isCloseTo(Math.exp(-2), within(1e-7));
        assertThat(hm[(8 * 16 + 7) * 3 + 2]).isEqualTo(1f);
        for (int cell = 0; cell < 256; cell++) {
            assertThat(hm[cell * 3 + 1]).isZero();
        }

        // Weights: channel 1 is blacked out in the box's cells: rows i with 3.2 <= i < 9.6 (4..9),
        // columns j with 1.6 <= j < 8.0 (2..7). Channels 0 and 2 are all ones.
        float[] wt = t.keypointHeatmapWeight();
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                boolean inBox = i >= 4 && i <= 9 && j >= 2 && j <= 7;
                assertThat(wt[(i * 16 + j) * 3 + 1]).as("weight at %d,%d", i, j).isEqualTo(inBox ? 0f : 1f);
                assertThat(wt[(i * 16 + j) * 3]).isEqualTo(1f);
                assertThat(wt[(i * 16 + j) * 3 + 2]).isEqualTo(1f);
            }
        }
    }

    @Test
    void blackoutCoversCellsFromTheMinEdgeUpToButNotIncludingTheMaxEdge() {
        CenterNetSpec spec = new CenterNetSpec(16, 16, 1, 1, 0, 1);
        // [0.25, 0.125, 0.5, 0.5] is [4, 2, 8, 8] in grid units: rows 4..7 and columns 2..7 (i < 8, j < 8).
        CenterNetTargets t = CenterNetTargets.compute(spec, List.of(new GroundTruth(new Box(0.25, 0.125, 0.5, 0.5), 0)));
        float[] wt = t.keypointHeatmapWeight();
        int zeros = 0;
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                boolean inBox = i >= 4 && i < 8 && j >= 2 && j < 8;
                assertThat(wt[i * 16 + j]).as("weight at %d,%d", i, j).isEqualTo(inBox ? 0f : 1f);
                zeros += wt[i * 16 + j] == 0f ? 1 : 0;
            }
        }
        assertThat(zeros).isEqualTo(4 * 6);
    }

    @Test
    void objectsOfOtherClassesGetNoKeypointTargets() {
        CenterNetSpec spec = new CenterNetSpec(16, 16, 2, 1, 0, 2);
        List<Keypoint> kp = List.of(new Keypoint(0.3, 0.3, Keypoint.VISIBLE));
        CenterNetTargets t = CenterNetTargets.compute(spec, List.of(new GroundTruth(BOX, 1, kp)));
        assertThat(t.numObjects()).isEqualTo(1);
        assertThat(t.keypointRegressionMask()).containsOnly(0f);
        assertThat(t.keypointHeatmap()).containsOnly(0f);
        assertThat(t.keypointHeatmapWeight()).containsOnly(1f);
        // A keypoint-class object with no keypoints at all: every type is unlabelled and blacked out in its box.
        CenterNetTargets none = CenterNetTargets.compute(spec, List.of(new GroundTruth(BOX, 0)));
        assertThat(none.keypointHeatmapWeight()[(6 * 16 + 4)]).isZero();
        assertThat(none.keypointHeatmapWeight()[0]).isEqualTo(1f);
    }

    @Test
    void keypointOutsideTheGridKeepsItsRegressionButHasNoOffset() {
        CenterNetSpec spec = new CenterNetSpec(16, 16, 1, 1, 0, 1);
        // x = 1.05 -> 16.8 in grid units: cell 16 is outside the 16-wide grid.
        CenterNetTargets t = CenterNetTargets.compute(spec,
                List.of(new GroundTruth(BOX, 0, List.of(new Keypoint(0.5, 1.05, Keypoint.VISIBLE)))));
        assertThat(t.keypointRegressionMask()).containsExactly(1f);
        assertThat(t.keypointRegression()[1]).isCloseTo(16.8f - 4f, within((float) EPS));
        assertThat(t.keypointOffsetMask()).containsExactly(0f);
    }

    @Test
    void objectsPastMaxObjectsMarkTheHeatmapButGetNoSlotAndCentersOutsideAreDropped() {
        CenterNetSpec spec = CenterNetSpec.boxes(16, 16, 1, 1);
        Box second = new Box(0.7, 0.7, 0.9, 0.9); // center (12.8, 12.8) -> cell (12, 12)
        Box outside = new Box(1.1, 0.2, 1.3, 0.4); // center y = 19.2: outside the grid
        CenterNetTargets t = CenterNetTargets.compute(spec,
                List.of(new GroundTruth(outside, 0), new GroundTruth(BOX, 0), new GroundTruth(second, 0)));
        assertThat(t.numObjects()).isEqualTo(1);
        assertThat(t.centerIndex()).containsExactly(100);
        assertThat(t.heatmapAt(6, 4, 0)).isEqualTo(1f);
        assertThat(t.heatmapAt(12, 12, 0)).isEqualTo(1f);
        int ones = 0;
        for (float v : t.heatmap()) {
            ones += v == 1f ? 1 : 0;
        }
        assertThat(ones).isEqualTo(2);
    }

    @Test
    void batchPacksImagesRowMajorWithTheBatchFirst() {
        CenterNetSpec spec = new CenterNetSpec(4, 4, 2, 1, 1, 2);
        CenterNetTargets first = CenterNetTargets.compute(spec, List.of(new GroundTruth(new Box(0, 0, 0.5, 0.5), 0)));
        CenterNetTargets second = CenterNetTargets.compute(spec, List.of(
                new GroundTruth(new Box(0.5, 0.5, 1, 1), 1, List.of(new Keypoint(0.9, 0.6, Keypoint.VISIBLE)))));
        CenterNetTargets.Batch batch = CenterNetTargets.Batch.pack(spec, List.of(first, second));
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.heatmapShape()).containsExactly(2, 4, 4, 2);
        assertThat(batch.objectShape()).containsExactly(2, 2);
        assertThat(batch.objectPairShape()).containsExactly(2, 2, 2);
        assertThat(batch.keypointHeatmapShape()).containsExactly(2, 4, 4, 1);
        assertThat(batch.keypointShape()).containsExactly(2, 2, 1);
        assertThat(batch.keypointPairShape()).containsExactly(2, 2, 1, 2);
        assertThat(batch.heatmap()).hasSize(64);
        // image 0: center (1, 1) -> index 5; image 1: center (3, 3) -> index 15
        assertThat(batch.centerIndex()).containsExactly(5, 0, 15, 0);
        assertThat(batch.boxMask()).containsExactly(1f, 0f, 1f, 0f);
        // heatmap of image 1 starts at 32: cell (3, 3) class 1
        assertThat(batch.heatmap()[32 + (3 * 4 + 3) * 2 + 1]).isEqualTo(1f);
        assertThat(batch.heatmap()[(1 * 4 + 1) * 2]).isEqualTo(1f);
        // keypoint (0.9, 0.6) -> (3.6, 2.4): cell (3, 2) index 14; regression from (3, 3): (0.6, -0.6)
        assertThat(batch.keypointIndex()).containsExactly(0, 0, 14, 0);
        assertThat(batch.keypointRegression()[4]).isCloseTo(0.6f, within((float) EPS));
        assertThat(batch.keypointRegression()[5]).isCloseTo(-0.6f, within((float) EPS));
        assertThat(batch.keypointRegressionMask()).containsExactly(0f, 0f, 1f, 0f);
    }

    @Test
    void rejectsWhatDoesNotFitTheSpec() {
        CenterNetSpec spec = new CenterNetSpec(8, 8, 2, 2, 0, 2);
        assertThatThrownBy(() -> CenterNetTargets.compute(spec, List.of(new GroundTruth(BOX, 2))))
                .hasMessageContaining("class index 2");
        assertThatThrownBy(() -> CenterNetTargets.compute(spec,
                List.of(new GroundTruth(BOX, 0, List.of(new Keypoint(0.3, 0.3, 2))))))
                .hasMessageContaining("1 keypoints");
        assertThatThrownBy(() -> new CenterNetSpec(8, 8, 2, 2, 5, 2)).hasMessageContaining("keypointClass");
        assertThatThrownBy(() -> CenterNetTargets.Batch.pack(spec,
                List.of(CenterNetTargets.compute(CenterNetSpec.boxes(8, 8, 2, 2), List.of()))))
                .hasMessageContaining("made for");
        assertThat(CenterNetSpec.forInput(512, 320, 1, 0, -1, 10)).isEqualTo(CenterNetSpec.boxes(128, 80, 1, 10));
        assertThat(CenterNetSpec.forInput(3, 3, 1, 0, -1, 10).cells()).isEqualTo(1);
    }
}
