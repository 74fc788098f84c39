package io.detectionstudio.engine.training;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How a training job ended.
 *
 * @param checkpoint the checkpoint prefix to use (the best one when a validation split chose it), or null when
 *                   no step was completed
 * @param error      null unless {@code reason} is {@link Reason#FAILED}: a one-line message
 * @param best       the best validation result, or null when the job did not validate
 */
public record TrainingOutcome(Reason reason, int steps, double seconds, Path checkpoint, String error, Best best) {

    public enum Reason {
        FINISHED, CANCELLED, TIME_BUDGET, EARLY_STOP, FAILED
    }

    /** The best validation so far: at which step, and its metrics (as {@link TrainingListener#onValidation} had them). */
    public record Best(int step, Map<String, Double> metrics) {

        public Best {
            metrics = Map.copyOf(metrics);
        }

        public double ap50() {
            return metrics.getOrDefault(TrainingListener.AP50, -1.0);
        }

        public double ap() {
            return metrics.getOrDefault(TrainingListener.AP, -1.0);
        }

        /** E.g. {@code best AP50 0.917 (AP 0.603) at step 250}. */
        public String describe() {
            return String.format(Locale.ROOT, "best AP50 %.3f (AP %.3f) at step %d", ap50(), ap(), step);
        }
    }

    /** An outcome without validation. */
    public TrainingOutcome(Reason reason, int steps, double seconds, Path checkpoint, String error) {
        this(reason, steps, seconds, checkpoint, error, null);
    }
}
