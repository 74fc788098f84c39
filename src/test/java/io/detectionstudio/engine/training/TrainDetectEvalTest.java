package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.Dataset;
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
