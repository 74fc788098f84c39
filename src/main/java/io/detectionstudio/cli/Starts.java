package io.detectionstudio.cli;

import io.detectionstudio.engine.training.StartPoint;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.weights.InstalledStart;
import io.detectionstudio.engine.weights.WeightsException;
import io.detectionstudio.engine.weights.WeightsStore;
import io.detectionstudio.model.ModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The starts the command line names: {@link StartPoint#resolve} with the installed weights of {@link WeightsStore}. */
final class Starts {

    /** What {@code train} uses when no start is named. */
    static final String DEFAULT = "default";

    private Starts() {
    }

    static StartPoint resolve(String name) throws ModelException {
        if (name.equals(DEFAULT)) {
            return defaultFor(null);
        }
        WeightsStore store = WeightsStore.atDefaultLocation();
        return StartPoint.resolve(name, n -> installed(store, n));
    }

    /** The file of installed weights of that name; null when the store knows no such name. */
    private static Path installed(WeightsStore store, String name) throws ModelException {
        boolean known = store.catalogue().byName(name).isPresent()
                || store.installed().stream().anyMatch(s -> s.name().equals(name));
        if (!known) {
            return null;
        }
        try {
            return store.find(name).file();
        } catch (WeightsException e) {
            throw new ModelException(e.getMessage(), e);
        }
    }

    /**
     * The start used when none is named: the best installed weights, else the built-in start, else scratch; with
     * {@code fixed} settings (a config gave the width) the first of those that fits them.
     */
    static StartPoint defaultFor(TrainingJob.Settings fixed) throws ModelException {
        List<StartPoint> candidates = new ArrayList<>();
        for (InstalledStart s : WeightsStore.atDefaultLocation().installed()) {
            try {
                candidates.add(StartPoint.ofTflite(s.file(), s.name()));
            } catch (ModelException e) {
                // a damaged file in the store: the next start will do; weights list shows it
            }
            break;
        }
        StartPoint.builtIn().ifPresent(candidates::add);
        for (StartPoint p : candidates) {
            if (fixed == null || p.fits(fixed)) {
                return p;
            }
        }
        return StartPoint.scratch();
    }
}
