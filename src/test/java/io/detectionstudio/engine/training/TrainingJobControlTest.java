package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.sample.SampleDatasets;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a training job stops: cancel, time budget, a diverging loss, and input it cannot train on. */
class TrainingJobControlTest {

    @TempDir
    static Path dir;

    static Dataset ducks;

    @BeforeAll
    static void data() throws Exception {
        ducks = SampleDatasets.generateToyDucks(dir.resolve("ducks"), 4);
    }

    static TrainingJob.Settings tiny(int steps, double maxSeconds, double learningRate) {
        return new TrainingJob.Settings(64, 2, steps, maxSeconds, learningRate, new CenterNetNet.Config(0.35f, 8), false, 0, 1,
                Augmenter.Options.defaults(64));
    }

    @Test
    void cancelStopsWithinOneStepAndKeepsACheckpoint() throws Exception {
        TrainingJob job = new TrainingJob();
        List<Integer> steps = new ArrayList<>();
        List<TrainingOutcome> ends = new ArrayList<>();
        TrainingOutcome outcome = job.run(ducks, dir.resolve("cancel"), tiny(1000, 0, 1e-3), new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                steps.add(p.step());
                if (p.step() == 2) {
                    job.cancel();
                }
            }

            @Override
            public void onEnd(TrainingOutcome o) {
                ends.add(o);
            }
        });
        assertThat(outcome.reason()).isEqualTo(TrainingOutcome.Reason.CANCELLED);
        assertThat(outcome.steps()).isEqualTo(2);
        assertThat(steps).containsExactly(1, 2);
        assertThat(ends).containsExactly(outcome);
        assertThat(outcome.checkpoint()).isNotNull();
        assertThat(Path.of(outcome.checkpoint() + ".index")).exists();
    }

    @Test
    void aCancelledRunResumesFromItsCheckpoint() throws Exception {
        Path run = dir.resolve("resume");
        TrainingJob first = new TrainingJob();
        first.run(ducks, run, tiny(5, 0, 1e-3), new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                if (p.step() == 2) {
                    first.cancel();
                }
            }
        });
        List<Integer> steps = new ArrayList<>();
        TrainingOutcome outcome = new TrainingJob().resuming().run(ducks, run, tiny(5, 0, 1e-3), new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                steps.add(p.step());
            }
        });
        assertThat(steps).containsExactly(3, 4, 5);
        assertThat(outcome.reason()).isEqualTo(TrainingOutcome.Reason.FINISHED);
        assertThat(outcome.steps()).isEqualTo(5);
        assertThat(Files.readString(run.resolve("checkpoint/step")).strip()).isEqualTo("5");
        assertThatThrownBy(() -> new TrainingJob().resuming().run(ducks, dir.resolve("never-started"), tiny(5, 0, 1e-3),
                new TrainingListener() { })).isInstanceOf(ModelException.class)
                .hasMessage(dir.resolve("never-started") + ": nothing to resume (no checkpoint yet)");
    }

    @Test
    void theTimeBudgetEndsTheRun() throws Exception {
        TrainingOutcome outcome = new TrainingJob().run(ducks, dir.resolve("budget"), tiny(100_000, 3, 1e-3),
                new TrainingListener() { });
        assertThat(outcome.reason()).isEqualTo(TrainingOutcome.Reason.TIME_BUDGET);
        assertThat(outcome.steps()).isPositive().isLessThan(100_000);
        assertThat(Path.of(outcome.checkpoint() + ".index")).exists();
    }

    @Test
    void aDivergingLossStopsWithAClearMessage() throws Exception {
        // An absurd learning rate makes the loss overflow within a few steps.
        TrainingOutcome outcome = new TrainingJob().run(ducks, dir.resolve("nan"), tiny(200, 0, 1e12), new TrainingListener() { });
        assertThat(outcome.reason()).isEqualTo(TrainingOutcome.Reason.FAILED);
        assertThat(outcome.error()).matches("the loss became (NaN|Infinity|-Infinity) at step \\d+; training stopped.*");
    }

    @Test
    void nothingToLearnIsRefusedBeforeAnythingIsWritten() throws Exception {
        Dataset empty = new Dataset(ducks.imageRoot());
        empty.images().addAll(ducks.images());
        empty.categories().add(new Category(1, "duck"));
        Path run = dir.resolve("empty");
        assertThatThrownBy(() -> new TrainingJob().run(empty, run, tiny(5, 0, 1e-3), new TrainingListener() { }))
                .isInstanceOf(ModelException.class).hasMessage("the dataset has no labelled objects to learn from");
        assertThat(Files.exists(run)).isFalse();
    }
}
