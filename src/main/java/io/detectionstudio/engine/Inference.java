package io.detectionstudio.engine;

import io.detectionstudio.core.Detection;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.ModelException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Runs a detector over every image of a dataset, for evaluation and inspection. */
public final class Inference {

    /** Detections in pixels keyed by the dataset's image ids, and the images that could not be read. */
    public record DatasetResult(List<DetectionsJson.Detection> detections, List<Problem> problems) {
    }

    private Inference() {
    }

    /**
     * Detects on each image, keeping every detection the model returns (COCO evaluation wants the low scores
     * too). An image that cannot be loaded becomes a problem; the others still run.
     *
     * @param progress told the number of images done after each one
     */
    public static DatasetResult run(Detector detector, Dataset dataset, IntConsumer progress) throws ModelException {
        List<DetectionsJson.Detection> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int done = 0;
        for (ImageRecord im : dataset.images()) {
            try {
                BufferedImage img = ImageLoader.loadRgb(dataset.resolve(im));
                for (Detection d : detector.detect(img)) {
                    out.add(DetectionsJson.toPixels(im.id(), d, img.getWidth(), img.getHeight()));
                }
            } catch (ImageLoadException e) {
                problems.add(new Problem(e.file().toString(), "", e.reason()));
            }
            progress.accept(++done);
        }
        return new DatasetResult(out, problems);
    }
}
