package io.detectionstudio.model;

import io.detectionstudio.config.ConfigException;
import io.detectionstudio.config.LabelMaps;
import io.detectionstudio.model.centernet.CenterNetDetector;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.model.odapi.OdApiSavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Opens what a user names as a model: a training run of ours, or an OD API SavedModel folder (or one with {@code saved_model/}). */
public final class Detectors {

    private Detectors() {
    }

    /** The label map of an export: {@value #LABEL_MAP} in the model's folder or up to two folders above it. */
    static final String LABEL_MAP = "label_map.pbtxt";

    /**
     * Class names from the nearest {@value #LABEL_MAP} ({@code exported/saved_model} sits two folders below the
     * {@code export --for-odapi} folder that holds it); empty when there is none or it cannot be read.
     */
    static Map<Integer, String> labelMapNames(Path savedModel) {
        Path dir = savedModel.toAbsolutePath().normalize();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path file = dir.resolve(LABEL_MAP);
            if (Files.isRegularFile(file)) {
                try {
                    Map<Integer, String> names = new java.util.LinkedHashMap<>();
                    LabelMaps.toCategories(LabelMaps.read(file).labelMap()).forEach(c -> names.put(c.id(), c.name()));
                    return names;
                } catch (ConfigException e) {
                    return Map.of();
                }
            }
        }
        return Map.of();
    }

    /**
     * Opens a detector.
     *
     * @param names class names by category id (e.g. the dataset's); when empty, the export's label map gives them
     */
    public static Detector open(Path model, Map<Integer, String> names) throws ModelException {
        if (!Files.exists(model)) {
            throw new ModelException(model + ": no such folder");
        }
        if (CenterNetRun.isRun(model)) {
            return CenterNetDetector.open(model);
        }
        Path savedModel = OdApiSavedModel.isSavedModel(model) ? model
                : OdApiSavedModel.isSavedModel(model.resolve("saved_model")) ? model.resolve("saved_model") : null;
        if (savedModel != null) {
            return OdApiSavedModel.load(savedModel, names.isEmpty() ? labelMapNames(savedModel) : names);
        }
        throw new ModelException(model + ": not a model: expected a training run folder (pipeline.config and checkpoint/) "
                + "or a SavedModel folder (with saved_model.pb), as the OD API's exporter writes");
    }
}
