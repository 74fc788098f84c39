package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.core.Detection;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.data.sample.SampleDatasets;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.model.centernet.CenterNetExport;
import io.detectionstudio.model.centernet.CenterNetNet;
import io.detectionstudio.model.centernet.CenterNetRun;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/**
 * A keypoint class is trained, written into the run and predicted: the plumbing, on a few steps (how well it
 * learns is measured with the train and eval commands, see the README).
 */
class KeypointTrainingTest {

    @TempDir
    Path dir;

    @Test
    void keypointClassesAreTrainedSavedDetectedAndExported() throws Exception {
        Dataset figures = SampleDatasets.generateToyFigures(dir.resolve("figures"), 6);
        TrainingJob.Settings settings = new TrainingJob.Settings(96, 4, 6, 0, 1e-3, new CenterNetNet.Config(0.35f, 16),
                false, 0, 1, Augmenter.Options.defaults(96));
        List<TrainingProgress> steps = new ArrayList<>();
        TrainingOutcome outcome = new TrainingJob().run(figures, dir.resolve("run"), settings, new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                steps.add(p);
            }
        });
        assertThat(outcome.error()).isNull();
        assertThat(outcome.steps()).isEqualTo(6);
        assertThat(steps.get(0).losses()).containsKeys("object_center", "box_scale", "box_offset", "keypoint_heatmap",
                "keypoint_offset", "keypoint_regression", "total");
        assertThat(steps.get(0).losses().get("keypoint_heatmap")).isPositive();

        CenterNetRun run = CenterNetRun.open(dir.resolve("run"));
        assertThat(run.keypointClass()).isZero();
        assertThat(run.spec(100).numKeypoints()).isEqualTo(5);
        assertThat(run.config().getTrainConfig().getDataAugmentationOptions(0).getRandomHorizontalFlip()
                .getKeypointFlipPermutationList()).containsExactly(1, 0, 2, 4, 3);

        BufferedImage img = ImageLoader.loadRgb(figures.resolve(figures.images().get(0)));
        try (Detector d = Detectors.open(dir.resolve("run"), Map.of())) {
            List<Detection> found = d.detect(img);
            assertThat(found).isNotEmpty().allSatisfy(det -> {
                assertThat(det.keypoints()).hasSize(5);
                assertThat(det.keypointScores()).hasSize(5);
            });
        }
        Path savedModel = dir.resolve("sm");
        CenterNetExport.export(dir.resolve("run"), savedModel);
        try (SavedModelBundle b = SavedModelBundle.load(savedModel.toString(), "serve")) {
            assertThat(b.signatures().get(0).outputNames()).contains("detection_keypoints", "detection_keypoint_scores");
        }
        try (Detector exported = Detectors.open(savedModel, Map.of())) {
            assertThat(exported.detect(img)).isNotEmpty().allSatisfy(det -> assertThat(det.keypoints()).hasSize(5));
        }
    }
}
