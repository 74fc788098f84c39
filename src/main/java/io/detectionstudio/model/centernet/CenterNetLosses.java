package io.detectionstudio.model.centernet;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The CenterNet losses as graph ops, after the OD API's {@code CenterNetMetaArch.loss} with its default
 * losses, plus a pure-Java {@link Reference} of each. Every op on the path from the predictions to the
 * losses has a gradient in TensorFlow Java's graph mode (Sigmoid, Maximum/Minimum, Log, Square, Abs,
 * GatherNd, Reshape, Sum, Mul, Div...): no TopK, ArgMax, Round or control flow.
 *
 * <ul>
 *   <li><b>center</b>: the penalty-reduced logistic focal loss (CenterNet's eq. 1, the OD API's
 *       {@code PenaltyReducedLogisticFocalLoss} with {@code alpha = 2}, {@code beta = 4}) of the center
 *       logits against the heatmap: with {@code p = clip(sigmoid(logit), 1e-4, 1 - 1e-4)},
 *       {@code -(1-p)^2 log(p)} where the target is exactly 1, else {@code -(1-t)^4 p^2 log(1-p)}; summed
 *       over every cell and class, divided by the number of objects {@code N = max(sum(boxMask), 1)}.</li>
 *   <li><b>box size</b> and <b>box offset</b>: L1 of the prediction read at each object's center index
 *       against its target, both coordinates, masked, summed, divided by {@code N}.</li>
 *   <li><b>keypoint heatmap</b>: the same focal loss on the keypoint logits, times the keypoint heatmap
 *       weights, divided by {@code max(number of labelled keypoints, 1)}.</li>
 *   <li><b>keypoint offset</b>: L1 of the type-k offset channels read at each keypoint's cell, summed over
 *       y and x, masked, divided by {@code max(sum(keypointOffsetMask), 1)}.</li>
 *   <li><b>keypoint regression</b>: L1 of the type-k regression channels read at the object's center index,
 *       masked, divided by {@code max(sum(keypointRegressionMask), 1)}.</li>
 * </ul>
 * The normalizers are over the whole batch, as the OD API's. The total is the weighted sum with
 * {@link Weights}.
 */
public final class CenterNetLosses {

    /** Focal loss focusing parameter. */
    public static final double ALPHA = 2;
    /** Focal loss penalty reduction near centers. */
    public static final double BETA = 4;
    /** The sigmoid is clipped to {@code [SIGMOID_CLIP, 1 - SIGMOID_CLIP]}. */
    public static final float SIGMOID_CLIP = 1e-4f;

    private CenterNetLosses() {
    }

    /**
     * Loss weights. {@link #DEFAULTS} are the OD API zoo CenterNet configs' values: center 1.0, scale 0.1,
     * offset 1.0, keypoint heatmap 1.0, keypoint offset 1.0, keypoint regression 0.1.
     */
    public record Weights(double center, double boxSize, double boxOffset, double keypointHeatmap,
                          double keypointOffset, double keypointRegression) {
        public static final Weights DEFAULTS = new Weights(1.0, 0.1, 1.0, 1.0, 1.0, 0.1);
    }

    /** The loss operands (scalars); keypoint ones are null when the spec has no keypoints. */
    public record Losses(Operand<TFloat32> center, Operand<TFloat32> boxSize, Operand<TFloat32> boxOffset,
                         Operand<TFloat32> keypointHeatmap, Operand<TFloat32> keypointOffset,
                         Operand<TFloat32> keypointRegression, Operand<TFloat32> total) {
    }

    /** Loss values from the Java reference, same meaning as {@link Losses} (keypoint ones 0 without keypoints). */
    public record Values(double center, double boxSize, double boxOffset, double keypointHeatmap,
                         double keypointOffset, double keypointRegression, double total) {
    }

