package io.detectionstudio.model.centernet;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Keypoint;
import java.util.Arrays;
import java.util.List;

/**
 * The CenterNet training targets of one image, computed on the CPU in pure Java and fed to the training
 * graph through the placeholders of {@link CenterNetLosses.TargetPlaceholders}. This is the OD API's
 * {@code CenterNetCenterHeatmapTargetAssigner}, {@code CenterNetBoxTargetAssigner} and
 * {@code CenterNetKeypointTargetAssigner} (with boxes given, per-keypoint offsets, peak radius 0).
 *
 * <h2>Units</h2>
 * Everything here is in <b>output-grid units</b>: a normalized coordinate {@code v} becomes {@code v * H}
 * (y) or {@code v * W} (x), so grid cell {@code (i, j)} covers {@code [i, i+1) x [j, j+1)} and the whole
 * image is {@code [0, H) x [0, W)}. With an input of {@code 4H x 4W} pixels, one grid unit is 4 pixels.
 * For an object with normalized box {@code [ymin, xmin, ymax, xmax]}:
 * <ul>
 *   <li>box in grid units {@code Y0 = ymin*H, X0 = xmin*W, Y1 = ymax*H, X1 = xmax*W};</li>
 *   <li><b>size</b> {@code (h, w) = (Y1 - Y0, X1 - X0)} in grid units (not normalized, not logarithmic);</li>
 *   <li><b>center</b> {@code (cy, cx) = (Y0 + h/2, X0 + w/2)}; its <b>cell</b> is
 *       {@code (floor(cy), floor(cx))} and its flat <b>center index</b> {@code floor(cy) * W + floor(cx)};</li>
 *   <li><b>offset</b> {@code (cy - floor(cy), cx - floor(cx))}, each in {@code [0, 1)};</li>
 *   <li>the decoder inverts this: {@code cy = cell_y + offset_y}, {@code ymin = (cy - h/2) / H}, etc.</li>
 * </ul>
 * Example (pinned by the tests): on a 16x16 grid the box {@code [0.2, 0.1, 0.6, 0.5]} is
 * {@code [3.2, 1.6, 9.6, 8.0]} in grid units, size {@code (6.4, 6.4)}, center {@code (6.4, 4.8)}, cell
 * {@code (6, 4)}, center index {@code 6*16 + 4 = 100}, offset {@code (0.4, 0.8)}.
 *
 * <h2>Heatmaps</h2>
 * The class-center heatmap {@code [H, W, C]} has, for each object, a Gaussian
 * {@code exp(-((i - floor(cy))^2 + (j - floor(cx))^2) / (2 sigma^2))} over every cell {@code (i, j)} of
 * its class channel, so its value is exactly 1 at the center cell and {@code exp(-1 / (2 sigma^2))} one
 * cell away (up, down, left or right). Objects of the same class combine by maximum. The standard
 * deviation follows the OD API's {@code _compute_std_dev_from_box_size}:
 * {@code sigma = (2 * max(floor(r), 0) + 1) / 6} where {@code r = }{@link #gaussianRadius} of the box's
 * grid size with {@code min_overlap = }{@link #MIN_OVERLAP} (CenterNet's {@code gaussian_radius}, including
 * its well-known "divide by 2 instead of 2a" roots, exactly as the OD API keeps them).
 *
 * <p>The keypoint heatmap {@code [H, W, K]} has a Gaussian of the same sigma as the object's center
 * (the OD API's default keypoint std-dev 1.0 scaled by the box sigma) at {@code floor} of each labelled
 * keypoint, channel = keypoint type. Its weight map {@code [H, W, K]} is 1 except inside the box of an
 * object of the keypoint class whose keypoint {@code k} is not labelled (visibility 0): there channel
 * {@code k} gets weight 0, so the loss neither rewards nor punishes a peak for a keypoint nobody labelled
 * (the OD API's {@code blackout_pixel_weights_by_box_regions}: cells with {@code Y0 <= i < Y1} and
 * {@code X0 <= j < X1}). Unlike the OD API, objects of other classes do not black anything out.
 *
 * <h2>Gathered targets</h2>
 * The first {@link CenterNetSpec#maxObjects()} objects (in the order given) get a slot {@code m}: center
 * index, size, offset and mask 1. For objects of the keypoint class, per keypoint type {@code k}:
 * <ul>
 *   <li><b>keypoint regression</b> {@code (ky - floor(cy), kx - floor(cx))}: from the object's center cell
 *       to the keypoint, grid units, read at the center index;</li>
 *   <li><b>keypoint offset</b> {@code (ky - floor(ky), kx - floor(kx))}, read at the keypoint's own cell
 *       (index {@code floor(ky) * W + floor(kx)}) in the channels of type {@code k};</li>
 * </ul>
 * where {@code (ky, kx) = (y * H, x * W)} is the keypoint in grid units. Masks are 1 for labelled keypoints
 * (visibility 1 or 2) and 0 for unlabelled ones (visibility 0); the offset mask is also 0 for a keypoint
 * whose cell lies outside the grid. Unused slots are all zeros.
 *
 * <p>Objects whose center cell lies outside the grid are dropped (no heatmap, no slot). Objects past
 * {@code maxObjects} still mark the heatmaps (they are real objects) but get no slot.
 */
