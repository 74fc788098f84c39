package io.detectionstudio.cli;

import io.detectionstudio.engine.training.StartPoint;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.weights.WeightsStore;
import io.detectionstudio.model.ModelException;

/** The starts the command line names: {@link StartPoint#named} with the user's weights store. */
final class Starts {

    /** What {@code train} uses when no start is named. */
    static final String DEFAULT = StartPoint.DEFAULT;

    private Starts() {
    }

    static StartPoint resolve(String name) throws ModelException {
        return StartPoint.named(name, WeightsStore.atDefaultLocation());
    }

    static StartPoint defaultFor(TrainingJob.Settings fixed) throws ModelException {
        return StartPoint.defaultFor(WeightsStore.atDefaultLocation(), fixed);
    }
}
