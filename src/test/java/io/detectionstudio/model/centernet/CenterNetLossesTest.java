package io.detectionstudio.model.centernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.model.centernet.CenterNetTargets.GroundTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

class CenterNetLossesTest {

    private static final CenterNetSpec SPEC = new CenterNetSpec(8, 8, 3, 2, 1, 5);

    static List<GroundTruth> randomObjects(Random r, CenterNetSpec spec, int n) {
        List<GroundTruth> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double h = 0.1 + 0.5 * r.nextDouble();
            double w = 0.1 + 0.5 * r.nextDouble();
            double y = r.nextDouble() * (1 - h);
            double x = r.nextDouble() * (1 - w);
            int cls = r.nextInt(spec.numClasses());
            List<Keypoint> kps = new ArrayList<>();
            if (spec.hasKeypoints() && cls == spec.keypointClass()) {
                for (int k = 0; k < spec.numKeypoints(); k++) {
                    int v = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(2);
                    kps.add(v == 0 ? Keypoint.notLabelled() : new Keypoint(y + h * r.nextDouble(), x + w * r.nextDouble(), v));
                }
            }
            out.add(new GroundTruth(new Box(y, x, y + h, x + w), cls, kps));
        }
        return out;
    }

    /** Batch of 3 images: 5 objects (at least two of the keypoint class), none, 7 (more than the 5 slots). */
    static CenterNetTargets.Batch randomBatch(Random r, CenterNetSpec spec) {
        List<GroundTruth> first = new ArrayList<>(randomObjects(r, spec, 3));
        if (spec.hasKeypoints()) {
            first.add(new GroundTruth(new Box(0.3, 0.3, 0.8, 0.7), spec.keypointClass(), List.of(
                    new Keypoint(0.4, 0.35, Keypoint.VISIBLE), Keypoint.notLabelled())));
            // A labelled keypoint outside the image: regressed (mask 1) but no offset target (mask 0), so the
            // two keypoint normalizers differ.
            first.add(new GroundTruth(new Box(0.5, 0.6, 0.9, 0.95), spec.keypointClass(), List.of(
                    new Keypoint(0.7, 1.05, Keypoint.VISIBLE), new Keypoint(0.6, 0.7, Keypoint.OCCLUDED))));
        }
        return CenterNetTargets.Batch.of(spec, List.of(first, List.of(), randomObjects(r, spec, 7)));
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }

    private static void assertClose(String what, double actual, double expected) {
        assertThat(actual).as(what).isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void focalLossOfSingleElementsByHand() {
        // logit 0 -> p = 0.5. At a center (target 1): -(1 - 0.5)^2 ln 0.5 = 0.25 * 0.693147 = 0.1732868
        assertThat(CenterNetLosses.Reference.focal(0, 1)).isCloseTo(0.25 * Math.log(2), within(1e-12));
        // target 0.5: -(1 - 0.5)^4 * 0.5^2 * ln(0.5) = 0.0625 * 0.25 * 0.693147 = 0.0108304
        assertThat(CenterNetLosses.Reference.focal(0, 0.5)).isCloseTo(0.0625 * 0.25 * Math.log(2), within(1e-12));
        // target 0, logit ln 3 -> p = 0.75: -(0.75^2) ln(0.25) = 0.5625 * 1.386294 = 0.7797905
        assertThat(CenterNetLosses.Reference.focal(Math.log(3), 0)).isCloseTo(0.5625 * Math.log(4), within(1e-12));
        // the clip: logit 30 at a negative -> p = 1 - 1e-4 -> (1-1e-4)^2 * -ln(1e-4)
        assertThat(CenterNetLosses.Reference.focal(30, 0))
                .isCloseTo(Math.pow(1 - 1e-4, 2) * -Math.log(1e-4), within(1e-6));

        try (HeadGraph g = new HeadGraph(CenterNetSpec.boxes(1, 2, 2, 1));
             Session s = new Session(g.graph)) {
            Operand<TFloat32> logits = g.tf.constant(new float[] {0f, 0f, (float) Math.log(3), 30f});
            Operand<TFloat32> target = g.tf.constant(new float[] {1f, 0.5f, 0f, 0f});
            Operand<TFloat32> weight = g.tf.constant(new float[] {1f, 1f, 1f, 0f});
            try (TFloat32 t = (TFloat32) s.runner().fetch(CenterNetLosses.focalLossSum(g.tf, logits, target, weight))
                    .run().get(0)) {
                double expected = 0.25 * Math.log(2) + 0.0625 * 0.25 * Math.log(2) + 0.5625 * Math.log(4);
                assertThat((double) t.getFloat()).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void graphLossesEqualTheJavaReferenceOnRandomInputs() {
        Random r = new Random(7);
        CenterNetTargets.Batch batch = randomBatch(r, SPEC);
        CenterNetMaps maps = HeadGraph.randomMaps(r, SPEC, 3);
        // Exercise the sigmoid clip on both sides.
        maps.centerLogits()[3] = 25f;
        maps.centerLogits()[10] = -25f;
        CenterNetLosses.Values expected = CenterNetLosses.Reference.losses(SPEC, maps, batch, CenterNetLosses.Weights.DEFAULTS);
        // The reference must see real work in every term.
        assertThat(expected.center()).isPositive();
        assertThat(expected.boxSize()).isPositive();
        assertThat(expected.keypointOffset()).isPositive();
        assertThat(expected.keypointRegression()).isPositive();
        assertThat(expected.keypointHeatmap()).isPositive();
        assertThat(sum(batch.keypointOffsetMask())).isLessThan(sum(batch.keypointRegressionMask()));

        try (HeadGraph g = new HeadGraph(SPEC); Session s = new Session(g.graph)) {
            CenterNetLosses.TargetPlaceholders t = CenterNetLosses.TargetPlaceholders.create(g.tf, SPEC);
            CenterNetLosses.Losses l = CenterNetLosses.build(g.tf, SPEC, g.heads, t, CenterNetLosses.Weights.DEFAULTS);
            List<float[]> v = g.runFloats(s, maps, t, batch, List.of(l.center(), l.boxSize(), l.boxOffset(),
                    l.keypointHeatmap(), l.keypointOffset(), l.keypointRegression(), l.total()));
            assertClose("center", v.get(0)[0], expected.center());
            assertClose("box size", v.get(1)[0], expected.boxSize());
            assertClose("box offset", v.get(2)[0], expected.boxOffset());
            assertClose("keypoint heatmap", v.get(3)[0], expected.keypointHeatmap());
            assertClose("keypoint offset", v.get(4)[0], expected.keypointOffset());
            assertClose("keypoint regression", v.get(5)[0], expected.keypointRegression());
            assertClose("total", v.get(6)[0], expected.total());
        }
    }

    @Test
    void lossesAreNormalizedByTheNumberOfObjectsAndAreZeroForPerfectRegressions() {
        // One object; the size/offset heads predict exactly the targets everywhere: L1 terms are 0.
        CenterNetSpec spec = CenterNetSpec.boxes(16, 16, 1, 4);
        CenterNetTargets.Batch batch = CenterNetTargets.Batch.of(spec, List.of(List.of(
                new GroundTruth(new Box(0.2, 0.1, 0.6, 0.5), 0))));
        float[] size = new float[256 * 2];
        float[] offset = new float[256 * 2];
        for (int i = 0; i < 256; i++) {
            size[2 * i] = 6.4f;
            size[2 * i + 1] = 6.4f;
            offset[2 * i] = 0.4f;
            offset[2 * i + 1] = 0.8f;
        }
        // Center logits 0 everywhere: the center loss is the focal sum over all cells divided by N = 1.
        CenterNetMaps maps = new CenterNetMaps(1, new float[256], size, offset, null, null, null);
        double focalSum = CenterNetLosses.Reference.focalLossSum(maps.centerLogits(), batch.heatmap(), null);
        try (HeadGraph g = new HeadGraph(spec); Session s = new Session(g.graph)) {
            CenterNetLosses.TargetPlaceholders t = CenterNetLosses.TargetPlaceholders.create(g.tf, spec);
            CenterNetLosses.Losses l = CenterNetLosses.build(g.tf, spec, g.heads, t, CenterNetLosses.Weights.DEFAULTS);
            assertThat(l.keypointHeatmap()).isNull();
            List<float[]> v = g.runFloats(s, maps, t, batch, List.of(l.center(), l.boxSize(), l.boxOffset(), l.total()));
            assertThat(v.get(1)[0]).isCloseTo(0f, within(1e-6f));
            assertThat(v.get(2)[0]).isCloseTo(0f, within(1e-6f));
            assertClose("center", v.get(0)[0], focalSum);
            assertClose("total", v.get(3)[0], focalSum);

            // No objects at all: divided by max(0, 1) = 1, no NaN.
            CenterNetTargets.Batch empty = CenterNetTargets.Batch.of(spec, List.of(List.of()));
            List<float[]> e = g.runFloats(s, maps, t, empty, List.of(l.center(), l.boxSize()));
            assertClose("empty center", e.get(0)[0], CenterNetLosses.Reference.focalLossSum(maps.centerLogits(),
                    empty.heatmap(), null));
            assertThat(e.get(1)[0]).isZero();
        }
    }

    @Test
    void everyHeadGetsAGradientFromTheTotalLossMatchingFiniteDifferences() {
        Random r = new Random(11);
        CenterNetTargets.Batch batch = randomBatch(r, SPEC);
        CenterNetMaps maps = HeadGraph.randomMaps(r, SPEC, 3);
        CenterNetLosses.Weights weights = CenterNetLosses.Weights.DEFAULTS;
        try (HeadGraph g = new HeadGraph(SPEC); Session s = new Session(g.graph)) {
            CenterNetLosses.TargetPlaceholders t = CenterNetLosses.TargetPlaceholders.create(g.tf, SPEC);
            CenterNetLosses.Losses l = CenterNetLosses.build(g.tf, SPEC, g.heads, t, weights);
            Output<?>[] grads = g.graph.addGradients(l.total().asOutput(), new Output<?>[] {
                    g.center.asOutput(), g.size.asOutput(), g.offset.asOutput(),
                    g.kpLogits.asOutput(), g.kpOffset.asOutput(), g.kpRegression.asOutput()});
            assertThat(grads).hasSize(6).doesNotContainNull();
            List<Operand<TFloat32>> fetch = new ArrayList<>();
            for (Output<?> o : grads) {
                @SuppressWarnings("unchecked")
                Output<TFloat32> f = (Output<TFloat32>) o;
                fetch.add(f);
            }
            List<float[]> grad = g.runFloats(s, maps, t, batch, fetch);

            // Each head's gradient has the head's size, is finite and not all zero.
            float[][] heads = {maps.centerLogits(), maps.boxSize(), maps.boxOffset(), maps.keypointLogits(),
                    maps.keypointOffset(), maps.keypointRegression()};
            for (int h = 0; h < heads.length; h++) {
                assertThat(grad.get(h)).hasSize(heads[h].length);
                boolean any = false;
                for (float v : grad.get(h)) {
                    assertThat(Float.isFinite(v)).isTrue();
                    any |= v != 0;
                }
                assertThat(any).as("head %d has a non-zero gradient", h).isTrue();
            }

            // Central differences of the Java reference's total, at gathered cells and at random ones.
            int cells = SPEC.cells();
            int k = SPEC.numKeypoints();
            int center0 = batch.centerIndex()[0];
            int kpSlot = -1;
            for (int i = 0; i < batch.keypointOffsetMask().length; i++) {
                if (batch.keypointOffsetMask()[i] == 1f) {
                    kpSlot = i;
                    break;
                }
            }
            assertThat(kpSlot).isNotNegative();
            int kpImage = kpSlot / (SPEC.maxObjects() * k);
            int kpType = kpSlot % k;
            int kpCell = kpImage * cells + batch.keypointIndex()[kpSlot];
            int kpCenterCell = kpImage * cells + batch.centerIndex()[kpSlot / k];
            int[][] probes = {
                    {0, center0 * 3}, {0, r.nextInt(heads[0].length)}, {0, r.nextInt(heads[0].length)},
                    {1, center0 * 2}, {1, center0 * 2 + 1}, {1, r.nextInt(heads[1].length)},
                    {2, center0 * 2 + 1},
                    {3, r.nextInt(heads[3].length)}, {3, r.nextInt(heads[3].length)},
                    {4, (kpCell * k + kpType) * 2}, {4, (kpCell * k + kpType) * 2 + 1},
                    {5, (kpCenterCell * k + kpType) * 2}, {5, r.nextInt(heads[5].length)},
            };
            for (int[] p : probes) {
                float[] head = heads[p[0]];
                float saved = head[p[1]];
                Function<Float, Double> total = v -> {
                    head[p[1]] = v;
                    double out = CenterNetLosses.Reference.losses(SPEC, maps, batch, weights).total();
                    head[p[1]] = saved;
                    return out;
                };
                float up = saved + 1e-3f;
                float down = saved - 1e-3f;
                double numeric = (total.apply(up) - total.apply(down)) / ((double) up - down);
                double analytic = grad.get(p[0])[p[1]];
                assertThat(analytic).as("d total / d head %d [%d]", p[0], p[1])
                        .isCloseTo(numeric, within(2e-4 + 1e-3 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void boxOnlyLossesHaveGradientsToo() {
        CenterNetSpec spec = CenterNetSpec.boxes(8, 8, 2, 3);
        try (HeadGraph g = new HeadGraph(spec)) {
            CenterNetLosses.TargetPlaceholders t = CenterNetLosses.TargetPlaceholders.create(g.tf, spec);
            assertThat(t.keypointHeatmap).isNull();
            CenterNetLosses.Losses l = CenterNetLosses.build(g.tf, spec, g.heads, t, CenterNetLosses.Weights.DEFAULTS);
            assertThat(l.keypointOffset()).isNull();
            Output<?>[] grads = g.graph.addGradients(l.total().asOutput(),
                    new Output<?>[] {g.center.asOutput(), g.size.asOutput(), g.offset.asOutput()});
            assertThat(grads).hasSize(3).doesNotContainNull();
        }
    }
}