    /**
     * The placeholders that carry a {@link CenterNetTargets.Batch} into the graph; the batch dimension is
     * left open ({@code -1}). Names (op names, no '/'): {@code centernet_heatmap} {@code [B,H,W,C]},
     * {@code centernet_center_index} int32 {@code [B,M]}, {@code centernet_box_size} {@code [B,M,2]},
     * {@code centernet_box_offset} {@code [B,M,2]}, {@code centernet_box_mask} {@code [B,M]}, and with keypoints
     * {@code centernet_kp_heatmap} / {@code centernet_kp_heatmap_weight} {@code [B,H,W,K]},
     * {@code centernet_kp_regression} {@code [B,M,K,2]}, {@code centernet_kp_regression_mask} {@code [B,M,K]},
     * {@code centernet_kp_index} int32 {@code [B,M,K]}, {@code centernet_kp_offset} {@code [B,M,K,2]},
     * {@code centernet_kp_offset_mask} {@code [B,M,K]}.
     */
    public static final class TargetPlaceholders {
        private final CenterNetSpec spec;
        public final Placeholder<TFloat32> heatmap;
        public final Placeholder<TInt32> centerIndex;
        public final Placeholder<TFloat32> boxSize;
        public final Placeholder<TFloat32> boxOffset;
        public final Placeholder<TFloat32> boxMask;
        public final Placeholder<TFloat32> keypointHeatmap;
        public final Placeholder<TFloat32> keypointHeatmapWeight;
        public final Placeholder<TFloat32> keypointRegression;
        public final Placeholder<TFloat32> keypointRegressionMask;
        public final Placeholder<TInt32> keypointIndex;
        public final Placeholder<TFloat32> keypointOffset;
        public final Placeholder<TFloat32> keypointOffsetMask;

