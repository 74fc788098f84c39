package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.detectionstudio.core.Detection;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.model.centernet.CenterNetExport;
import java.awt.image.BufferedImage;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.sample.SampleDatasets;
import io.detectionstudio.engine.Inference;
import io.detectionstudio.data.Evaluation;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.model.centernet.CenterNetNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a small synthetic set: train a CenterNet from scratch, open the run as a detector, and reach a
 * minimum COCO AP50 on images it did not train on. Small on purpose (128 px, a light net) to stay well under two
 * minutes on a 2-core machine.
 */
class TrainDetectEvalTest {

    @TempDir
    Path dir;

    @Test
    void trainsADetectorThatFindsDucksOnHeldOutImages() throws Exception {
        Dataset all = SampleDatasets.generateToyDucks(dir.resolve("ducks"), 28);
        Dataset train = subset(all, 0, 20);
        Dataset held = subset(all, 20, 28);
        int size = 128;
        TrainingJob.Settings settings = new TrainingJob.Settings(size, 8, 300, 90, 3e-3, new CenterNetNet.Config(0.5f, 32),
                false, 0, 1, Augmenter.Options.defaults(size));
        List<TrainingProgress> steps = new ArrayList<>();
        TrainingOutcome outcome = new TrainingJob().run(train, dir.resolve("run"), settings, new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                steps.add(p);
            }
        });
        assertThat(outcome.error()).isNull();
        assertThat(outcome.steps()).isGreaterThan(100);
        assertThat(steps.get(steps.size() - 1).losses().get("total")).isLessThan(steps.get(0).losses().get("total") / 2);

        try (Detector detector = Detectors.open(dir.resolve("run"), Map.of())) {
            assertThat(detector.categoryNames()).containsEntry(1, "duck");
            Inference.DatasetResult found = Inference.run(detector, held, done -> { });
            assertThat(found.problems()).isEmpty();
            double ap50 = Evaluation.evaluate(held, found.detections()).boxes().ap50();
            assertThat(ap50).as("AP50 on 8 held-out images after %d steps", outcome.steps()).isGreaterThan(0.8);

            // The run exported as an OD API SavedModel finds the same: each confident detection of the run has one of
            // the same class in the export's, at nearly the same place (the graph pads by whole pixels, Java2D by
            // sub-pixels, so boxes differ slightly) and with about the same score. Matched by IoU, not by rank:
            // two ducks with close scores may swap places.
            Path savedModel = dir.resolve("exported/saved_model");
            CenterNetExport.export(dir.resolve("run"), savedModel);
            try (Detector exported = Detectors.open(savedModel, Map.of())) {
                assertThat(exported.categoryNames()).containsEntry(1, "duck");
                int compared = 0;
                for (ImageRecord im : held.images()) {
                    BufferedImage img = ImageLoader.loadRgb(held.resolve(im));
                    List<Detection> b = exported.detect(img);
                    for (Detection a : detector.detect(img)) {
                        if (a.score() < 0.4) {
                            continue;
                        }
                        compared++;
                        Detection match = b.stream().filter(x -> x.categoryId() == a.categoryId())
                                .max(java.util.Comparator.comparingDouble(x -> x.box().iou(a.box()))).orElseThrow();
                        assertThat(match.box().iou(a.box())).as("IoU of the exported model's box with the run's").isGreaterThan(0.7);
                        assertThat(match.score()).isCloseTo(a.score(), within(0.1));
                    }
                }
                assertThat(compared).isGreaterThan(4);
                double exportedAp50 = Evaluation.evaluate(held, Inference.run(exported, held, done -> { }).detections()).boxes().ap50();
                assertThat(exportedAp50).isCloseTo(ap50, within(0.1));
            }
        }
    }

    private static Dataset subset(Dataset d, int from, int to) {
        Dataset out = new Dataset(d.imageRoot());
        out.categories().addAll(d.categories());
        List<ImageRecord> images = d.images().subList(from, to);
        out.images().addAll(images);
        images.forEach(im -> out.annotations().addAll(d.annotationsOf(im.id())));
        return out;
    }
}
