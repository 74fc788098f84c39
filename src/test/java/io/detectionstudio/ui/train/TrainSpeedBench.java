package io.detectionstudio.ui.train;

import io.detectionstudio.engine.training.RunSummary;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingProgress;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.ui.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training speed in the studio against the command line, same settings, on the toy-duck sample: ms/step of the
 * bare job (what {@code train} runs), of the Train panel's view model with the live preview off, and with it on.
 * Minutes long, so only on request: {@code -Dtrain.bench=STEPS} (e.g. 80).
 */
@EnabledIfSystemProperty(named = "train.bench", matches = "\\d+")
class TrainSpeedBench {

    @TempDir
    Path dir;

    @Test
    void uiAgainstCommandLine() throws Exception {
        int steps = Integer.parseInt(System.getProperty("train.bench"));
        Path project = dir.resolve("ducks");
        Files.createDirectories(project);
        Path sample = Path.of("sample-datasets/toy-ducks").toAbsolutePath();
        Files.copy(sample.resolve("annotations.coco.json"), project.resolve("annotations.coco.json"));
        Files.createSymbolicLink(project.resolve("images"), sample.resolve("images"));
        List<String> lines = new ArrayList<>();
        for (String mode : System.getProperty("train.bench.modes", "cli,ui-off,ui-25,ui-10").split(",")) {
            lines.add(switch (mode) {
                case "cli" -> cli(project, steps);
                default -> ui(project, steps, mode);
            });
            System.out.println(lines.get(lines.size() - 1));
        }
        System.out.println("=== summary ===");
        lines.forEach(System.out::println);
    }

    private static TrainOptions options(int steps) {
        TrainOptions o = new TrainOptions();
        o.stepsProperty().set(steps);
        o.maxSecondsProperty().set(0);
        o.validationFractionProperty().set(0.0);
        return o;
    }

    private String cli(Path project, int steps) throws Exception {
        TrainOptions o = options(steps);
        o.previewProperty().set(false);
        CenterNetRun pretrained = CenterNetRun.open(io.detectionstudio.engine.training.Pretrained.defaultRun().orElseThrow());
        TrainingJob.Settings st = o.toSettings(pretrained.checkpoint());
        List<Double> elapsed = new ArrayList<>();
        long t0 = System.nanoTime();
        new TrainingJob().run(CocoJson.read(project.resolve("annotations.coco.json")).dataset(), dir.resolve("cli-" + System.nanoTime()), st,
                new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress p) {
                        elapsed.add(p.elapsedSeconds());
                    }
                });
        double wall = (System.nanoTime() - t0) / 1e9;
        double ms = 1000 * (elapsed.get(elapsed.size() - 1) - elapsed.get(0)) / (elapsed.size() - 1);
        return String.format(Locale.ROOT, "cli     %d steps: %.0f ms/step (wall %.1f s, checkpoint every %d)", steps, ms, wall,
                st.checkpointEvery());
    }

    private String ui(Path project, int steps, String mode) throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (FxStandIn fx = new FxStandIn()) {
            StudioViewModel studio = new StudioViewModel(background, fx.executor);
            TrainViewModel vm = fx.call(() -> new TrainViewModel(studio));
            fx.call(() -> {
                studio.open(project);
                return null;
            });
            fx.waitFor(60, () -> studio.datasetProperty().get() != null, () -> "not opened");
            long t0 = System.nanoTime();
            fx.call(() -> {
                TrainOptions o = vm.options();
                TrainOptions d = options(steps);
                o.stepsProperty().set(d.stepsProperty().get());
                o.maxSecondsProperty().set(0);
                o.validationFractionProperty().set(0.0);
                o.previewProperty().set(!mode.equals("ui-off"));
                if (!mode.equals("ui-off")) {
                    o.previewEveryProperty().set(Integer.parseInt(mode.substring(3)));
                }
                vm.train();
                return null;
            });
            fx.waitFor(600, () -> !vm.runningProperty().get(), () -> vm.messageProperty().get());
            double wall = (System.nanoTime() - t0) / 1e9;
            Path run = fx.call(() -> vm.lastRunProperty().get());
            RunSummary s = RunSummary.read(run);
            fx.call(() -> {
                studio.close();
                return null;
            });
            return String.format(Locale.ROOT, "%-7s %d steps: %.0f ms/step (wall %.1f s, checkpoint every %d: %.0f ms each)%s", mode,
                    s.steps(), s.msPerStep(), wall, s.settings().checkpointEvery(), s.checkpointMillis(), s.preview() == null ? ""
                            : String.format(Locale.ROOT, "; preview: %d redraws (%d skipped): first %.0f ms, then %.0f ms each on its thread; %.1f ms copy"
                                    + " on the training thread", s.preview().redraws(), s.preview().skipped(), s.preview().firstMillis(),
                            s.preview().meanMillis(), s.preview().meanCopyMillis()));
        } finally {
            background.shutdownNow();
        }
    }
}
