package io.detectionstudio.core.eval;

/**
 * One category's interpolated precision-recall curve, as COCOeval's {@code eval['precision']} holds it:
 * at IoU 0.50, area range "all" and the largest maxDets (100 for boxes, 20 for keypoints), sampled at
 * the 101 recall thresholds {@link #recallThresholds()} ({@code 0.00, 0.01, ..., 1.00}).
 *
 * <p>{@code precision[r]} is the best precision reached at a recall of at least
 * {@code recallThresholds()[r]} (0 past the highest recall the detections reach); {@code scores[r]} is
 * the score of the detection at which that recall is first reached (COCOeval's {@code eval['scores']},
 * 0 past the highest recall). Both are all -1 when the category has no non-ignored ground truth.
 *
 * @param categoryId the category
 * @param precision  101 values
 * @param scores     101 values
 */
public record PrecisionRecallCurve(int categoryId, double[] precision, double[] scores) {

    /** Takes copies of the arrays; the accessors return those copies, which must not be modified. */
    public PrecisionRecallCurve {
        if (precision.length != CocoEvalEngine.RECALL_THRESHOLDS.length
                || scores.length != CocoEvalEngine.RECALL_THRESHOLDS.length) {
            throw new IllegalArgumentException("a curve has " + CocoEvalEngine.RECALL_THRESHOLDS.length
                    + " points");
        }
        precision = precision.clone();
        scores = scores.clone();
    }

    /** The 101 recall thresholds, exactly as {@code np.linspace(0, 1, 101)} makes them (a fresh copy). */
    public static double[] recallThresholds() {
        return CocoEvalEngine.RECALL_THRESHOLDS.clone();
    }

    /** Whether the curve exists, i.e. the category had a non-ignored ground truth. */
    public boolean defined() {
        return precision[0] > -1;
    }
}
