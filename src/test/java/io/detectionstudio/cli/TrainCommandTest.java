package io.detectionstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.config.PipelineConfigs;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.sample.SampleDatasets;
import io.detectionstudio.engine.training.TrainingOutcome;
import io.detectionstudio.model.centernet.CenterNetNet;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.engine.training.LossLog;
import io.detectionstudio.engine.training.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}'s validation: the choice it prints first, a line per validation, and how it says the run ended. */
class TrainCommandTest {

    @TempDir
    static Path dir;

    static Path ducks;
    static Path fewDucks;
    static Path config;

    private String out;
    private String err;

    @BeforeAll
    static void data() throws Exception {
        Dataset d = SampleDatasets.generateToyDucks(dir.resolve("ducks"), 8);
        ducks = dir.resolve("ducks").resolve(SampleDatasets.ANNOTATIONS);
        SampleDatasets.generateToyDucks(dir.resolve("few"), 4);
        fewDucks = dir.resolve("few").resolve(SampleDatasets.ANNOTATIONS);
        // A small, fast run: 64 px, a narrow net, batch 2, 4 steps.
        config = dir.resolve("pipeline.config");
        PipelineConfigs.write(CenterNetRun.config(d.categories(), 64, new CenterNetNet.Config(0.35f, 8), 2, 4, 1e-3, -1, null), config);
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void aHoldOutIsAnnouncedScoredEachTimeAndTheBestIsTheModel() throws Exception {
        Path r = dir.resolve("holdout");
        assertThat(run("train", "--dataset", ducks.toString(), "--out", r.toString(), "--config", config.toString(), "--from-scratch",
                "--val-fraction", "0.25", "--val-every", "2")).as(err).isZero();
        assertThat(out).containsPattern("(?m)^Validation: \\d of 8 images held out \\(25%\\); every 2 steps, keeping the best "
                + "checkpoint; early stop after 4 without improvement$");
        assertThat(out).containsPattern("(?m)^validation at step 2: AP50 \\d\\.\\d{3}  AP \\d\\.\\d{3}  best so far  \\(\\d+\\.\\d s\\)$");
        assertThat(out).containsPattern("(?m)^validation at step 4: AP50 \\d\\.\\d{3}  AP \\d\\.\\d{3}(  best so far)?  \\(\\d+\\.\\d s\\)$");
        assertThat(out).containsPattern("(?m)^Finished after 4 steps in \\d+ s; best AP50 \\d\\.\\d{3} \\(AP \\d\\.\\d{3}\\) at step [24]\\.$");
        assertThat(out).contains("Model: " + r + " (its best checkpoint, checkpoint/best) (use it with detect --model " + r + ")");
        // The run's records, as the studio writes them (RunRecorder): the studio's runs list shows CLI runs alike.
        RunSummary s = RunSummary.read(r);
        assertThat(s.reason()).isEqualTo("FINISHED");
        assertThat(s.steps()).isEqualTo(4);
        assertThat(s.dataset()).isEqualTo(ducks.toString());
        assertThat(s.validations()).extracting(RunSummary.Validated::step).containsExactly(2, 4);
        assertThat(s.best()).isNotNull();
        assertThat(s.settings().inputSize()).isEqualTo(64);
        LossLog log = LossLog.read(r);
        assertThat(log.rows()).hasSize(4);
        assertThat(log.terms()).endsWith("total");
    }

    @Test
    void aSeparateSetIsValidatedOn() {
        Path r = dir.resolve("separate");
        assertThat(run("train", "--dataset", fewDucks.toString(), "--val-dataset", ducks.toString(), "--out", r.toString(),
                "--config", config.toString(), "--from-scratch", "--steps", "1", "--patience", "0")).as(err).isZero();
        assertThat(out).containsPattern("(?m)^Validation: a separate set of 8 images \\(\\d labelled\\); every 50 steps, keeping the "
                + "best checkpoint; no early stop$");
        assertThat(out).containsPattern("(?m)^validation at step 1: AP50 ");
    }

    @Test
    void aFewImagesAreNotSplitByDefault() {
        Path r = dir.resolve("few-run");
        assertThat(run("train", "--dataset", fewDucks.toString(), "--out", r.toString(), "--config", config.toString(),
                "--from-scratch", "--steps", "1")).as(err).isZero();
        assertThat(out).containsPattern("(?m)^Validation: none \\(\\d labelled images; the automatic split needs 20\\); "
                + "--val-fraction or --val-dataset to validate anyway$");
        assertThat(out).doesNotContain("validation at step").contains("Finished after 1 steps in ").contains("Model: " + r + " (use it");
    }

    @Test
    void wrongValidationOptionsAreUsageErrors() {
        assertThat(run("train", "--dataset", fewDucks.toString(), "--out", dir.resolve("x").toString(), "--val-fraction", "0.2",
                "--val-dataset", ducks.toString())).isEqualTo(2);
        assertThat(err).startsWith("--val-fraction and --val-dataset: give one or the other");
        assertThat(run("train", "--dataset", fewDucks.toString(), "--out", dir.resolve("x").toString(), "--val-fraction", "0.8"))
                .isEqualTo(2);
        assertThat(err).startsWith("the validation fraction must be between 0 and 0.5 (0: none); got 0.8");
    }

    @Test
    void anEarlyStopSaysSinceWhenAndWhatWasBest() {
        TrainingOutcome o = new TrainingOutcome(TrainingOutcome.Reason.EARLY_STOP, 300, 80.4, Path.of("r/checkpoint/best"), null,
                new TrainingOutcome.Best(100, Map.of("AP50", 0.9166, "AP", 0.61234)));
        assertThat(TrainCommand.ending(o, 4)).isEqualTo("Stopped early after 300 steps in 80 s: no validation improvement in 4 "
                + "validations since step 100; best AP50 0.917 (AP 0.612) at step 100");
        assertThat(TrainCommand.ending(new TrainingOutcome(TrainingOutcome.Reason.TIME_BUDGET, 12, 3, Path.of("c"), null), 4))
                .isEqualTo("Time budget reached after 12 steps in 3 s");
    }
}
