package io.detectionstudio.model.centernet;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.core.Keypoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The CenterNet inference graph (the OD API's {@code CenterNetMetaArch.postprocess}), and its pure-Java
 * reference {@link #decodeReference}. Inference only: it uses TopK and ArgMin, which have no gradients.
 *
 * <h2>Boxes</h2>
 * <ol>
 *   <li>{@code p = sigmoid(centerLogits)}, {@code [B, H, W, C]};</li>
 *   <li>peaks: a 3x3 max-pool (stride 1, SAME); a value is kept where {@code |p - maxpool(p)| < 1e-6}, else 0
 *       (the OD API's {@code top_k_feature_map_locations} with {@code PEAK_EPSILON});</li>
 *   <li>top-k over all cells and classes at once, {@code k = min(maxDetections, H*W*C)}, on the flat
 *       {@code [B, H*W*C]} array (index {@code (y*W + x)*C + c}); equal scores are ordered by lower flat index
 *       (TopK's rule);</li>
 *   <li>for each, {@code class = index % C} (0-based), cell {@code (y, x)}; size {@code (h, w)} and offset
 *       {@code (dy, dx)} are read at the cell; the box in grid units is
 *       {@code [y+dy - h/2, x+dx - w/2, y+dy + h/2, x+dx + w/2]}; divided by {@code (H, W, H, W)} and clipped to
 *       {@code [0, 1]} it is the normalized {@code [ymin, xmin, ymax, xmax]};</li>
 *   <li>{@code numDetections} counts scores {@code > 0}. Entries after them are padding (score 0).</li>
 * </ol>
 *
 * <h2>Keypoints (a simplification of the OD API's candidate assignment)</h2>
 * For each of the {@code k} detections and each keypoint type {@code j}:
 * <ol>
 *   <li>the <b>regressed</b> keypoint: the detection's cell plus the regression channels {@code (2j, 2j+1)}
 *       read at that cell (grid units);</li>
 *   <li><b>candidates</b> of type {@code j}: the 3x3 peaks of {@code sigmoid(keypointLogits)} channel {@code j},
 *       top {@code min(maxKeypointCandidates, H*W)} of them, each at its cell plus the offset channels
 *       {@code (2j, 2j+1)} read at that cell; only those with score {@code >= keypointCandidateThreshold};</li>
 *   <li>the regressed keypoint <b>snaps</b> to the nearest (Euclidean, grid units) such candidate lying inside the
 *       detection's box (grid units, unclipped, edges included) and takes that candidate's score; when there is
 *       none it stays where it was regressed with score {@code unmatchedKeypointScore};</li>
 *   <li>normalized by {@code (H, W)}; a keypoint outside {@code [0, 1]} is clipped onto the image and its score
 *       set to 0 (the OD API's {@code clip_out_of_frame_keypoints}).</li>
 * </ol>
 * Unlike the OD API there is no box scaling (its {@code box_scale} 1.2), no search radius
 * ({@code candidate_search_scale}) and no score-distance ranking; keypoints are decoded for every detection
 * whatever its class ({@link #toDetections} keeps them only on the keypoint class).
 */
public final class CenterNetDecoder {

    /** Tolerance under which a value equals its 3x3 neighbourhood maximum (the OD API's {@code PEAK_EPSILON}). */
    public static final float PEAK_EPSILON = 1e-6f;
    private static final float FAR = 1e30f;

    private CenterNetDecoder() {
    }

    /**
     * Decoding parameters. {@link #DEFAULTS}: 100 detections, 20 keypoint candidates per type, candidate
     * threshold 0.1 and unmatched keypoint score 0.1 (the OD API's defaults).
     */
    public record Config(int maxDetections, int maxKeypointCandidates, float keypointCandidateThreshold,
                         float unmatchedKeypointScore) {
        public static final Config DEFAULTS = new Config(100, 20, 0.1f, 0.1f);

        public Config {
            if (maxDetections < 1 || maxKeypointCandidates < 1) {
                throw new IllegalArgumentException("need at least one detection and one candidate");
            }
        }
    }

    /**
     * The inference outputs, {@code k = min(maxDetections, H*W*C)}.
     *
     * @param boxes          {@code [B, k, 4]} normalized {@code [ymin, xmin, ymax, xmax]} in {@code [0, 1]}
     * @param classes        {@code [B, k]} 0-based class indices
     * @param scores         {@code [B, k]} sigmoid center scores, descending
     * @param numDetections  {@code [B]} number of scores {@code > 0}
     * @param keypoints      {@code [B, k, K, 2]} normalized {@code (y, x)}, or null without keypoints
     * @param keypointScores {@code [B, k, K]}, or null
     */
    public record Outputs(Operand<TFloat32> boxes, Operand<TInt32> classes, Operand<TFloat32> scores,
                          Operand<TInt32> numDetections, Operand<TFloat32> keypoints, Operand<TFloat32> keypointScores) {
    }

    /** One image's decoded detections (the reference's output; also how tests read the graph's). */
    public record Decoded(float[][] boxes, int[] classes, float[] scores, int numDetections, float[][][] keypoints,
                          float[][] keypointScores) {
        public int size() {
            return scores.length;
        }
    }

    /** Number of detections a spec and config give: {@code min(maxDetections, H*W*C)}. */
    public static int detections(CenterNetSpec spec, Config config) {
        return (int) Math.min(config.maxDetections(), (long) spec.cells() * spec.numClasses());
    }

    /** Number of keypoint candidates per type: {@code min(maxKeypointCandidates, H*W)}. */
    public static int candidates(CenterNetSpec spec, Config config) {
        return Math.min(config.maxKeypointCandidates(), spec.cells());
    }

    /** Builds the inference graph on the head outputs. */
    public static Outputs build(Ops tf, CenterNetSpec spec, Config config, CenterNetHeads heads) {
        if (spec.hasKeypoints() != heads.hasKeypoints()) {
            throw new IllegalArgumentException("spec and heads disagree on keypoints");
        }
        int gh = spec.gridHeight();
        int gw = spec.gridWidth();
        int c = spec.numClasses();
        int d = detections(spec, config);
        Operand<TFloat32> peaks = peaks(tf, tf.math.sigmoid(heads.centerLogits()));
        TopK<TFloat32, TInt32> top = tf.nn.topK(tf.reshape(peaks, tf.constant(new long[] {-1, (long) spec.cells() * c})),
                tf.constant(d), TInt32.class);
        Operand<TFloat32> scores = top.values();
        Operand<TInt32> index = top.indices();
        Operand<TInt32> classes = tf.math.floorMod(index, tf.constant(c));
        Operand<TInt32> cell = tf.math.floorDiv(index, tf.constant(c));
        Operand<TFloat32> y = tf.dtypes.cast(tf.math.floorDiv(cell, tf.constant(gw)), TFloat32.class);
        Operand<TFloat32> x = tf.dtypes.cast(tf.math.floorMod(cell, tf.constant(gw)), TFloat32.class);
        List<Operand<TFloat32>> size = split2(tf, CenterNetLosses.gatherCells(tf, spec, heads.boxSize(), cell, 2));
        List<Operand<TFloat32>> offset = split2(tf, CenterNetLosses.gatherCells(tf, spec, heads.boxOffset(), cell, 2));
        Operand<TFloat32> cy = tf.math.add(y, offset.get(0));
        Operand<TFloat32> cx = tf.math.add(x, offset.get(1));
        Operand<TFloat32> halfH = tf.math.div(size.get(0), tf.constant(2f));
        Operand<TFloat32> halfW = tf.math.div(size.get(1), tf.constant(2f));
        Operand<TFloat32> y0 = tf.math.sub(cy, halfH);
        Operand<TFloat32> x0 = tf.math.sub(cx, halfW);
        Operand<TFloat32> y1 = tf.math.add(cy, halfH);
        Operand<TFloat32> x1 = tf.math.add(cx, halfW);
        Operand<TFloat32> fh = tf.constant((float) gh);
        Operand<TFloat32> fw = tf.constant((float) gw);
        Operand<TFloat32> boxes = tf.stack(List.of(clip01(tf, tf.math.div(y0, fh)), clip01(tf, tf.math.div(x0, fw)),
                clip01(tf, tf.math.div(y1, fh)), clip01(tf, tf.math.div(x1, fw))), Stack.axis(2L));
        Operand<TInt32> numDetections = tf.sum(tf.dtypes.cast(tf.math.greater(scores, tf.constant(0f)), TInt32.class),
                tf.constant(1));
        if (!spec.hasKeypoints()) {
            return new Outputs(boxes, classes, scores, numDetections, null, null);
        }

        int k = spec.numKeypoints();
        int nc = candidates(spec, config);
        // Candidates per keypoint type: [B, K, Nc].
        Operand<TFloat32> kpPeaks = peaks(tf, tf.math.sigmoid(heads.keypointLogits()));
        Operand<TFloat32> perType = tf.reshape(tf.linalg.transpose(kpPeaks, tf.constant(new int[] {0, 3, 1, 2})),
                tf.constant(new long[] {-1, k, spec.cells()}));
        TopK<TFloat32, TInt32> candTop = tf.nn.topK(perType, tf.constant(nc), TInt32.class);
        Operand<TFloat32> candScore = candTop.values();
        Operand<TInt32> candCell = candTop.indices();
        List<Operand<TFloat32>> candOffset = split(tf, gatherTypedCells(tf, spec, heads.keypointOffset(), candCell), 3);
        Operand<TFloat32> candY = tf.math.add(tf.dtypes.cast(tf.math.floorDiv(candCell, tf.constant(gw)), TFloat32.class),
                candOffset.get(0));
        Operand<TFloat32> candX = tf.math.add(tf.dtypes.cast(tf.math.floorMod(candCell, tf.constant(gw)), TFloat32.class),
                candOffset.get(1));

        // Regressed keypoints per detection: [B, D, K].
        Operand<TFloat32> reg = tf.reshape(CenterNetLosses.gatherCells(tf, spec, heads.keypointRegression(), cell, 2 * k),
                tf.constant(new long[] {-1, d, k, 2}));
        List<Operand<TFloat32>> regYX = split(tf, reg, 3);
        Operand<TFloat32> regY = tf.math.add(tf.expandDims(y, tf.constant(-1)), regYX.get(0));
        Operand<TFloat32> regX = tf.math.add(tf.expandDims(x, tf.constant(-1)), regYX.get(1));

        // Distances [B, D, K, Nc] from each regressed keypoint to each candidate of its type.
        Operand<TFloat32> cY = tf.expandDims(candY, tf.constant(1));
        Operand<TFloat32> cX = tf.expandDims(candX, tf.constant(1));
        Operand<TFloat32> cS = tf.expandDims(candScore, tf.constant(1));
        Operand<TFloat32> dy = tf.math.sub(tf.expandDims(regY, tf.constant(-1)), cY);
        Operand<TFloat32> dx = tf.math.sub(tf.expandDims(regX, tf.constant(-1)), cX);
        Operand<TFloat32> dist2 = tf.math.add(tf.math.mul(dy, dy), tf.math.mul(dx, dx));
        Operand<TBool> valid = tf.math.logicalAnd(
                tf.math.greaterEqual(cS, tf.constant(config.keypointCandidateThreshold())),
                tf.math.logicalAnd(
                        tf.math.logicalAnd(tf.math.greaterEqual(cY, expand2(tf, y0)), tf.math.lessEqual(cY, expand2(tf, y1))),
                        tf.math.logicalAnd(tf.math.greaterEqual(cX, expand2(tf, x0)), tf.math.lessEqual(cX, expand2(tf, x1)))));
        Operand<TFloat32> masked = tf.select(valid, dist2, tf.fill(tf.shape(dist2), tf.constant(FAR)));
        Operand<TInt32> nearest = tf.math.argMin(masked, tf.constant(3), TInt32.class);
        Operand<TBool> snapped = tf.math.less(tf.reduceMin(masked, tf.constant(3)), tf.constant(FAR));
        Operand<TFloat32> oneHot = tf.oneHot(nearest, tf.constant(nc), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> chosenY = tf.sum(tf.math.mul(oneHot, cY), tf.constant(3));
        Operand<TFloat32> chosenX = tf.sum(tf.math.mul(oneHot, cX), tf.constant(3));
        Operand<TFloat32> chosenS = tf.sum(tf.math.mul(oneHot, cS), tf.constant(3));
        Operand<TFloat32> kpY = tf.math.div(tf.select(snapped, chosenY, regY), fh);
        Operand<TFloat32> kpX = tf.math.div(tf.select(snapped, chosenX, regX), fw);
        Operand<TFloat32> kpS = tf.select(snapped, chosenS, tf.fill(tf.shape(chosenS), tf.constant(config.unmatchedKeypointScore())));
        Operand<TBool> inFrame = tf.math.logicalAnd(
                tf.math.logicalAnd(tf.math.greaterEqual(kpY, tf.constant(0f)), tf.math.lessEqual(kpY, tf.constant(1f))),
                tf.math.logicalAnd(tf.math.greaterEqual(kpX, tf.constant(0f)), tf.math.lessEqual(kpX, tf.constant(1f))));
        kpS = tf.select(inFrame, kpS, tf.zerosLike(kpS));
        Operand<TFloat32> keypoints = tf.stack(List.of(clip01(tf, kpY), clip01(tf, kpX)), Stack.axis(3L));
        return new Outputs(boxes, classes, scores, numDetections, keypoints, kpS);
    }

    /** {@code map} where it equals its 3x3 neighbourhood maximum (within {@link #PEAK_EPSILON}), else 0. */
    static Operand<TFloat32> peaks(Ops tf, Operand<TFloat32> map) {
        Operand<TFloat32> pooled = tf.nn.maxPool(map, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 1, 1, 1}),
                "SAME");
        Operand<TBool> isPeak = tf.math.less(tf.math.abs(tf.math.sub(map, pooled)), tf.constant(PEAK_EPSILON));
        return tf.math.mul(map, tf.dtypes.cast(isPeak, TFloat32.class));
    }

    /** Reads the type-j channel pair of a {@code [B, H, W, 2K]} map at cells {@code [B, K, N]}: {@code [B, K, N, 2]}. */
    private static Operand<TFloat32> gatherTypedCells(Ops tf, CenterNetSpec spec, Operand<TFloat32> map, Operand<TInt32> cells) {
        int k = spec.numKeypoints();
        Operand<TFloat32> flat = tf.reshape(map, tf.constant(new long[] {-1, spec.cells(), k, 2}));
        Operand<TInt32> batch = CenterNetLosses.batchIndexLike(tf, cells, 3);
        Operand<TInt32> type = tf.math.mul(tf.onesLike(cells),
                tf.reshape(tf.range(tf.constant(0), tf.constant(k), tf.constant(1)), tf.constant(new int[] {1, k, 1})));
        return tf.gatherNd(flat, tf.stack(List.of(batch, cells, type), Stack.axis(-1L)));
    }

    private static List<Operand<TFloat32>> split2(Ops tf, Operand<TFloat32> pairs) {
        return split(tf, pairs, 2);
    }

    private static List<Operand<TFloat32>> split(Ops tf, Operand<TFloat32> pairs, long axis) {
        Unstack<TFloat32> u = tf.unstack(pairs, 2L, Unstack.axis(axis));
        return List.of(u.output().get(0), u.output().get(1));
    }

    /** {@code [B, D]} to {@code [B, D, 1, 1]}. */
    private static Operand<TFloat32> expand2(Ops tf, Operand<TFloat32> v) {
        return tf.expandDims(tf.expandDims(v, tf.constant(-1)), tf.constant(-1));
    }

    private static Operand<TFloat32> clip01(Ops tf, Operand<TFloat32> v) {
        return tf.math.minimum(tf.math.maximum(v, tf.constant(0f)), tf.constant(1f));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pure-Java reference

    /**
     * The pure-Java reference of {@link #build}: the same rules, in float arithmetic in the same order as the
     * graph, one {@link Decoded} per image.
     */
    public static List<Decoded> decodeReference(CenterNetSpec spec, Config config, CenterNetMaps maps) {
        maps.check(spec);
        List<Decoded> out = new ArrayList<>(maps.batchSize());
        for (int b = 0; b < maps.batchSize(); b++) {
            out.add(decodeImage(spec, config, maps, b));
        }
        return out;
    }

    private static Decoded decodeImage(CenterNetSpec spec, Config config, CenterNetMaps maps, int b) {
        int gh = spec.gridHeight();
        int gw = spec.gridWidth();
        int cells = spec.cells();
        int c = spec.numClasses();
        int d = detections(spec, config);
        float[] peaks = peaksReference(sigmoid(maps.centerLogits(), b * cells * c, cells * c), gh, gw, c);
        int[] order = topK(peaks, 0, 1, peaks.length, d);
        float[][] boxes = new float[d][4];
        float[][] gridBoxes = new float[d][4];
        int[] classes = new int[d];
        float[] scores = new float[d];
        int[] cellOf = new int[d];
        int num = 0;
        for (int i = 0; i < d; i++) {
            int idx = order[i];
            scores[i] = peaks[idx];
            if (scores[i] > 0) {
                num++;
            }
            classes[i] = idx % c;
            int cell = idx / c;
            cellOf[i] = cell;
            float y = cell / gw;
            float x = cell % gw;
            int at = (b * cells + cell) * 2;
            float cy = y + maps.boxOffset()[at];
            float cx = x + maps.boxOffset()[at + 1];
            float halfH = maps.boxSize()[at] / 2f;
            float halfW = maps.boxSize()[at + 1] / 2f;
            gridBoxes[i] = new float[] {cy - halfH, cx - halfW, cy + halfH, cx + halfW};
            boxes[i] = new float[] {clip01(gridBoxes[i][0] / gh), clip01(gridBoxes[i][1] / gw),
                    clip01(gridBoxes[i][2] / gh), clip01(gridBoxes[i][3] / gw)};
        }
        if (!spec.hasKeypoints()) {
            return new Decoded(boxes, classes, scores, num, null, null);
        }
        int k = spec.numKeypoints();
        int nc = candidates(spec, config);
        float[] kpPeaks = peaksReference(sigmoid(maps.keypointLogits(), b * cells * k, cells * k), gh, gw, k);
        float[][] candY = new float[k][nc];
        float[][] candX = new float[k][nc];
        float[][] candS = new float[k][nc];
        for (int j = 0; j < k; j++) {
            int[] top = topK(kpPeaks, j, k, cells, nc);
            for (int n = 0; n < nc; n++) {
                int cell = top[n];
                candS[j][n] = kpPeaks[cell * k + j];
                int at = ((b * cells + cell) * k + j) * 2;
                candY[j][n] = (float) (cell / gw) + maps.keypointOffset()[at];
                candX[j][n] = (float) (cell % gw) + maps.keypointOffset()[at + 1];
            }
        }
        float[][][] keypoints = new float[d][k][2];
        float[][] keypointScores = new float[d][k];
        for (int i = 0; i < d; i++) {
            int cell = cellOf[i];
            float y = cell / gw;
            float x = cell % gw;
            float[] g = gridBoxes[i];
            for (int j = 0; j < k; j++) {
                int at = ((b * cells + cell) * k + j) * 2;
                float regY = y + maps.keypointRegression()[at];
                float regX = x + maps.keypointRegression()[at + 1];
                int best = -1;
                float bestDist = FAR;
                for (int n = 0; n < nc; n++) {
                    boolean valid = candS[j][n] >= config.keypointCandidateThreshold()
                            && candY[j][n] >= g[0] && candY[j][n] <= g[2] && candX[j][n] >= g[1] && candX[j][n] <= g[3];
                    if (!valid) {
                        continue;
                    }
                    float dy = regY - candY[j][n];
                    float dx = regX - candX[j][n];
                    float dist = dy * dy + dx * dx;
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = n;
                    }
                }
                float ky = best >= 0 ? candY[j][best] : regY;
                float kx = best >= 0 ? candX[j][best] : regX;
                float ks = best >= 0 ? candS[j][best] : config.unmatchedKeypointScore();
                ky = ky / gh;
                kx = kx / gw;
                if (!(ky >= 0 && ky <= 1 && kx >= 0 && kx <= 1)) {
                    ks = 0;
                }
                keypoints[i][j] = new float[] {clip01(ky), clip01(kx)};
                keypointScores[i][j] = ks;
            }
        }
        return new Decoded(boxes, classes, scores, num, keypoints, keypointScores);
    }

    private static float[] sigmoid(float[] logits, int from, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (1 / (1 + Math.exp(-(double) logits[from + i])));
        }
        return out;
    }

    /** Peaks of an {@code [H, W, C]} map: 3x3 max-pool per channel (SAME, borders ignored), kept within epsilon. */
    static float[] peaksReference(float[] map, int gh, int gw, int channels) {
        float[] out = new float[map.length];
        for (int i = 0; i < gh; i++) {
            for (int j = 0; j < gw; j++) {
                for (int ch = 0; ch < channels; ch++) {
                    float v = map[(i * gw + j) * channels + ch];
                    float max = Float.NEGATIVE_INFINITY;
                    for (int a = Math.max(0, i - 1); a <= Math.min(gh - 1, i + 1); a++) {
                        for (int e = Math.max(0, j - 1); e <= Math.min(gw - 1, j + 1); e++) {
                            max = Math.max(max, map[(a * gw + e) * channels + ch]);
                        }
                    }
                    out[(i * gw + j) * channels + ch] = Math.abs(v - max) < PEAK_EPSILON ? v : 0f;
                }
            }
        }
        return out;
    }

    /**
     * The positions (in units of the element index {@code (p * stride + first)}) of the {@code k} largest of
     * {@code n} strided values, descending, ties by lower position; returns positions {@code p}.
     */
    private static int[] topK(float[] values, int first, int stride, int n, int k) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -values[i * stride + first]).thenComparingInt(i -> i));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private static float clip01(float v) {
        return Math.min(Math.max(v, 0f), 1f);
    }

    /**
     * The decoded detections of one image as {@link Detection}s: the first {@code numDetections} entries
     * with score {@code >= minScore}; the 0-based class becomes {@code categoryIds[class]}. Detections of
     * {@code keypointClass} carry their keypoints (visibility {@link Keypoint#VISIBLE}, confidence in the
     * keypoint scores); a box whose decoded size is negative is given with its corners in order.
     */
    public static List<Detection> toDetections(Decoded decoded, int[] categoryIds, int keypointClass, double minScore) {
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < decoded.numDetections(); i++) {
            if (decoded.scores()[i] < minScore) {
                continue;
            }
            float[] bx = decoded.boxes()[i];
            Box box = new Box(Math.min(bx[0], bx[2]), Math.min(bx[1], bx[3]), Math.max(bx[0], bx[2]), Math.max(bx[1], bx[3]));
            int cls = decoded.classes()[i];
            if (cls < 0 || cls >= categoryIds.length) {
                throw new IllegalArgumentException("class index " + cls + " has no category id");
            }
            if (decoded.keypoints() != null && cls == keypointClass) {
                float[][] kps = decoded.keypoints()[i];
                List<Keypoint> keypoints = new ArrayList<>(kps.length);
                double[] kpScores = new double[kps.length];
                for (int j = 0; j < kps.length; j++) {
                    keypoints.add(new Keypoint(kps[j][0], kps[j][1], Keypoint.VISIBLE));
                    kpScores[j] = decoded.keypointScores()[i][j];
                }
                out.add(new Detection(box, categoryIds[cls], decoded.scores()[i], keypoints, kpScores));
            } else {
                out.add(new Detection(box, categoryIds[cls], decoded.scores()[i]));
            }
        }
        return out;
    }
}
