package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.core.Detection;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.data.sample.SampleDatasets;
import io.detectionstudio.model.centernet.CenterNetDetector;
import io.detectionstudio.model.centernet.CenterNetRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with validation, on a tiny net and 8 toy ducks (2 held out): the scores are reported, the best
 * checkpoint is kept and used, a plateau stops the run, and a resumed run goes on from the last checkpoint.
 */
class ValidationTrainingTest {

    @TempDir
    static Path dir;

    static Dataset ducks;

    @BeforeAll
    static void data() throws Exception {
        ducks = SampleDatasets.generateToyDucks(dir.resolve("ducks"), 8);
    }

    static TrainingJob.Settings tiny(int steps, TrainingJob.Validation v) {
        return new TrainingJob.Settings(64, 2, steps, 0, 1e-3, new io.detectionstudio.model.centernet.CenterNetNet.Config(0.35f, 8),
                false, 0, 1, Augmenter.Options.defaults(64), null, v);
    }

    /** Records what the job reports about validation. */
    static class Recorder implements TrainingListener {
        final List<Integer> validated = new ArrayList<>();
        final List<Boolean> improved = new ArrayList<>();
        final List<Integer> bestCheckpoints = new ArrayList<>();
        final List<Map<String, Double>> metrics = new ArrayList<>();

        @Override
        public void onValidation(int step, Map<String, Double> m, boolean best) {
            validated.add(step);
            improved.add(best);
            metrics.add(m);
        }

        @Override
        public void onCheckpoint(int step, Path prefix, boolean best) {
            if (best) {
                bestCheckpoints.add(step);
                assertThat(prefix.getFileName().toString()).isEqualTo(CenterNetRun.BEST);
            }
        }
    }

    @Test
    void theBestCheckpointIsKeptAndIsWhatTheRunOpensWith() throws Exception {
        Path run = dir.resolve("best");
        Recorder r = new Recorder();
        TrainingOutcome outcome = new TrainingJob().run(ducks, run,
                tiny(5, TrainingJob.Validation.defaults().withFraction(0.25).withEvery(2).withPatience(0)), r);
        assertThat(outcome.error()).isNull();
        assertThat(outcome.reason()).isEqualTo(TrainingOutcome.Reason.FINISHED);
        // Every 2 steps, and the last step.
        assertThat(r.validated).containsExactly(2, 4, 5);
        assertThat(r.improved.get(0)).isTrue();
        assertThat(r.metrics).allSatisfy(m -> assertThat(m).containsKeys("AP50", "AP", "AP75", "AR100")
                .allSatisfy((k, v) -> assertThat(v).isBetween(0.0, 1.0)));
        assertThat(outcome.best()).isNotNull();
        int bestStep = outcome.best().step();
        assertThat(r.bestCheckpoints).last().isEqualTo(bestStep);
        assertThat(outcome.best().metrics()).isEqualTo(r.metrics.get(r.validated.indexOf(bestStep)));

        Path best = run.resolve("checkpoint/best");
        assertThat(outcome.checkpoint()).isEqualTo(best);
        assertThat(Path.of(best + ".index")).exists();
        assertThat(Path.of(best + ".data-00000-of-00001")).exists();
        assertThat(Files.readString(run.resolve("checkpoint/best.json"))).contains("\"step\" : " + bestStep, "\"AP50\"");
        assertThat(CenterNetRun.open(run).checkpoint()).isEqualTo(best);
        assertThat(Files.readString(run.resolve("checkpoint/step")).strip()).isEqualTo("5");

        // A new run in the same folder without validation must not leave the old best to be picked.
        new TrainingJob().run(ducks, run, tiny(1, TrainingJob.Validation.NONE), new TrainingListener() { });
        assertThat(Path.of(best + ".index")).doesNotExist();
        assertThat(run.resolve("checkpoint/best.json")).doesNotExist();
        assertThat(CenterNetRun.open(run).checkpoint()).isEqualTo(run.resolve("checkpoint/ckpt"));
    }

    @Test
    void aPlateauStopsTheRunAndAResumeGoesOnFromTheLastCheckpoint() throws Exception {
        // Nothing can improve AP50 or AP by more than 1, so only the first validation is a best.
        TrainingJob.Validation never = new TrainingJob.Validation(0.25, 2, 1, 1.0);
        Path run = dir.resolve("plateau");
        Recorder r = new Recorder();
        TrainingOutcome outcome = new TrainingJob().run(ducks, run, tiny(20, never), r);
        assertThat(outcome.reason()).isEqualTo(TrainingOutcome.Reason.EARLY_STOP);
        assertThat(outcome.steps()).isEqualTo(4);
        assertThat(r.validated).containsExactly(2, 4);
        assertThat(r.improved).containsExactly(true, false);
        assertThat(outcome.best().step()).isEqualTo(2);
        assertThat(outcome.checkpoint()).isEqualTo(run.resolve("checkpoint/best"));
        assertThat(Files.readString(run.resolve("checkpoint/step")).strip()).isEqualTo("4");

        // Resumed without early stopping: it continues from step 4 (the last checkpoint, not the best), and the best
        // read back from best.json still stands, since nothing beats it.
        List<Integer> steps = new ArrayList<>();
        Recorder r2 = new Recorder() {
            @Override
            public void onStep(TrainingProgress p) {
                steps.add(p.step());
            }
        };
        TrainingOutcome resumed = new TrainingJob().resuming().run(ducks, run,
                tiny(6, new TrainingJob.Validation(0.25, 2, 0, 1.0)), r2);
        assertThat(steps).containsExactly(5, 6);
        assertThat(resumed.reason()).isEqualTo(TrainingOutcome.Reason.FINISHED);
        assertThat(r2.validated).containsExactly(6);
        assertThat(r2.improved).containsExactly(false);
        assertThat(resumed.best().step()).isEqualTo(2);
        assertThat(Files.readString(run.resolve("checkpoint/best.json"))).contains("\"step\" : 2");

        // Validation restores each checkpoint into one detector: restoring gives what opening that checkpoint gives.
        CenterNetRun opened = CenterNetRun.open(run);
        CenterNetDetector.Letterboxed image = CenterNetDetector.letterbox(
                ImageLoader.loadRgb(ducks.resolve(ducks.images().get(0))), 64);
        try (CenterNetDetector reused = CenterNetDetector.open(opened.withCheckpoint(run.resolve("checkpoint/ckpt")));
             CenterNetDetector best = CenterNetDetector.open(opened.withCheckpoint(run.resolve("checkpoint/best")))) {
            List<String> last = found(reused.detect(image));
            reused.restore(run.resolve("checkpoint/best"));
            assertThat(found(reused.detect(image))).isEqualTo(found(best.detect(image))).isNotEqualTo(last);
        }
    }

    static List<String> found(List<Detection> detections) {
        return detections.stream().map(d -> d.box() + " " + d.categoryId() + " " + d.score()).toList();
    }
}
