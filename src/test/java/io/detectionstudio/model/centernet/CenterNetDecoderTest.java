package io.detectionstudio.model.centernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.model.centernet.CenterNetTargets.GroundTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Session;

class CenterNetDecoderTest {

    /** Runs the decoding graph and splits its outputs per image. */
    static List<CenterNetDecoder.Decoded> decodeInGraph(CenterNetSpec spec, CenterNetDecoder.Config config, CenterNetMaps maps) {
        try (HeadGraph g = new HeadGraph(spec); Session s = new Session(g.graph)) {
            CenterNetDecoder.Outputs o = CenterNetDecoder.build(g.tf, spec, config, g.heads);
            List<float[]> f = spec.hasKeypoints()
                    ? g.runFloats(s, maps, null, null, List.of(o.boxes(), o.scores(), o.keypoints(), o.keypointScores()))
                    : g.runFloats(s, maps, null, null, List.of(o.boxes(), o.scores()));
            List<int[]> ints = g.runInts(s, maps, List.of(o.classes(), o.numDetections()));
            int d = CenterNetDecoder.detections(spec, config);
            int k = spec.numKeypoints();
            List<CenterNetDecoder.Decoded> out = new ArrayList<>();
            for (int b = 0; b < maps.batchSize(); b++) {
                float[][] boxes = new float[d][4];
                int[] classes = new int[d];
                float[] scores = new float[d];
                float[][][] kps = spec.hasKeypoints() ? new float[d][k][2] : null;
                float[][] kpScores = spec.hasKeypoints() ? new float[d][k] : null;
                for (int i = 0; i < d; i++) {
                    int det = b * d + i;
                    System.arraycopy(f.get(0), det * 4, boxes[i], 0, 4);
                    scores[i] = f.get(1)[det];
                    classes[i] = ints.get(0)[det];
                    for (int j = 0; j < k; j++) {
                        kps[i][j][0] = f.get(2)[(det * k + j) * 2];
                        kps[i][j][1] = f.get(2)[(det * k + j) * 2 + 1];
                        kpScores[i][j] = f.get(3)[det * k + j];
                    }
                }
                out.add(new CenterNetDecoder.Decoded(boxes, classes, scores, ints.get(1)[b], kps, kpScores));
            }
            return out;
        }
    }

    private static void assertSame(CenterNetDecoder.Decoded graph, CenterNetDecoder.Decoded reference) {
        assertThat(graph.numDetections()).isEqualTo(reference.numDetections());
        assertThat(graph.classes()).containsExactly(reference.classes());
        for (int i = 0; i < reference.size(); i++) {
            assertThat(graph.scores()[i]).as("score %d", i).isCloseTo(reference.scores()[i], within(1e-6f));
            for (int c = 0; c < 4; c++) {
                assertThat(graph.boxes()[i][c]).as("box %d[%d]", i, c).isCloseTo(reference.boxes()[i][c], within(1e-5f));
            }
            if (reference.keypoints() != null) {
                for (int j = 0; j < reference.keypoints()[i].length; j++) {
                    assertThat(graph.keypoints()[i][j][0]).as("kp %d,%d y", i, j).isCloseTo(reference.keypoints()[i][j][0], within(1e-5f));
                    assertThat(graph.keypoints()[i][j][1]).as("kp %d,%d x", i, j).isCloseTo(reference.keypoints()[i][j][1], within(1e-5f));
                    assertThat(graph.keypointScores()[i][j]).as("kp score %d,%d", i, j)
                            .isCloseTo(reference.keypointScores()[i][j], within(1e-6f));
                }
            }
        }
    }

    @Test
    void graphAndReferenceAgreeOnRandomMaps() {
        CenterNetSpec spec = new CenterNetSpec(8, 8, 3, 2, 1, 5);
        Random r = new Random(3);
        CenterNetMaps maps = HeadGraph.randomMaps(r, spec, 2);
        // 20 detections (fewer than the peaks), and 100 (more: the tail is zero-score padding ordered by index).
        for (int max : new int[] {20, 100}) {
            CenterNetDecoder.Config config = new CenterNetDecoder.Config(max, 10, 0.1f, 0.1f);
            List<CenterNetDecoder.Decoded> reference = CenterNetDecoder.decodeReference(spec, config, maps);
            List<CenterNetDecoder.Decoded> graph = decodeInGraph(spec, config, maps);
            int snapped = 0;
            int unmatched = 0;
            int clipped = 0;
            for (int b = 0; b < 2; b++) {
                assertSame(graph.get(b), reference.get(b));
                CenterNetDecoder.Decoded d = reference.get(b);
                for (int i = 0; i < d.numDetections(); i++) {
                    for (float s : d.keypointScores()[i]) {
                        snapped += s > 0.1f ? 1 : 0;
                        unmatched += s == 0.1f ? 1 : 0;
                        clipped += s == 0f ? 1 : 0;
                    }
                    for (float v : d.boxes()[i]) {
                        assertThat(v).isBetween(0f, 1f);
                    }
                }
            }
            // Both keypoint branches (snapped to a candidate, left where regressed) and the out-of-frame rule ran.
            assertThat(snapped).isPositive();
            assertThat(unmatched).isPositive();
            assertThat(clipped).isPositive();
            if (max == 20) {
                assertThat(reference.get(0).numDetections()).isEqualTo(20);
            } else {
                assertThat(reference.get(0).numDetections()).isLessThan(100);
            }
        }
    }