public final class CenterNetTargets {

    /** The OD API's {@code min_overlap} for the center Gaussian. */
    public static final double MIN_OVERLAP = 0.7;

    /**
     * One labelled object: a normalized box, its 0-based class index, and (for objects of the spec's
     * keypoint class) its keypoints, empty or exactly {@link CenterNetSpec#numKeypoints()} of them; an
     * empty list means none is labelled.
     */
    public record GroundTruth(Box box, int classIndex, List<Keypoint> keypoints) {
        public GroundTruth {
            if (box == null) {
                throw new IllegalArgumentException("ground truth needs a box");
            }
            if (classIndex < 0) {
                throw new IllegalArgumentException("class index must be >= 0, got " + classIndex);
            }
            keypoints = keypoints == null ? List.of() : List.copyOf(keypoints);
        }

        public GroundTruth(Box box, int classIndex) {
            this(box, classIndex, List.of());
        }
    }

    private final CenterNetSpec spec;
    private final float[] heatmap;
    private final int[] centerIndex;
    private final float[] boxSize;
    private final float[] boxOffset;
    private final float[] boxMask;
    private final float[] keypointHeatmap;
    private final float[] keypointHeatmapWeight;
    private final float[] keypointRegression;
    private final float[] keypointRegressionMask;
    private final int[] keypointIndex;
    private final float[] keypointOffset;
    private final float[] keypointOffsetMask;
    private int slotsUsed;

    private CenterNetTargets(CenterNetSpec spec) {
        this.spec = spec;
        int cells = spec.cells();
        int m = spec.maxObjects();
        int k = spec.numKeypoints();
        heatmap = new float[cells * spec.numClasses()];
        centerIndex = new int[m];
        boxSize = new float[m * 2];
        boxOffset = new float[m * 2];
        boxMask = new float[m];
        keypointHeatmap = new float[cells * k];
        keypointHeatmapWeight = new float[cells * k];
        Arrays.fill(keypointHeatmapWeight, 1f);
        keypointRegression = new float[m * k * 2];
        keypointRegressionMask = new float[m * k];
        keypointIndex = new int[m * k];
        keypointOffset = new float[m * k * 2];
        keypointOffsetMask = new float[m * k];
    }

    /** The targets of one image with the given objects (see the class documentation for every rule). */
    public static CenterNetTargets compute(CenterNetSpec spec, List<GroundTruth> objects) {
        CenterNetTargets t = new CenterNetTargets(spec);
        for (GroundTruth gt : objects) {
            t.add(gt);
        }
        return t;
    }

    /**
     * The OD API's {@code max_distance_for_overlap} (CenterNet's {@code gaussian_radius}): the smallest of the
     * three "smallest positive roots" for a box of the given height and width (any unit; the result is in the
     * same unit), computed as the OD API does, {@code (-b + sqrt(b^2 - 4ac)) / 2}.
     */
    public static double gaussianRadius(double height, double width, double minOverlap) {
        double m = minOverlap;
        double r1 = smallestPositiveRoot(1, -(height + width), width * height * ((1 - m) / (1 + m)));
        double r2 = smallestPositiveRoot(4, -2 * (height + width), (1 - m) * width * height);
        double r3 = smallestPositiveRoot(4 * m, 2 * m * (width + height), (m - 1) * width * height);
        return Math.min(r1, Math.min(r2, r3));
    }

