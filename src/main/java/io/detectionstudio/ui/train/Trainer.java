package io.detectionstudio.ui.train;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingOutcome;
import io.detectionstudio.engine.training.ValidationSplit;
import io.detectionstudio.model.ModelException;
import java.nio.file.Path;

/**
 * What the Train panel trains with: in the app the engine's {@link TrainingJob} ({@link #engine()}); in tests a fake
 * that reports steps without TensorFlow. One per run; its methods are called on the training thread, {@link #cancel}
 * on any.
 */
public interface Trainer {

    /** How {@code settings} split {@code dataset} for validation. */
    ValidationSplit split(Dataset dataset, TrainingJob.Settings settings) throws ModelException;

    /** Trains into {@code folder}, reporting to {@code listener}; returns how it ended. */
    TrainingOutcome run(Dataset dataset, Path folder, TrainingJob.Settings settings, TrainingListener listener)
            throws ModelException;

    /** Asks the run to stop after the current step (any thread). */
    void cancel();

    /** The engine's training job. */
    static Trainer engine() {
        TrainingJob job = new TrainingJob();
        return new Trainer() {
            @Override
            public ValidationSplit split(Dataset dataset, TrainingJob.Settings settings) throws ModelException {
                return job.split(dataset, settings);
            }

            @Override
            public TrainingOutcome run(Dataset dataset, Path folder, TrainingJob.Settings settings, TrainingListener listener)
                    throws ModelException {
                return job.run(dataset, folder, settings, listener);
            }

            @Override
            public void cancel() {
                job.cancel();
            }
        };
    }
}