    @Test
    void decodingTheTargetsOfKnownBoxesRecoversThem() {
        Fixture fx = new Fixture(0.3f, true);
        for (List<CenterNetDecoder.Decoded> decoded : List.of(
                decodeInGraph(fx.spec, fx.config, fx.maps), CenterNetDecoder.decodeReference(fx.spec, fx.config, fx.maps))) {
            CenterNetDecoder.Decoded d = decoded.get(0);
            // The three centers come first (heatmap 1 -> score 1 - 1e-4), the rest are background.
            for (int i = 0; i < 3; i++) {
                assertThat(d.scores()[i]).isGreaterThan(0.999f);
            }
            assertThat(d.scores()[3]).isLessThan(0.01f);
            for (GroundTruth gt : fx.objects) {
                int i = fx.find(d, gt);
                float[] box = d.boxes()[i];
                assertThat((double) box[0]).isCloseTo(gt.box().ymin(), within(1e-5));
                assertThat((double) box[1]).isCloseTo(gt.box().xmin(), within(1e-5));
                assertThat((double) box[2]).isCloseTo(gt.box().ymax(), within(1e-5));
                assertThat((double) box[3]).isCloseTo(gt.box().xmax(), within(1e-5));
                // The regression is 0.3 cells off, the heatmap peak plus its offset is exact: snapped back.
                for (int j = 0; j < gt.keypoints().size(); j++) {
                    assertThat((double) d.keypoints()[i][j][0]).isCloseTo(gt.keypoints().get(j).y(), within(1e-5));
                    assertThat((double) d.keypoints()[i][j][1]).isCloseTo(gt.keypoints().get(j).x(), within(1e-5));
                    assertThat(d.keypointScores()[i][j]).isGreaterThan(0.999f);
                }
            }
        }
    }

    @Test
    void withoutKeypointPeaksTheRegressedKeypointsStandWithTheUnmatchedScore() {
        Fixture fx = new Fixture(0f, false);
        for (List<CenterNetDecoder.Decoded> decoded : List.of(
                decodeInGraph(fx.spec, fx.config, fx.maps), CenterNetDecoder.decodeReference(fx.spec, fx.config, fx.maps))) {
            CenterNetDecoder.Decoded d = decoded.get(0);
            for (GroundTruth gt : fx.objects) {
                int i = fx.find(d, gt);
                for (int j = 0; j < gt.keypoints().size(); j++) {
                    assertThat((double) d.keypoints()[i][j][0]).isCloseTo(gt.keypoints().get(j).y(), within(1e-5));
                    assertThat((double) d.keypoints()[i][j][1]).isCloseTo(gt.keypoints().get(j).x(), within(1e-5));
                    assertThat(d.keypointScores()[i][j]).isEqualTo(0.1f);
                }
            }
        }
    }

    @Test
    void decodedTargetsBecomeDetectionsWithCategoryIdsAndKeypointsOnTheKeypointClass() {
        Fixture fx = new Fixture(0.3f, true);
        CenterNetDecoder.Decoded d = CenterNetDecoder.decodeReference(fx.spec, fx.config, fx.maps).get(0);
        List<Detection> dets = CenterNetDecoder.toDetections(d, new int[] {5, 7}, fx.spec.keypointClass(), 0.5);
        assertThat(dets).hasSize(3);
        assertThat(dets).extracting(Detection::categoryId).containsExactlyInAnyOrder(5, 5, 7);
        for (Detection det : dets) {
            assertThat(det.hasKeypoints()).isEqualTo(det.categoryId() == 5);
            if (det.hasKeypoints()) {
                assertThat(det.keypoints()).hasSize(2).allMatch(Keypoint::isVisible);
                assertThat(det.keypointScores()).hasSize(2);
            }
        }
        Detection b = dets.stream().filter(x -> x.categoryId() == 7).findFirst().orElseThrow();
        assertThat(b.box().ymin()).isCloseTo(0.55, within(1e-5));
        assertThat(b.box().xmax()).isCloseTo(0.9, within(1e-5));
    }

