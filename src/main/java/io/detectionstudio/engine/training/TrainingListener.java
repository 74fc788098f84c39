package io.detectionstudio.engine.training;

import java.util.Map;

/**
 * What a training job reports, on its own thread (a UI hops to its own thread itself). All methods have empty
 * defaults, so a listener implements what it shows.
 */
public interface TrainingListener {

    /** The validation metric that picks the best checkpoint: COCO box AP at IoU .50. */
    String AP50 = "AP50";
    /** COCO box AP over IoU .50:.95, which breaks ties of {@link #AP50}. */
    String AP = "AP";

    /** After each step. */
    default void onStep(TrainingProgress progress) {
    }

    /**
     * The weights after {@code step} were scored on the validation images.
     *
     * @param metrics {@link #AP50}, {@link #AP}, {@code AP75}, {@code AR100} (COCO box metrics, -1 when undefined),
     *                and {@code keypoint AP}, {@code keypoint AP50} (OKS) when the model has keypoints
     * @param best    whether they are the best so far (then a best checkpoint follows)
     */
    default void onValidation(int step, Map<String, Double> metrics, boolean best) {
    }

    /** A checkpoint was written (the last one, or a new best). */
    default void onCheckpoint(int step, java.nio.file.Path prefix, boolean best) {
    }

    /** The job ended: finished, cancelled, out of time, stopped early, or stopped by an error (then {@code error} says why). */
    default void onEnd(TrainingOutcome outcome) {
    }

    /** One listener that tells each of {@code listeners} every report, in this order. */
    static TrainingListener all(TrainingListener... listeners) {
        java.util.List<TrainingListener> list = java.util.List.of(listeners);
        return new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                list.forEach(l -> l.onStep(progress));
            }

            @Override
            public void onValidation(int step, Map<String, Double> metrics, boolean best) {
                list.forEach(l -> l.onValidation(step, metrics, best));
            }

            @Override
            public void onCheckpoint(int step, java.nio.file.Path prefix, boolean best) {
                list.forEach(l -> l.onCheckpoint(step, prefix, best));
            }

            @Override
            public void onEnd(TrainingOutcome outcome) {
                list.forEach(l -> l.onEnd(outcome));
            }
        };
    }
}
