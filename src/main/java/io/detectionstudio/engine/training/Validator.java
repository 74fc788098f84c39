package io.detectionstudio.engine.training;

import io.detectionstudio.core.Detection;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.Evaluation;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetDetector;
import io.detectionstudio.model.centernet.CenterNetRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores checkpoints of a run on the validation images: the images are decoded and letterboxed once, and each
 * checkpoint is restored into one inference graph (batch norm from the moving statistics, as {@code detect} runs
 * it) and scored with the COCO evaluator.
 */
final class Validator implements AutoCloseable {

    private final Dataset images;
    private final List<CenterNetDetector.Letterboxed> letterboxed = new ArrayList<>();
    private CenterNetDetector detector;

    /** Decodes the validation images (failing on the first that cannot be read). */
    Validator(Dataset validation, int inputSize) throws ModelException {
        this.images = validation;
        for (ImageRecord im : validation.images()) {
            try {
                letterboxed.add(CenterNetDetector.letterbox(ImageLoader.loadRgb(validation.resolve(im)), inputSize));
            } catch (ImageLoadException e) {
                throw new ModelException("validation image " + e.getMessage(), e);
            }
        }
    }

    /**
     * The metrics of the checkpoint: {@link TrainingListener#AP50}, {@link TrainingListener#AP}, {@code AP75},
     * {@code AR100}, and for a keypoint class {@code keypoint AP} and {@code keypoint AP50}.
     */
    Map<String, Double> evaluate(Path runFolder, Path checkpoint) throws ModelException {
        if (detector == null) {
            detector = CenterNetDetector.open(CenterNetRun.open(runFolder).withCheckpoint(checkpoint));
        } else {
            detector.restore(checkpoint);
        }
        List<DetectionsJson.Detection> found = new ArrayList<>();
        for (int i = 0; i < letterboxed.size(); i++) {
            CenterNetDetector.Letterboxed im = letterboxed.get(i);
            for (Detection d : detector.detect(im)) {
                found.add(DetectionsJson.toPixels(images.images().get(i).id(), d, im.width(), im.height()));
            }
        }
        Evaluation.Report r = Evaluation.evaluate(images, found);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(TrainingListener.AP50, r.boxes().ap50());
        out.put(TrainingListener.AP, r.boxes().ap());
        out.put("AP75", r.boxes().ap75());
        out.put("AR100", r.boxes().ar100());
        if (r.keypoints() != null) {
            out.put("keypoint AP", r.keypoints().ap());
            out.put("keypoint AP50", r.keypoints().ap50());
        }
        return out;
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
        }
    }
}
