package io.detectionstudio.ui.inspect;

import io.detectionstudio.core.eval.EvalDetection;
import io.detectionstudio.core.eval.EvalGroundTruth;
import io.detectionstudio.core.eval.ImageMatching;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.ObjectAnnotation;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Inspect panel draws and counts on one image at the chosen score: each prediction at or above the score
 * with its verdict, and the labelled objects that were missed or are ignored. Matching is COCO's at IoU
 * {@value #MATCH_IOU} ({@link ImageMatching}): per class, greedy by score, crowd and difficult objects ignored.
 * No JavaFX here.
 *
 * @param evaluated  true when the image has ground truth (see {@link #of}) and predictions: only then do the
 *                   verdicts and counts mean anything
 * @param detections the predictions at or above the score, best first
 * @param missed     labelled objects no prediction matched
 * @param ignored    crowd and difficult objects (never counted)
 */
public record ImageMarks(boolean evaluated, List<Mark> detections, List<ObjectAnnotation> missed,
                         List<ObjectAnnotation> ignored) {

    /** The IoU at which a prediction matches a labelled object. */
    public static final double MATCH_IOU = 0.5;

    /** No predictions, nothing to say. */
    public static final ImageMarks NONE = new ImageMarks(false, List.of(), List.of(), List.of());

    /** What a prediction is. */
    public enum Verdict {
        TRUE_POSITIVE,
        FALSE_POSITIVE,
        /** Matched a crowd or difficult object: not counted. */
        IGNORED,
        /** On an image without ground truth: cannot be judged. */
        UNCHECKED
    }

    /** One prediction and its verdict. */
    public record Mark(DetectionsJson.Detection detection, Verdict verdict) {
    }

    public ImageMarks {
        detections = List.copyOf(detections);
        missed = List.copyOf(missed);
        ignored = List.copyOf(ignored);
    }

    /**
     * Marks an image's predictions.
     *
     * @param annotations    the image's labelled objects
     * @param hasGroundTruth whether the image counts as labelled: it has annotations, or the user marked it
     *                       reviewed with none (then every prediction on it is a false positive)
     * @param predictions    the image's predictions, any order, or null when the model has not run on it
     * @param minScore       predictions below it are left out
     */
    public static ImageMarks of(List<ObjectAnnotation> annotations, boolean hasGroundTruth,
                                List<DetectionsJson.Detection> predictions, double minScore) {
        if (predictions == null) {
            return NONE;
        }
        List<DetectionsJson.Detection> shown = predictions.stream().filter(p -> p.score() >= minScore)
                .sorted((a, b) -> Double.compare(b.score(), a.score())).toList();
        if (!hasGroundTruth) {
            return new ImageMarks(false, shown.stream().map(p -> new Mark(p, Verdict.UNCHECKED)).toList(), List.of(),
                    List.of());
        }
        List<EvalGroundTruth> gts = annotations.stream().map(ImageMarks::groundTruth).toList();
        List<EvalDetection> dts = shown.stream()
                .map(p -> EvalDetection.ofBox(p.imageId(), p.categoryId(), p.bbox().toArray(), p.score())).toList();
        ImageMatching.Result r = ImageMatching.match(gts, dts, MATCH_IOU);
        List<Mark> marks = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            marks.add(new Mark(shown.get(i), switch (r.detections().get(i)) {
                case TRUE_POSITIVE -> Verdict.TRUE_POSITIVE;
                case FALSE_POSITIVE -> Verdict.FALSE_POSITIVE;
                case IGNORED -> Verdict.IGNORED;
            }));
        }
        List<ObjectAnnotation> missed = new ArrayList<>();
        List<ObjectAnnotation> ignored = new ArrayList<>();
        for (int g = 0; g < annotations.size(); g++) {
            switch (r.groundTruths().get(g)) {
                case MISSED -> missed.add(annotations.get(g));
                case IGNORED -> ignored.add(annotations.get(g));
                default -> { }
            }
        }
        return new ImageMarks(true, marks, missed, ignored);
    }

    /** An annotation as COCO evaluation sees it (difficult objects ignored like crowds). */
    static EvalGroundTruth groundTruth(ObjectAnnotation a) {
        return new EvalGroundTruth(a.id(), a.imageId(), a.categoryId(), a.bbox().toArray(), a.effectiveArea(), a.iscrowd(),
                a.difficult(), a.keypoints());
    }

    public int truePositives() {
        return count(Verdict.TRUE_POSITIVE);
    }

    public int falsePositives() {
        return count(Verdict.FALSE_POSITIVE);
    }

    public int misses() {
        return missed.size();
    }

    /** False positives and misses: what sorting by errors sorts by (0 when not evaluated). */
    public int errors() {
        return evaluated ? falsePositives() + misses() : 0;
    }

    private int count(Verdict v) {
        return (int) detections.stream().filter(m -> m.verdict() == v).count();
    }
}