    /** The Gaussian's standard deviation for a box of this grid size: {@code (2 max(floor(r), 0) + 1) / 6}. */
    public static double gaussianSigma(double height, double width) {
        double r = gaussianRadius(height, width, MIN_OVERLAP);
        return (2 * Math.max(Math.floor(r), 0.0) + 1) / 6.0;
    }

    private static double smallestPositiveRoot(double a, double b, double c) {
        double discriminant = Math.sqrt(b * b - 4 * a * c);
        return (-b + discriminant) / 2.0;
    }

    private void add(GroundTruth gt) {
        int h = spec.gridHeight();
        int w = spec.gridWidth();
        int numK = spec.numKeypoints();
        if (gt.classIndex() >= spec.numClasses()) {
            throw new IllegalArgumentException("class index " + gt.classIndex() + " is not one of " + spec.numClasses() + " classes");
        }
        boolean keypointObject = numK > 0 && gt.classIndex() == spec.keypointClass();
        if (keypointObject && !gt.keypoints().isEmpty() && gt.keypoints().size() != numK) {
            throw new IllegalArgumentException("object has " + gt.keypoints().size() + " keypoints, the spec " + numK);
        }
        Box b = gt.box();
        double y0 = b.ymin() * h;
        double x0 = b.xmin() * w;
        double y1 = b.ymax() * h;
        double x1 = b.xmax() * w;
        double bh = y1 - y0;
        double bw = x1 - x0;
        double cy = y0 + bh / 2;
        double cx = x0 + bw / 2;
        int fy = (int) Math.floor(cy);
        int fx = (int) Math.floor(cx);
        if (fy < 0 || fy >= h || fx < 0 || fx >= w) {
            return;
        }
        double sigma = gaussianSigma(bh, bw);
        drawGaussian(heatmap, spec.numClasses(), gt.classIndex(), fy, fx, sigma);
        int slot = slotsUsed < spec.maxObjects() ? slotsUsed++ : -1;
        if (slot >= 0) {
            centerIndex[slot] = fy * w + fx;
            boxSize[2 * slot] = (float) bh;
            boxSize[2 * slot + 1] = (float) bw;
            boxOffset[2 * slot] = (float) (cy - fy);
            boxOffset[2 * slot + 1] = (float) (cx - fx);
            boxMask[slot] = 1f;
        }
        if (!keypointObject) {
            return;
        }
        for (int k = 0; k < numK; k++) {
            Keypoint kp = gt.keypoints().isEmpty() ? Keypoint.notLabelled() : gt.keypoints().get(k);
            if (!kp.isLabelled()) {
                blackout(k, y0, x0, y1, x1);
                continue;
            }
            double ky = kp.y() * h;
            double kx = kp.x() * w;
            int kfy = (int) Math.floor(ky);
            int kfx = (int) Math.floor(kx);
            drawGaussian(keypointHeatmap, numK, k, kfy, kfx, sigma);
            if (slot < 0) {
                continue;
            }
            int mk = slot * numK + k;
            keypointRegression[2 * mk] = (float) (ky - fy);
            keypointRegression[2 * mk + 1] = (float) (kx - fx);
            keypointRegressionMask[mk] = 1f;
            if (kfy >= 0 && kfy < h && kfx >= 0 && kfx < w) {
                keypointIndex[mk] = kfy * w + kfx;
                keypointOffset[2 * mk] = (float) (ky - kfy);
                keypointOffset[2 * mk + 1] = (float) (kx - kfx);
                keypointOffsetMask[mk] = 1f;
            }
        }
    }

    private void drawGaussian(float[] map, int channels, int channel, int fy, int fx, double sigma) {
        int h = spec.gridHeight();
        int w = spec.gridWidth();
        double twoSigmaSq = 2 * sigma * sigma;
        for (int i = 0; i < h; i++) {
            double dy = i - fy;
            for (int j = 0; j < w; j++) {
                double dx = j - fx;
                float v = (float) Math.exp(-(dy * dy + dx * dx) / twoSigmaSq);
                int at = (i * w + j) * channels + channel;
                if (v > map[at]) {
                    map[at] = v;
                }
            }
        }
    }