        private TargetPlaceholders(Ops tf, CenterNetSpec spec) {
            this.spec = spec;
            long h = spec.gridHeight();
            long w = spec.gridWidth();
            long m = spec.maxObjects();
            long k = spec.numKeypoints();
            heatmap = f(tf, "centernet_heatmap", -1, h, w, spec.numClasses());
            centerIndex = tf.withName("centernet_center_index").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, m)));
            boxSize = f(tf, "centernet_box_size", -1, m, 2);
            boxOffset = f(tf, "centernet_box_offset", -1, m, 2);
            boxMask = f(tf, "centernet_box_mask", -1, m);
            if (spec.hasKeypoints()) {
                keypointHeatmap = f(tf, "centernet_kp_heatmap", -1, h, w, k);
                keypointHeatmapWeight = f(tf, "centernet_kp_heatmap_weight", -1, h, w, k);
                keypointRegression = f(tf, "centernet_kp_regression", -1, m, k, 2);
                keypointRegressionMask = f(tf, "centernet_kp_regression_mask", -1, m, k);
                keypointIndex = tf.withName("centernet_kp_index").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, m, k)));
                keypointOffset = f(tf, "centernet_kp_offset", -1, m, k, 2);
                keypointOffsetMask = f(tf, "centernet_kp_offset_mask", -1, m, k);
            } else {
                keypointHeatmap = null;
                keypointHeatmapWeight = null;
                keypointRegression = null;
                keypointRegressionMask = null;
                keypointIndex = null;
                keypointOffset = null;
                keypointOffsetMask = null;
            }
        }

        private static Placeholder<TFloat32> f(Ops tf, String name, long... shape) {
            return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        }

        public static TargetPlaceholders create(Ops tf, CenterNetSpec spec) {
            return new TargetPlaceholders(tf, spec);
        }

        public CenterNetSpec spec() {
            return spec;
        }

        /**
         * Feeds a batch into a runner. The returned object owns the tensors: close it after {@code run()}.
         */
        public Feed feed(Session.Runner runner, CenterNetTargets.Batch batch) {
            if (!batch.spec().equals(spec)) {
                throw new IllegalArgumentException("batch made for " + batch.spec() + ", placeholders for " + spec);
            }
            Feed feed = new Feed();
            try {
                feed.f(runner, heatmap, batch.heatmapShape(), batch.heatmap());
                feed.i(runner, centerIndex, batch.objectShape(), batch.centerIndex());
                feed.f(runner, boxSize, batch.objectPairShape(), batch.boxSize());
                feed.f(runner, boxOffset, batch.objectPairShape(), batch.boxOffset());
                feed.f(runner, boxMask, batch.objectShape(), batch.boxMask());
                if (spec.hasKeypoints()) {
                    feed.f(runner, keypointHeatmap, batch.keypointHeatmapShape(), batch.keypointHeatmap());
                    feed.f(runner, keypointHeatmapWeight, batch.keypointHeatmapShape(), batch.keypointHeatmapWeight());
                    feed.f(runner, keypointRegression, batch.keypointPairShape(), batch.keypointRegression());
                    feed.f(runner, keypointRegressionMask, batch.keypointShape(), batch.keypointRegressionMask());
                    feed.i(runner, keypointIndex, batch.keypointShape(), batch.keypointIndex());
                    feed.f(runner, keypointOffset, batch.keypointPairShape(), batch.keypointOffset());
                    feed.f(runner, keypointOffsetMask, batch.keypointShape(), batch.keypointOffsetMask());
                }
            } catch (RuntimeException e) {
                feed.close();
                throw e;
            }
            return feed;
        }
    }

    /** The tensors of one {@link TargetPlaceholders#feed}; closing it releases them. */
    public static final class Feed implements AutoCloseable {
        private final List<Tensor> tensors = new ArrayList<>();

        private void f(Session.Runner runner, Operand<TFloat32> to, long[] shape, float[] data) {
            TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
            tensors.add(t);
            runner.feed(to, t);
        }

        private void i(Session.Runner runner, Operand<TInt32> to, long[] shape, int[] data) {
            TInt32 t = TInt32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
            tensors.add(t);
            runner.feed(to, t);
        }

        @Override
        public void close() {
            for (Tensor t : tensors) {
                t.close();
            }
            tensors.clear();
        }
    }

    /** Builds every loss and the weighted total. */
    public static Losses build(Ops tf, CenterNetSpec spec, CenterNetHeads heads, TargetPlaceholders targets, Weights weights) {
        if (spec.hasKeypoints() != heads.hasKeypoints()) {
            throw new IllegalArgumentException("spec " + (spec.hasKeypoints() ? "has" : "has no")
                    + " keypoints but the heads " + (heads.hasKeypoints() ? "do" : "do not"));
        }
        Operand<TFloat32> numBoxes = atLeastOne(tf, sumAll(tf, targets.boxMask));
        Operand<TFloat32> center = tf.math.div(focalLossSum(tf, heads.centerLogits(), targets.heatmap, null), numBoxes);
        Operand<TFloat32> boxMask = tf.expandDims(targets.boxMask, tf.constant(-1));
        Operand<TFloat32> size = tf.math.div(maskedL1(tf,
                gatherCells(tf, spec, heads.boxSize(), targets.centerIndex, 2), targets.boxSize, boxMask), numBoxes);
        Operand<TFloat32> offset = tf.math.div(maskedL1(tf,
                gatherCells(tf, spec, heads.boxOffset(), targets.centerIndex, 2), targets.boxOffset, boxMask), numBoxes);
        Operand<TFloat32> total = tf.math.add(tf.math.add(scale(tf, center, weights.center()),
                scale(tf, size, weights.boxSize())), scale(tf, offset, weights.boxOffset()));
        if (!spec.hasKeypoints()) {
            return new Losses(center, size, offset, null, null, null, total);
        }
        int k = spec.numKeypoints();
        Operand<TFloat32> numKeypoints = atLeastOne(tf, sumAll(tf, targets.keypointRegressionMask));
        Operand<TFloat32> kpHeatmap = tf.math.div(focalLossSum(tf, heads.keypointLogits(), targets.keypointHeatmap,
                targets.keypointHeatmapWeight), numKeypoints);

        Operand<TFloat32> kpOffsetPred = gatherKeypointCells(tf, spec, heads.keypointOffset(), targets.keypointIndex);
        Operand<TFloat32> kpOffset = tf.math.div(maskedL1(tf, kpOffsetPred, targets.keypointOffset,
                        tf.expandDims(targets.keypointOffsetMask, tf.constant(-1))),
                atLeastOne(tf, sumAll(tf, targets.keypointOffsetMask)));

        Operand<TFloat32> kpRegPred = tf.reshape(gatherCells(tf, spec, heads.keypointRegression(), targets.centerIndex, 2 * k),
                tf.constant(new long[] {-1, spec.maxObjects(), k, 2}));
        Operand<TFloat32> kpRegression = tf.math.div(maskedL1(tf, kpRegPred, targets.keypointRegression,
                tf.expandDims(targets.keypointRegressionMask, tf.constant(-1))), numKeypoints);

        total = tf.math.add(total, tf.math.add(tf.math.add(scale(tf, kpHeatmap, weights.keypointHeatmap()),
                scale(tf, kpOffset, weights.keypointOffset())), scale(tf, kpRegression, weights.keypointRegression())));
        return new Losses(center, size, offset, kpHeatmap, kpOffset, kpRegression, total);
    }

    /**
     * The penalty-reduced logistic focal loss summed over all elements (not normalized). {@code weight}
     * (same shape as the target, or null for all ones) multiplies each element's loss.
     */
    public static Operand<TFloat32> focalLossSum(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> target,
                                                 Operand<TFloat32> weight) {
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> p = tf.math.minimum(tf.math.maximum(tf.math.sigmoid(logits), tf.constant(SIGMOID_CLIP)),
                tf.constant(1f - SIGMOID_CLIP));
        Operand<TFloat32> oneMinusP = tf.math.sub(one, p);
        Operand<TFloat32> positive = tf.math.mul(tf.math.square(oneMinusP), tf.math.log(p));
        Operand<TFloat32> oneMinusT = tf.math.sub(one, target);
        Operand<TFloat32> negative = tf.math.mul(tf.math.mul(tf.math.square(tf.math.square(oneMinusT)),
                tf.math.square(p)), tf.math.log(oneMinusP));
        Operand<TFloat32> isPositive = tf.dtypes.cast(tf.math.equal(target, one), TFloat32.class);
        Operand<TFloat32> loss = tf.math.neg(tf.math.add(tf.math.mul(isPositive, positive),
                tf.math.mul(tf.math.sub(one, isPositive), negative)));
        if (weight != null) {
            loss = tf.math.mul(loss, weight);
        }
        return sumAll(tf, loss);
    }

    /**
     * Reads a {@code [B, H, W, D]} map at flat cell indices {@code [B, M]} ({@code y * W + x}): {@code [B, M, D]}.
     * GatherNd on the map reshaped to {@code [B, H*W, D]}.
     */
    public static Operand<TFloat32> gatherCells(Ops tf, CenterNetSpec spec, Operand<TFloat32> map,
                                                Operand<TInt32> index, int depth) {
        Operand<TFloat32> flat = tf.reshape(map, tf.constant(new long[] {-1, spec.cells(), depth}));
        Operand<TInt32> batch = batchIndexLike(tf, index, 2);
        Operand<TInt32> indices = tf.stack(List.of(batch, index), Stack.axis(-1L));
        return tf.gatherNd(flat, indices);
    }

    /**
     * Reads the type-k channel pair of a {@code [B, H, W, 2K]} map at flat cell indices {@code [B, M, K]}:
     * {@code [B, M, K, 2]}.
     */
    public static Operand<TFloat32> gatherKeypointCells(Ops tf, CenterNetSpec spec, Operand<TFloat32> map,
                                                        Operand<TInt32> index) {
        int k = spec.numKeypoints();
        Operand<TFloat32> flat = tf.reshape(map, tf.constant(new long[] {-1, spec.cells(), k, 2}));
        Operand<TInt32> batch = batchIndexLike(tf, index, 3);
        Operand<TInt32> type = tf.math.mul(tf.onesLike(index),
                tf.reshape(tf.range(tf.constant(0), tf.constant(k), tf.constant(1)), tf.constant(new int[] {1, 1, k})));
        Operand<TInt32> indices = tf.stack(List.of(batch, index, type), Stack.axis(-1L));
        return tf.gatherNd(flat, indices);
    }

    /**
     * An int tensor shaped like {@code index} ({@code [B, ...]}, of the given static rank) holding each
     * element's batch index.
     */
    static Operand<TInt32> batchIndexLike(Ops tf, Operand<TInt32> index, int rank) {
        Operand<TInt32> b = tf.reshape(tf.slice(tf.shape(index), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[0]));
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, 1);
        shape[0] = -1;
        Operand<TInt32> range = tf.reshape(tf.range(tf.constant(0), b, tf.constant(1)), tf.constant(shape));
        return tf.math.mul(tf.onesLike(index), range);
    }

    private static Operand<TFloat32> maskedL1(Ops tf, Operand<TFloat32> prediction, Operand<TFloat32> target,
                                              Operand<TFloat32> mask) {
        return sumAll(tf, tf.math.mul(tf.math.abs(tf.math.sub(prediction, target)), mask));
    }

    private static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
        return tf.sum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
    }

    private static Operand<TFloat32> atLeastOne(Ops tf, Operand<TFloat32> x) {
        return tf.math.maximum(x, tf.constant(1f));
    }

    private static Operand<TFloat32> scale(Ops tf, Operand<TFloat32> x, double w) {
        return tf.math.mul(x, tf.constant((float) w));
    }

    /**
     * The pure-Java reference of every loss, in double precision, on the same flat NHWC arrays the graph sees.
     * It is what the graph is tested against.
     */
    public static final class Reference {

        private Reference() {
        }

        /** The focal loss of one element. */
        public static double focal(double logit, double target) {
            double p = 1 / (1 + Math.exp(-logit));
            p = Math.min(Math.max(p, SIGMOID_CLIP), 1 - (double) SIGMOID_CLIP);
            if (target == 1.0) {
                return -Math.pow(1 - p, ALPHA) * Math.log(p);
            }
            return -Math.pow(1 - target, BETA) * Math.pow(p, ALPHA) * Math.log(1 - p);
        }

        /** The focal loss summed over all elements, each times its weight (null: all ones). */
        public static double focalLossSum(float[] logits, float[] target, float[] weight) {
            if (logits.length != target.length || (weight != null && weight.length != target.length)) {
                throw new IllegalArgumentException("logits, target and weight differ in length");
            }
            double sum = 0;
            for (int i = 0; i < logits.length; i++) {
                sum += focal(logits[i], target[i]) * (weight == null ? 1 : weight[i]);
            }
            return sum;
        }

        /** Every loss of {@link CenterNetLosses#build} for these head outputs and targets. */
        public static Values losses(CenterNetSpec spec, CenterNetMaps maps, CenterNetTargets.Batch batch, Weights w) {
            maps.check(spec);
            if (maps.batchSize() != batch.size()) {
                throw new IllegalArgumentException("maps hold " + maps.batchSize() + " images, targets " + batch.size());
            }
            int bs = batch.size();
            int cells = spec.cells();
            int m = spec.maxObjects();
            double numBoxes = Math.max(sum(batch.boxMask()), 1);
            double center = focalLossSum(maps.centerLogits(), batch.heatmap(), null) / numBoxes;
            double size = 0;
            double offset = 0;
            for (int b = 0; b < bs; b++) {
                for (int s = 0; s < m; s++) {
                    int slot = b * m + s;
                    float mask = batch.boxMask()[slot];
                    int cell = b * cells + batch.centerIndex()[slot];
                    for (int c = 0; c < 2; c++) {
                        size += mask * Math.abs(maps.boxSize()[cell * 2 + c] - (double) batch.boxSize()[slot * 2 + c]);
                        offset += mask * Math.abs(maps.boxOffset()[cell * 2 + c] - (double) batch.boxOffset()[slot * 2 + c]);
                    }
                }
            }
            size /= numBoxes;
            offset /= numBoxes;
            double total = w.center() * center + w.boxSize() * size + w.boxOffset() * offset;
            if (!spec.hasKeypoints()) {
                return new Values(center, size, offset, 0, 0, 0, total);
            }
            int k = spec.numKeypoints();
            double numKeypoints = Math.max(sum(batch.keypointRegressionMask()), 1);
            double kpHeatmap = focalLossSum(maps.keypointLogits(), batch.keypointHeatmap(),
                    batch.keypointHeatmapWeight()) / numKeypoints;
            double kpOffset = 0;
            double kpRegression = 0;
            for (int b = 0; b < bs; b++) {
                for (int s = 0; s < m; s++) {
                    int slot = b * m + s;
                    int centerCell = b * cells + batch.centerIndex()[slot];
                    for (int j = 0; j < k; j++) {
                        int mk = slot * k + j;
                        int kpCell = b * cells + batch.keypointIndex()[mk];
                        for (int c = 0; c < 2; c++) {
                            kpOffset += batch.keypointOffsetMask()[mk] * Math.abs(
                                    maps.keypointOffset()[(kpCell * k + j) * 2 + c] - (double) batch.keypointOffset()[mk * 2 + c]);
                            kpRegression += batch.keypointRegressionMask()[mk] * Math.abs(
                                    maps.keypointRegression()[(centerCell * k + j) * 2 + c]
                                            - (double) batch.keypointRegression()[mk * 2 + c]);
                        }
                    }
                }
            }
            kpOffset /= Math.max(sum(batch.keypointOffsetMask()), 1);
            kpRegression /= numKeypoints;
            total += w.keypointHeatmap() * kpHeatmap + w.keypointOffset() * kpOffset + w.keypointRegression() * kpRegression;
            return new Values(center, size, offset, kpHeatmap, kpOffset, kpRegression, total);
        }

        private static double sum(float[] a) {
            double s = 0;
            for (float v : a) {
                s += v;
            }
            return s;
        }
    }
}
