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
            return defaultFor(null);
        }
        return StartPoint.resolve(name, n -> null);
    }

    /**
     * The start used when none is named: the best installed weights, else the built-in start, else scratch; with
     * {@code fixed} settings (a config gave the width) the first of those that fits them.
     */
    static StartPoint defaultFor(io.detectionstudio.engine.training.TrainingJob.Settings fixed) throws ModelException {
        java.util.List<StartPoint> candidates = new java.util.ArrayList<>();
        StartPoint.builtIn().ifPresent(candidates::add);
        for (StartPoint p : candidates) {
            if (fixed == null || p.fits(fixed)) {
                return p;
            }
        }
        return StartPoint.scratch();
    }
}
