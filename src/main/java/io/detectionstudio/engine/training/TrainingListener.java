package io.detectionstudio.engine.training;

/**
 * What a training job reports, on its own thread (a UI hops to its own thread itself). All methods have empty
 * defaults, so a listener implements what it shows.
 */
public interface TrainingListener {

    /** After each step. */
    default void onStep(TrainingProgress progress) {
    }

    /** A checkpoint was written (the last one, or a new best). */
    default void onCheckpoint(int step, java.nio.file.Path prefix, boolean best) {
    }

    /** The job ended: finished, cancelled, out of time, or stopped by an error (then {@code error} says why). */
    default void onEnd(TrainingOutcome outcome) {
    }
}
