package io.detectionstudio.core.eval;

/**
 * A detection (one entry of a COCO results file) in COCO <b>pixels</b>.
 *
 * <p>Box evaluation needs {@code bbox}; its area ({@code w * h}, as pycocotools' {@code loadRes} sets
 * it) decides whether an unmatched detection counts in an area range. Keypoint evaluation needs
 * {@code keypoints}; there the detection's area is that of the box spanned by all its keypoints, as
 * {@code loadRes} computes it for a keypoint result file (which carries no {@code "bbox"}), and
 * {@code bbox} may be {@code null}.
 *
 * @param imageId    the image
 * @param categoryId the predicted category
 * @param bbox       {@code [x, y, width, height]} in pixels, or {@code null} for a keypoint-only result
 * @param score      the confidence; detections are ranked by it (ties keep the input order)
 * @param keypoints  {@code x, y, v} triples in pixels ({@code v} is not used), or {@code null}
 */
public record EvalDetection(long imageId, int categoryId, double[] bbox, double score, double[] keypoints) {

    /**
     * Checks the shapes and takes copies of the arrays; the accessors return those copies, which must
     * not be modified.
     *
     * @throws IllegalArgumentException if both arrays are {@code null}, if {@code bbox} does not have 4
     *                                  values, if {@code keypoints} is not made of triples or if the
     *                                  score is NaN
     */
    public EvalDetection {
        if (bbox == null && keypoints == null) {
            throw new IllegalArgumentException("a detection needs a bbox or keypoints");
        }
        if (bbox != null && bbox.length != 4) {
            throw new IllegalArgumentException("bbox must be [x, y, w, h], got " + bbox.length + " values");
        }
        if (keypoints != null && (keypoints.length % 3 != 0 || keypoints.length == 0)) {
            throw new IllegalArgumentException("keypoints must be x, y, v triples, got " + keypoints.length
                    + " values");
        }
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN");
        }
        bbox = bbox == null ? null : bbox.clone();
        keypoints = keypoints == null ? null : keypoints.clone();
    }

    /** A box detection. */
    public static EvalDetection ofBox(long imageId, int categoryId, double[] bbox, double score) {
        return new EvalDetection(imageId, categoryId, bbox, score, null);
    }

    /** A keypoint detection without a box. */
    public static EvalDetection ofKeypoints(long imageId, int categoryId, double[] keypoints, double score) {
        return new EvalDetection(imageId, categoryId, null, score, keypoints);
    }
}
