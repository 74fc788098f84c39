package io.detectionstudio.model.centernet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Test fixture: a graph with one placeholder per head, fed from {@link CenterNetMaps}. */
final class HeadGraph implements AutoCloseable {

    final Graph graph = new Graph();
    final Ops tf = Ops.create(graph);
    final CenterNetSpec spec;
    final Placeholder<TFloat32> center;
    final Placeholder<TFloat32> size;
    final Placeholder<TFloat32> offset;
    final Placeholder<TFloat32> kpLogits;
    final Placeholder<TFloat32> kpOffset;
    final Placeholder<TFloat32> kpRegression;
    final CenterNetHeads heads;

    HeadGraph(CenterNetSpec spec) {
        this.spec = spec;
        long h = spec.gridHeight();
        long w = spec.gridWidth();
        long k = spec.numKeypoints();
        center = placeholder("head_center", -1, h, w, spec.numClasses());
        size = placeholder("head_size", -1, h, w, 2);
        offset = placeholder("head_offset", -1, h, w, 2);
        if (spec.hasKeypoints()) {
            kpLogits = placeholder("head_kp", -1, h, w, k);
            kpOffset = placeholder("head_kp_offset", -1, h, w, 2 * k);
            kpRegression = placeholder("head_kp_regression", -1, h, w, 2 * k);
        } else {
            kpLogits = null;
            kpOffset = null;
            kpRegression = null;
        }
        heads = new CenterNetHeads(center, size, offset, kpLogits, kpOffset, kpRegression);
    }

    private Placeholder<TFloat32> placeholder(String name, long... shape) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    }

    /** Runs the fetches with the maps (and optionally a target batch) fed; returns each fetch's values. */
    List<float[]> runFloats(Session session, CenterNetMaps maps, CenterNetLosses.TargetPlaceholders targets,
                            CenterNetTargets.Batch batch, List<Operand<TFloat32>> fetches) {
        Session.Runner runner = session.runner();
        List<Tensor> fed = new ArrayList<>();
        int b = maps.batchSize();
        long h = spec.gridHeight();
        long w = spec.gridWidth();
        long k = spec.numKeypoints();
        feed(runner, fed, center, maps.centerLogits(), b, h, w, spec.numClasses());
        feed(runner, fed, size, maps.boxSize(), b, h, w, 2);
        feed(runner, fed, offset, maps.boxOffset(), b, h, w, 2);
        if (spec.hasKeypoints()) {
            feed(runner, fed, kpLogits, maps.keypointLogits(), b, h, w, k);
            feed(runner, fed, kpOffset, maps.keypointOffset(), b, h, w, 2 * k);
            feed(runner, fed, kpRegression, maps.keypointRegression(), b, h, w, 2 * k);
        }
        fetches.forEach(runner::fetch);
        CenterNetLosses.Feed feed = targets == null ? null : targets.feed(runner, batch);
        try (Result result = runner.run()) {
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < fetches.size(); i++) {
                TFloat32 t = (TFloat32) result.get(i);
                float[] values = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(values, false, false));
                out.add(values);
            }
            return out;
        } finally {
            fed.forEach(Tensor::close);
            if (feed != null) {
                feed.close();
            }
        }
    }

    /** Runs int fetches. */
    List<int[]> runInts(Session session, CenterNetMaps maps, List<Operand<TInt32>> fetches) {
        Session.Runner runner = session.runner();
        List<Tensor> fed = new ArrayList<>();
        int b = maps.batchSize();
        long h = spec.gridHeight();
        long w = spec.gridWidth();
        long k = spec.numKeypoints();
        feed(runner, fed, center, maps.centerLogits(), b, h, w, spec.numClasses());
        feed(runner, fed, size, maps.boxSize(), b, h, w, 2);
        feed(runner, fed, offset, maps.boxOffset(), b, h, w, 2);
        if (spec.hasKeypoints()) {
            feed(runner, fed, kpLogits, maps.keypointLogits(), b, h, w, k);
            feed(runner, fed, kpOffset, maps.keypointOffset(), b, h, w, 2 * k);
            feed(runner, fed, kpRegression, maps.keypointRegression(), b, h, w, 2 * k);
        }
        fetches.forEach(runner::fetch);
        try (Result result = runner.run()) {
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < fetches.size(); i++) {
                TInt32 t = (TInt32) result.get(i);
                int[] values = new int[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(values, false, false));
                out.add(values);
            }
            return out;
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    private static void feed(Session.Runner runner, List<Tensor> fed, Operand<TFloat32> to, float[] data, long... shape) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
        fed.add(t);
        runner.feed(to, t);
    }

    @Override
    public void close() {
        graph.close();
    }

    // ---- random inputs

    static float[] uniform(Random r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return a;
    }

    /**
     * Logits that are a random permutation of an evenly spaced grid in {@code [lo, hi]}, so no two sigmoid
     * scores are within rounding of each other and the ranking is the same in float and double.
     */
    static float[] distinctLogits(Random r, int n, double lo, double hi) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * perm[i] / Math.max(1, n - 1));
        }
        return a;
    }

    static CenterNetMaps randomMaps(Random r, CenterNetSpec spec, int batch) {
        int cells = batch * spec.cells();
        int k = spec.numKeypoints();
        return new CenterNetMaps(batch,
                distinctLogits(r, cells * spec.numClasses(), -4, 4),
                uniform(r, cells * 2, 0.5, 6),
                uniform(r, cells * 2, 0, 1),
                k == 0 ? null : distinctLogits(r, cells * k, -4, 4),
                k == 0 ? null : uniform(r, cells * 2 * k, 0, 1),
                k == 0 ? null : uniform(r, cells * 2 * k, -3, 3));
    }
}