    @Test
    void boxOnlyDecoding() {
        CenterNetSpec spec = CenterNetSpec.boxes(16, 16, 1, 4);
        Box box = new Box(0.1, 0.2, 0.7, 0.65);
        CenterNetTargets t = CenterNetTargets.compute(spec, List.of(new GroundTruth(box, 0)));
        float[] size = new float[512];
        float[] offset = new float[512];
        int cell = t.centerIndex()[0];
        System.arraycopy(t.boxSize(), 0, size, cell * 2, 2);
        System.arraycopy(t.boxOffset(), 0, offset, cell * 2, 2);
        CenterNetMaps maps = new CenterNetMaps(1, Fixture.logits(t.heatmap()), size, offset, null, null, null);
        CenterNetDecoder.Config config = new CenterNetDecoder.Config(5, 1, 0.1f, 0.1f);
        CenterNetDecoder.Decoded g = decodeInGraph(spec, config, maps).get(0);
        assertSame(g, CenterNetDecoder.decodeReference(spec, config, maps).get(0));
        assertThat(g.keypoints()).isNull();
        assertThat(g.classes()[0]).isZero();
        assertThat((double) g.boxes()[0][0]).isCloseTo(0.1, within(1e-5));
        assertThat((double) g.boxes()[0][1]).isCloseTo(0.2, within(1e-5));
        assertThat((double) g.boxes()[0][2]).isCloseTo(0.7, within(1e-5));
        assertThat((double) g.boxes()[0][3]).isCloseTo(0.65, within(1e-5));
    }

    /**
     * Three known objects on a 16x16 grid, and head maps that are their targets: heatmap logits
     * {@code logit(clip(target, 1e-4, 1 - 1e-4))}, sizes and offsets at the center cells, keypoint offsets at
     * the keypoint cells, keypoint regressions at the center cells (shifted by {@code regressionError} cells).
     */
    static final class Fixture {
        final CenterNetSpec spec = new CenterNetSpec(16, 16, 2, 2, 0, 8);
        final CenterNetDecoder.Config config = new CenterNetDecoder.Config(10, 10, 0.1f, 0.1f);
        final List<GroundTruth> objects = List.of(
                new GroundTruth(new Box(0.2, 0.1, 0.6, 0.5), 0,
                        List.of(new Keypoint(0.25, 0.15, 2), new Keypoint(0.55, 0.45, 2))),
                new GroundTruth(new Box(0.55, 0.6, 0.95, 0.9), 1),
                new GroundTruth(new Box(0.05, 0.55, 0.3, 0.95), 0,
                        List.of(new Keypoint(0.1, 0.6, 2), new Keypoint(0.28, 0.9, 1))));
        final CenterNetMaps maps;

        Fixture(float regressionError, boolean keypointPeaks) {
            CenterNetTargets t = CenterNetTargets.compute(spec, objects);
            int cells = spec.cells();
            int k = spec.numKeypoints();
            float[] size = new float[cells * 2];
            float[] offset = new float[cells * 2];
            float[] kpOffset = new float[cells * 2 * k];
            float[] kpRegression = new float[cells * 2 * k];
            for (int m = 0; m < t.numObjects(); m++) {
                int cell = t.centerIndex()[m];
                System.arraycopy(t.boxSize(), 2 * m, size, 2 * cell, 2);
                System.arraycopy(t.boxOffset(), 2 * m, offset, 2 * cell, 2);
                for (int j = 0; j < k; j++) {
                    int mk = m * k + j;
                    if (t.keypointRegressionMask()[mk] == 1f) {
                        kpRegression[(cell * k + j) * 2] = t.keypointRegression()[2 * mk] + regressionError;
                        kpRegression[(cell * k + j) * 2 + 1] = t.keypointRegression()[2 * mk + 1] + regressionError;
                    }
                    if (t.keypointOffsetMask()[mk] == 1f) {
                        int kc = t.keypointIndex()[mk];
                        kpOffset[(kc * k + j) * 2] = t.keypointOffset()[2 * mk];
                        kpOffset[(kc * k + j) * 2 + 1] = t.keypointOffset()[2 * mk + 1];
                    }
                }
            }
            float[] kpLogits = keypointPeaks ? logits(t.keypointHeatmap()) : new float[cells * k];
            if (!keypointPeaks) {
                java.util.Arrays.fill(kpLogits, -10f);
            }
            maps = new CenterNetMaps(1, logits(t.heatmap()), size, offset, kpLogits, kpOffset, kpRegression).check(spec);
        }

        static float[] logits(float[] heatmap) {
            float[] out = new float[heatmap.length];
            for (int i = 0; i < out.length; i++) {
                double p = Math.min(Math.max(heatmap[i], 1e-4), 1 - 1e-4);
                out[i] = (float) Math.log(p / (1 - p));
            }
            return out;
        }

        /** The index of the detection among the first three with the object's class and box. */
        int find(CenterNetDecoder.Decoded d, GroundTruth gt) {
            for (int i = 0; i < 3; i++) {
                float[] b = d.boxes()[i];
                if (d.classes()[i] == gt.classIndex() && Math.abs(b[0] - gt.box().ymin()) < 1e-4
                        && Math.abs(b[1] - gt.box().xmin()) < 1e-4) {
                    return i;
                }
            }
            throw new AssertionError("no detection for " + gt);
        }
    }
}