    private void blackout(int k, double y0, double x0, double y1, double x1) {
        int h = spec.gridHeight();
        int w = spec.gridWidth();
        int numK = spec.numKeypoints();
        for (int i = 0; i < h; i++) {
            if (!(i >= y0 && i < y1)) {
                continue;
            }
            for (int j = 0; j < w; j++) {
                if (j >= x0 && j < x1) {
                    keypointHeatmapWeight[(i * w + j) * numK + k] = 0f;
                }
            }
        }
    }

    public CenterNetSpec spec() {
        return spec;
    }

    /** Number of slots used: objects with a center index, size and offset (at most {@code maxObjects}). */
    public int numObjects() {
        return slotsUsed;
    }

    /** Class-center heatmap {@code [H, W, C]}, row-major. */
    public float[] heatmap() {
        return heatmap.clone();
    }

    /** The heatmap value at cell {@code (y, x)} of class {@code c}. */
    public float heatmapAt(int y, int x, int c) {
        return heatmap[(y * spec.gridWidth() + x) * spec.numClasses() + c];
    }

    /** Flat center index {@code floor(cy) * W + floor(cx)} per slot {@code [M]}. */
    public int[] centerIndex() {
        return centerIndex.clone();
    }

    /** Box size {@code (h, w)} in grid units per slot {@code [M, 2]}. */
    public float[] boxSize() {
        return boxSize.clone();
    }

    /** Sub-cell center offset {@code (dy, dx)} in {@code [0, 1)} per slot {@code [M, 2]}. */
    public float[] boxOffset() {
        return boxOffset.clone();
    }

    /** 1 for used slots, 0 for padding {@code [M]}. */
    public float[] boxMask() {
        return boxMask.clone();
    }

    /** Keypoint heatmap {@code [H, W, K]}. */
    public float[] keypointHeatmap() {
        return keypointHeatmap.clone();
    }

    /** Keypoint heatmap loss weights {@code [H, W, K]}: 0 in the boxes of objects that lack keypoint k. */
    public float[] keypointHeatmapWeight() {
        return keypointHeatmapWeight.clone();
    }

    /** Regression from the object's center cell to each keypoint {@code [M, K, 2]}, grid units. */
    public float[] keypointRegression() {
        return keypointRegression.clone();
    }

    /** 1 where the keypoint is labelled {@code [M, K]}. */
    public float[] keypointRegressionMask() {
        return keypointRegressionMask.clone();
    }

    /** Flat cell index of each keypoint {@code [M, K]} (0 where masked). */
    public int[] keypointIndex() {
        return keypointIndex.clone();
    }

    /** Sub-cell offset of each keypoint {@code [M, K, 2]}. */
    public float[] keypointOffset() {
        return keypointOffset.clone();
    }

    /** 1 where the keypoint is labelled and its cell is inside the grid {@code [M, K]}. */
    public float[] keypointOffsetMask() {
        return keypointOffsetMask.clone();
    }

    /**
     * The targets of {@code B} images packed into flat row-major arrays with a leading batch dimension, ready
     * for {@code TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(array))}. The arrays are the batch's own
     * (not copied); the shape of each is given by the matching {@code ...Shape()} method.
     */
    public static final class Batch {
        private final CenterNetSpec spec;
        private final int size;
        private final float[] heatmap;
        private final int[] centerIndex;
        private final float[] boxSize;
        private final float[] boxOffset;
        private final float[] boxMask;
        private final float[] keypointHeatmap;
        private final float[] keypointHeatmapWeight;
        private final float[] keypointRegression;
        private final float[] keypointRegressionMask;
        private final int[] keypointIndex;
        private final float[] keypointOffset;
        private final float[] keypointOffsetMask;

