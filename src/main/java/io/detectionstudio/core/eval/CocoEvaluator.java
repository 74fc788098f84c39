package io.detectionstudio.core.eval;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * COCO evaluation of boxes and keypoints, reproducing pycocotools' {@code COCOeval} ({@code useCats=1},
 * default parameters) in plain Java. See the package documentation for the coordinates (COCO pixels),
 * the algorithm and how VOC "difficult" objects are treated.
 *
 * <p>The image set is the given image ids: ground truths and detections on other images are ignored.
 * The category set is, by default, the categories that occur in the ground truths (pycocotools uses
 * {@code cocoGt.getCatIds()}); detections of other categories are ignored. A category of the set with
 * no non-ignored ground truth gets -1 everywhere and does not count in the means. Within one image and
 * category, the order of the lists matters only for ties (equal scores, equal IoUs), and is then the
 * order of the annotations in a COCO file.
 *
 * <p>Box results agree with pycocotools to the last bit (the arithmetic, the sorts and numpy's pairwise
 * summation are reproduced). Keypoint results do too, up to the last-bit differences between Java's
 * {@link StrictMath#exp} and numpy's {@code exp} inside OKS.
 */
public final class CocoEvaluator {

    /**
     * The 17 COCO person keypoint sigmas of pycocotools ({@code kpt_oks_sigmas}: {@code [.26, .25, .25,
     * .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89] / 10.0}, computed the same
     * way so the doubles are identical), in COCO keypoint order (nose, eyes, ears, shoulders, elbows,
     * wrists, hips, knees, ankles). Do not modify.
     */
    public static final double[] COCO_PERSON_SIGMAS;

    /**
     * The sigma used for every keypoint of a category that has no entry in the sigma map: 0.05. It is a
     * middle value of the COCO person sigmas (.025 for the eyes to .107 for the hips); a schema whose
     * keypoints are localised more or less precisely should pass its own sigmas.
     */
    public static final double DEFAULT_KEYPOINT_SIGMA = 0.05;

    static {
        double[] tenths = {.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89};
        COCO_PERSON_SIGMAS = new double[tenths.length];
        for (int i = 0; i < tenths.length; i++) {
            COCO_PERSON_SIGMAS[i] = tenths[i] / 10.0;
        }
    }

    private CocoEvaluator() {
    }

    /** Box evaluation ({@code iouType='bbox'}) over the categories present in {@code gts}. */
    public static CocoMetrics evaluateBoxes(Collection<Long> imageIds, List<EvalGroundTruth> gts,
                                            List<EvalDetection> dts) {
        return evaluateBoxes(imageIds, null, gts, dts);
    }

    /**
     * Box evaluation ({@code iouType='bbox'}).
     *
     * @param imageIds    the images to evaluate ({@code params.imgIds})
     * @param categoryIds the categories ({@code params.catIds}), or {@code null} for those in {@code gts}
     * @param gts         the ground truths
     * @param dts         the detections; each needs a {@code bbox}
     * @throws IllegalArgumentException if a detection to evaluate has no box
     */
    public static CocoMetrics evaluateBoxes(Collection<Long> imageIds, Collection<Integer> categoryIds,
                                            List<EvalGroundTruth> gts, List<EvalDetection> dts) {
        CocoEvalEngine.Accumulation acc = CocoEvalEngine.run(CocoEvalEngine.BOXES, imageIds, categoryIds,
                gts, dts, null);
        double all = Double.NaN;
        Map<Integer, Double> apByCategory = new LinkedHashMap<>();
        Map<Integer, PrecisionRecallCurve> curves = new LinkedHashMap<>();
        perCategory(acc, apByCategory, curves);
        return new CocoMetrics(
                acc.summarize(true, all, "all", 100),
                acc.summarize(true, 0.5, "all", 100),
                acc.summarize(true, 0.75, "all", 100),
                acc.summarize(true, all, "small", 100),
                acc.summarize(true, all, "medium", 100),
                acc.summarize(true, all, "large", 100),
                acc.summarize(false, all, "all", 1),
                acc.summarize(false, all, "all", 10),
                acc.summarize(false, all, "all", 100),
                acc.summarize(false, all, "small", 100),
                acc.summarize(false, all, "medium", 100),
                acc.summarize(false, all, "large", 100),
                apByCategory, curves);
    }

    /** Keypoint evaluation ({@code iouType='keypoints'}) over the categories present in {@code gts}. */
    public static KeypointMetrics evaluateKeypoints(Collection<Long> imageIds, List<EvalGroundTruth> gts,
                                                    List<EvalDetection> dts,
                                                    Map<Integer, double[]> sigmasByCategory) {
        return evaluateKeypoints(imageIds, null, gts, dts, sigmasByCategory);
    }

    /**
     * Keypoint evaluation ({@code iouType='keypoints'}), with OKS as the similarity.
     *
     * @param imageIds         the images to evaluate
     * @param categoryIds      the categories, or {@code null} for those in {@code gts}
     * @param gts              the ground truths; one without visible keypoint is ignored
     * @param dts              the detections; each needs {@code keypoints}, as many as its category's
     *                         ground truths
     * @param sigmasByCategory per category, one sigma per keypoint (e.g. {@link #COCO_PERSON_SIGMAS});
     *                         a category without an entry (or a {@code null} map) uses
     *                         {@link #defaultSigmas} ({@value #DEFAULT_KEYPOINT_SIGMA} per keypoint)
     * @throws IllegalArgumentException if a detection has no keypoints or if keypoint counts disagree
     */
    public static KeypointMetrics evaluateKeypoints(Collection<Long> imageIds, Collection<Integer> categoryIds,
                                                    List<EvalGroundTruth> gts, List<EvalDetection> dts,
                                                    Map<Integer, double[]> sigmasByCategory) {
        CocoEvalEngine.Accumulation acc = CocoEvalEngine.run(CocoEvalEngine.KEYPOINTS, imageIds, categoryIds,
                gts, dts, sigmasByCategory);
        double all = Double.NaN;
        Map<Integer, Double> apByCategory = new LinkedHashMap<>();
        Map<Integer, PrecisionRecallCurve> curves = new LinkedHashMap<>();
        perCategory(acc, apByCategory, curves);
        return new KeypointMetrics(
                acc.summarize(true, all, "all", 20),
                acc.summarize(true, 0.5, "all", 20),
                acc.summarize(true, 0.75, "all", 20),
                acc.summarize(true, all, "medium", 20),
                acc.summarize(true, all, "large", 20),
                acc.summarize(false, all, "all", 20),
                acc.summarize(false, 0.5, "all", 20),
                acc.summarize(false, 0.75, "all", 20),
                acc.summarize(false, all, "medium", 20),
                acc.summarize(false, all, "large", 20),
                apByCategory, curves);
    }

    private static void perCategory(CocoEvalEngine.Accumulation acc, Map<Integer, Double> apByCategory,
                                    Map<Integer, PrecisionRecallCurve> curves) {
        for (int k = 0; k < acc.cats.length; k++) {
            apByCategory.put(acc.cats[k], acc.categoryAp(k));
            curves.put(acc.cats[k], acc.curve(k));
        }
    }

    /** The default sigmas: {@value #DEFAULT_KEYPOINT_SIGMA} for each of {@code numKeypoints} keypoints. */
    public static double[] defaultSigmas(int numKeypoints) {
        double[] out = new double[numKeypoints];
        Arrays.fill(out, DEFAULT_KEYPOINT_SIGMA);
        return out;
    }

    /** The 10 IoU (or OKS) thresholds {@code .50:.05:.95}, exactly as {@code np.linspace} makes them. */
    public static double[] iouThresholds() {
        return CocoEvalEngine.IOU_THRESHOLDS.clone();
    }

    /**
     * Box IoU as pycocotools' {@code maskUtils.iou} computes it for boxes: intersection over union, or,
     * when the ground truth is a crowd region, intersection over the detection's area. Boxes that only
     * touch have IoU 0.
     *
     * @param det   {@code [x, y, w, h]} in pixels
     * @param gt    {@code [x, y, w, h]} in pixels
     * @param crowd whether {@code gt} is a crowd region
     */
    public static double boxIou(double[] det, double[] gt, boolean crowd) {
        double da = det[2] * det[3];
        double ga = gt[2] * gt[3];
        double w = Math.min(det[2] + det[0], gt[2] + gt[0]) - Math.max(det[0], gt[0]);
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(det[3] + det[1], gt[3] + gt[1]) - Math.max(det[1], gt[1]);
        if (h <= 0) {
            return 0;
        }
        double i = w * h;
        double u = crowd ? da : da + ga - i;
        return i / u;
    }

    /**
     * Object keypoint similarity as pycocotools' {@code computeOks}: with {@code var = (2 sigma)^2} and
     * {@code e = (dx^2 + dy^2) / var / (area + eps) / 2} per keypoint ({@code eps = np.spacing(1)}),
     * OKS is the mean of {@code exp(-e)} over the ground truth's visible ({@code v > 0}) keypoints. When
     * the ground truth has no visible keypoint, the mean is over all keypoints and {@code dx}, {@code dy}
     * are the distances from the detected keypoint to the ground-truth box grown by its width and height
     * on each side ({@code [x - w, x + 2w] x [y - h, y + 2h]}; 0 inside it).
     *
     * @param gtKeypoints {@code x, y, v} triples of the ground truth
     * @param gtBbox      the ground truth's {@code [x, y, w, h]}
     * @param gtArea      the ground truth's {@code area} field
     * @param dtKeypoints {@code x, y, v} triples of the detection ({@code v} unused)
     * @param sigmas      one per keypoint
     * @throws IllegalArgumentException if the three lengths disagree
     */
    public static double oks(double[] gtKeypoints, double[] gtBbox, double gtArea, double[] dtKeypoints,
                             double[] sigmas) {
        Objects.requireNonNull(sigmas, "sigmas");
        int k = sigmas.length;
        if (gtKeypoints.length != 3 * k || dtKeypoints.length != 3 * k) {
            throw new IllegalArgumentException("keypoint counts disagree: " + sigmas.length + " sigmas, "
                    + gtKeypoints.length / 3 + " ground-truth and " + dtKeypoints.length / 3
                    + " detected keypoints");
        }
        int k1 = 0;
        for (int j = 0; j < k; j++) {
            if (gtKeypoints[3 * j + 2] > 0) {
                k1++;
            }
        }
        double x0 = gtBbox[0] - gtBbox[2];
        double x1 = gtBbox[0] + gtBbox[2] * 2;
        double y0 = gtBbox[1] - gtBbox[3];
        double y1 = gtBbox[1] + gtBbox[3] * 2;
        double denominator = gtArea + NumpyMath.EPS;
        double[] terms = new double[k];
        int n = 0;
        for (int j = 0; j < k; j++) {
            double xd = dtKeypoints[3 * j];
            double yd = dtKeypoints[3 * j + 1];
            double dx;
            double dy;
            if (k1 > 0) {
                if (!(gtKeypoints[3 * j + 2] > 0)) {
                    continue;
                }
                dx = xd - gtKeypoints[3 * j];
                dy = yd - gtKeypoints[3 * j + 1];
            } else {
                dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
                dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
            }
            double twoSigma = sigmas[j] * 2;
            double var = twoSigma * twoSigma;
            double e = (dx * dx + dy * dy) / var / denominator / 2;
            terms[n++] = StrictMath.exp(-e);
        }
        return NumpyMath.pairwiseSum(terms, n) / n;
    }
}
