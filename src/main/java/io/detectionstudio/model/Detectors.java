package io.detectionstudio.model;

import io.detectionstudio.model.odapi.OdApiSavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Opens what a user names as a model: today an OD API SavedModel folder (or a folder with one in {@code saved_model/}). */
public final class Detectors {

    private Detectors() {
    }

    /**
     * Opens a detector.
     *
     * @param names class names by category id (from a label map or dataset); may be empty
     */
    public static Detector open(Path model, Map<Integer, String> names) throws ModelException {
        if (!Files.exists(model)) {
            throw new ModelException(model + ": no such folder");
        }
        if (OdApiSavedModel.isSavedModel(model)) {
            return OdApiSavedModel.load(model, names);
        }
        if (OdApiSavedModel.isSavedModel(model.resolve("saved_model"))) {
            return OdApiSavedModel.load(model.resolve("saved_model"), names);
        }
        throw new ModelException(model + ": not a model: expected a SavedModel folder (with saved_model.pb), as the OD API's "
                + "exporter writes (training runs of this build's own engine are not available yet)");
    }
}
