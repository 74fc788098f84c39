package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real photos: the OD API's five rubber-ducky pictures in ../shared (skipped when absent). A short default-size
 * run must at least find the duck it was shown in each photo; how it does on new frames is measured with the
 * commands in the README, not here.
 */
class DuckyPhotosTest {

    static final Path DUCKY = Path.of("../shared/datasets/ducky/train/annotations.coco.json");

    @TempDir
    Path dir;

    @Test
    void learnsTheDuckInTheFivePhotos() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(DUCKY), "../shared is absent");
        Dataset ducky = CocoJson.read(DUCKY).dataset();
        TrainingJob.Settings st = TrainingJob.Settings.defaults().withSteps(200).withMaxSeconds(120);
        TrainingOutcome outcome = new TrainingJob().run(ducky, dir, st, new TrainingListener() { });
        assertThat(outcome.error()).isNull();
        int found = 0;
        try (Detector d = Detectors.open(dir, Map.of())) {
            for (ImageRecord im : ducky.images()) {
                List<Detection> dets = d.detect(ImageLoader.loadRgb(ducky.resolve(im)));
                Box truth = ducky.annotationsOf(im.id()).get(0).bbox().toBox(im.width(), im.height());
                if (!dets.isEmpty() && dets.get(0).score() > 0.3 && dets.get(0).box().iou(truth) > 0.5) {
                    found++;
                }
            }
        }
        assertThat(found).as("photos whose best detection is the labelled duck, after %d steps", outcome.steps())
                .isGreaterThanOrEqualTo(4);
    }
}