        private Batch(CenterNetSpec spec, List<CenterNetTargets> images) {
            this.spec = spec;
            this.size = images.size();
            for (CenterNetTargets t : images) {
                if (!t.spec.equals(spec)) {
                    throw new IllegalArgumentException("image targets made for " + t.spec + ", batch is " + spec);
                }
            }
            heatmap = concat(images, t -> t.heatmap);
            centerIndex = concatInts(images, t -> t.centerIndex);
            boxSize = concat(images, t -> t.boxSize);
            boxOffset = concat(images, t -> t.boxOffset);
            boxMask = concat(images, t -> t.boxMask);
            keypointHeatmap = concat(images, t -> t.keypointHeatmap);
            keypointHeatmapWeight = concat(images, t -> t.keypointHeatmapWeight);
            keypointRegression = concat(images, t -> t.keypointRegression);
            keypointRegressionMask = concat(images, t -> t.keypointRegressionMask);
            keypointIndex = concatInts(images, t -> t.keypointIndex);
            keypointOffset = concat(images, t -> t.keypointOffset);
            keypointOffsetMask = concat(images, t -> t.keypointOffsetMask);
        }

        /** Packs per-image targets (all made with {@code spec}) in order. */
        public static Batch pack(CenterNetSpec spec, List<CenterNetTargets> images) {
            if (images.isEmpty()) {
                throw new IllegalArgumentException("a batch needs at least one image");
            }
            return new Batch(spec, images);
        }

        /** Computes and packs the targets of each image's objects. */
        public static Batch of(CenterNetSpec spec, List<List<GroundTruth>> objectsPerImage) {
            return pack(spec, objectsPerImage.stream().map(o -> compute(spec, o)).toList());
        }

        private static float[] concat(List<CenterNetTargets> images, java.util.function.Function<CenterNetTargets, float[]> f) {
            int n = f.apply(images.get(0)).length;
            float[] out = new float[n * images.size()];
            for (int b = 0; b < images.size(); b++) {
                System.arraycopy(f.apply(images.get(b)), 0, out, b * n, n);
            }
            return out;
        }

        private static int[] concatInts(List<CenterNetTargets> images, java.util.function.Function<CenterNetTargets, int[]> f) {
            int n = f.apply(images.get(0)).length;
            int[] out = new int[n * images.size()];
            for (int b = 0; b < images.size(); b++) {
                System.arraycopy(f.apply(images.get(b)), 0, out, b * n, n);
            }
            return out;
        }

        public CenterNetSpec spec() {
            return spec;
        }

        /** Number of images {@code B}. */
        public int size() {
            return size;
        }

        public float[] heatmap() {
            return heatmap;
        }

        public int[] centerIndex() {
            return centerIndex;
        }

        public float[] boxSize() {
            return boxSize;
        }

        public float[] boxOffset() {
            return boxOffset;
        }

        public float[] boxMask() {
            return boxMask;
        }

        public float[] keypointHeatmap() {
            return keypointHeatmap;
        }

        public float[] keypointHeatmapWeight() {
            return keypointHeatmapWeight;
        }

        public float[] keypointRegression() {
            return keypointRegression;
        }

        public float[] keypointRegressionMask() {
            return keypointRegressionMask;
        }

        public int[] keypointIndex() {
            return keypointIndex;
        }

        public float[] keypointOffset() {
            return keypointOffset;
        }

        public float[] keypointOffsetMask() {
            return keypointOffsetMask;
        }

        /** {@code [B, H, W, C]}. */
        public long[] heatmapShape() {
            return new long[] {size, spec.gridHeight(), spec.gridWidth(), spec.numClasses()};
        }

        /** {@code [B, M]}: center index and box mask. */
        public long[] objectShape() {
            return new long[] {size, spec.maxObjects()};
        }

        /** {@code [B, M, 2]}: box size and box offset. */
        public long[] objectPairShape() {
            return new long[] {size, spec.maxObjects(), 2};
        }

        /** {@code [B, H, W, K]}: keypoint heatmap and its weights. */
        public long[] keypointHeatmapShape() {
            return new long[] {size, spec.gridHeight(), spec.gridWidth(), spec.numKeypoints()};
        }

        /** {@code [B, M, K]}: keypoint index and the keypoint masks. */
        public long[] keypointShape() {
            return new long[] {size, spec.maxObjects(), spec.numKeypoints()};
        }

        /** {@code [B, M, K, 2]}: keypoint regression and keypoint offset. */
        public long[] keypointPairShape() {
            return new long[] {size, spec.maxObjects(), spec.numKeypoints(), 2};
        }
    }
}
