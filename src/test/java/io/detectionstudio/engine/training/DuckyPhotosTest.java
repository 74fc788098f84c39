package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.Evaluation;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.engine.Inference;
import io.detectionstudio.model.centernet.CenterNetRun;
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
 * Real photos: the OD API's five rubber-ducky pictures in ../shared (skipped when absent). A short run from the
 * shipped pretrained start must find the duck in the photos it was shown and, with AP50 above 0.7, in 8 frames of
 * the other room that were labelled by hand ({@code ducky-test-labels.coco.json} beside this class: the duck, and
 * its mirror reflection as a difficult box, so a box there is neither right nor wrong).
 */
class DuckyPhotosTest {

    static final Path DUCKY = Path.of("../shared/datasets/ducky/train/annotations.coco.json");
    static final Path TEST_FRAMES = Path.of("../shared/datasets/ducky/test").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void learnsTheDuckInTheFivePhotos() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(DUCKY), "../shared is absent");
        Dataset ducky = CocoJson.read(DUCKY).dataset();
        Path pretrained = Pretrained.defaultRun().orElseThrow();
        TrainingJob.Settings st = TrainingJob.Settings.defaults().withSteps(200).withMaxSeconds(120)
                .withInitFrom(CenterNetRun.open(pretrained).checkpoint());
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

        Dataset frames = CocoJson.read(Path.of(DuckyPhotosTest.class.getResource("ducky-test-labels.coco.json").toURI()))
                .dataset();
        frames.setImageRoot(TEST_FRAMES);
        try (Detector d = Detectors.open(dir, Map.of())) {
            Inference.DatasetResult r = Inference.run(d, frames, done -> { });
            assertThat(r.problems()).isEmpty();
            double ap50 = Evaluation.evaluate(frames, r.detections()).boxes().ap50();
            assertThat(ap50).as("AP50 on 8 labelled frames of another room").isGreaterThan(0.7);
        }
    }
}
