package io.detectionstudio.engine.training;

import java.nio.file.Path;

/**
 * How a training job ended.
 *
 * @param checkpoint the checkpoint prefix to use (the best one when a validation split chose it), or null when
 *                   no step was completed
 * @param error      null unless {@code reason} is {@link Reason#FAILED}: a one-line message
 */
public record TrainingOutcome(Reason reason, int steps, double seconds, Path checkpoint, String error) {

    public enum Reason {
        FINISHED, CANCELLED, TIME_BUDGET, EARLY_STOP, FAILED
    }
}
