package io.detectionstudio.cli;

import io.detectionstudio.engine.training.StartPoint;
import io.detectionstudio.model.ModelException;

/** The starts the command line names: {@link StartPoint#resolve} with the installed weights. */
final class Starts {

    /** What {@code train} uses when no start is named. */
    static final String DEFAULT = "default";

    private Starts() {
    }

    static StartPoint resolve(String name) throws ModelException {
        if (name.equals(DEFAULT)) {
            return StartPoint.builtIn().orElse(StartPoint.scratch());
        }
        return StartPoint.resolve(name, n -> null);
    }
}
