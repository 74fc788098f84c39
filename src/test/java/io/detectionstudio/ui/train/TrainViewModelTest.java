package io.detectionstudio.ui.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Category;
import io.detectionstudio.engine.training.LossLog;
import io.detectionstudio.engine.training.RunSummary;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.ui.task.TaskExecutor;
import io.detectionstudio.ui.task.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Train panel's view model without a window: runs of a {@link FakeTrainer} (no TensorFlow) on a generated project,
 * with a single-thread executor standing in for the FX thread. Real training in the studio is tested by
 * {@code TrainPanelTest} and {@code StudioWindowTest}.
 */
class TrainViewModelTest {

    @TempDir
    Path dir;

    private ExecutorService background;
    private ExecutorService training;
    private FxStandIn fx;
    private StudioViewModel studio;
    private TrainViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        background = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0L, java.util.concurrent.TimeUnit.MILLISECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>());
        fx = new FxStandIn();
        studio = new StudioViewModel(background, fx.executor);
        training = Workers.single("test-training");
        vm = onFx(() -> new TrainViewModel(studio, FakeTrainer::new, new TaskExecutor(training, fx.executor)));
        // The live preview loads the checkpoint into TensorFlow: the fake's is none (TrainPanelTest covers it).
        onFx(() -> {
            vm.options().previewProperty().set(false);
            return null;
        });
        FakeTrainer.failWith = null;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (vm != null && Boolean.TRUE.equals(onFx(() -> vm.runningProperty().get()))) {
            onFx(() -> {
                vm.cancel();
                return null;
            });
            waitFor(60, () -> !vm.runningProperty().get());
        }
        onFx(() -> {
            studio.close();
            return null;
        });
        background.shutdownNow();
        training.shutdownNow();
        fx.close();
    }

    /** Options for a run of a second or two: 64 px, a narrow net, from scratch, no validation. */
    static void tiny(TrainOptions o, int steps) {
        o.inputSizeProperty().set(64);
        o.batchSizeProperty().set(2);
        o.depthMultiplierProperty().set(0.35f);
        o.headFiltersProperty().set(8);
        o.stepsProperty().set(steps);
        o.maxSecondsProperty().set(0);
        o.learningRateProperty().set(1e-3);
        o.startProperty().set(TrainOptions.Start.SCRATCH);
        o.validationFractionProperty().set(0.0);
        o.previewEveryProperty().set(5);
    }

    private void open(Path project) throws Exception {
        onFx(() -> {
            studio.open(project);
            return null;
        });
        waitFor(20, () -> studio.datasetProperty().get() != null);
    }

    @Test
    void trainsShowsProgressAndListsTheRunWithItsSummary() throws Exception {
        open(TinyProject.make(dir.resolve("project"), 4, 2));
        List<Double> progressSeen = Collections.synchronizedList(new ArrayList<>());
        List<Integer> totalPointsSeen = Collections.synchronizedList(new ArrayList<>());
        onFx(() -> {
            tiny(vm.options(), 40);
            vm.progressProperty().addListener((o, old, p) -> progressSeen.add(p.doubleValue()));
            vm.stepProperty().addListener((o, old, s) -> totalPointsSeen.add(series("total").getData().size()));
            vm.train();
            return null;
        });
        assertThat(onFx(() -> vm.runningProperty().get())).isTrue();
        waitFor(60, () -> !vm.runningProperty().get());
        Path run = onFx(() -> vm.lastRunProperty().get());

        assertThat(onFx(() -> vm.messageProperty().get())).startsWith("Finished: 40 steps");
        assertThat(onFx(() -> vm.stepProperty().get())).isEqualTo(40);
        assertThat(onFx(() -> vm.progressProperty().get())).isEqualTo(1.0);
        assertThat(onFx(() -> vm.imagesPerSecondProperty().get())).isPositive();
        // The chart moved while it trained, not only at the end, and at most a few times a second.
        assertThat(progressSeen).anyMatch(p -> p > 0 && p < 1);
        assertThat(totalPointsSeen).anyMatch(n -> n > 0 && n < 40);
        assertThat(totalPointsSeen.size()).isLessThan(40);
        assertThat(onFx(() -> vm.chart().lossSeries().stream().map(XYChart.Series::getName).toList()))
                .contains("object_center", "box_scale", "box_offset", "total");
        List<XYChart.Data<Number, Number>> total = onFx(() -> List.copyOf(series("total").getData()));
        assertThat(total).hasSize(40);
        assertThat(total.get(39).getXValue().intValue()).isEqualTo(40);

        RunSummary s = RunSummary.read(run);
        assertThat(s.steps()).isEqualTo(40);
        assertThat(s.reason()).isEqualTo("FINISHED");
        assertThat(s.trainingImages()).as("only the labelled images are trained on").isEqualTo(4);
        assertThat(s.finalLosses()).containsKeys("total", "object_center");
        assertThat(s.finalLoss()).isEqualTo(total.get(39).getYValue().doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.settings().inputSize()).isEqualTo(64);
        assertThat(s.settings().checkpointEvery()).as("the default: no preview asks for more")
                .isEqualTo(TrainingJob.Settings.defaults().checkpointEvery());
        assertThat(s.msPerStep()).isPositive();
        assertThat(s.checkpointMillis()).as("one checkpoint, at the end").isPositive();
        assertThat(s.preview()).as("preview off").isNull();
        LossLog log = LossLog.read(run);
        assertThat(log.rows()).hasSize(40);
        assertThat(log.terms()).endsWith("total");

        waitFor(10, () -> vm.runs().runs().stream().anyMatch(e -> e.folder().equals(run) && "finished".equals(e.ended())));
        RunEntry entry = onFx(() -> vm.runs().runs().stream().filter(e -> e.folder().equals(run)).findFirst().orElseThrow());
        assertThat(entry.steps()).isEqualTo(40);
        assertThat(entry.finalLoss()).isEqualTo(s.finalLoss());
        assertThat(entry.ap50()).isNull();
        assertThat(onFx(() -> studio.selectedRunProperty().get())).isEqualTo(run);
    }

    @Test
    void cancelStopsTheRunAndKeepsTheModel() throws Exception {
        open(TinyProject.make(dir.resolve("project"), 3, 1));
        onFx(() -> {
            tiny(vm.options(), 100_000);
            vm.train();
            return null;
        });
        waitFor(60, () -> vm.stepProperty().get() >= 3);
        onFx(() -> {
            vm.cancel();
            return null;
        });
        waitFor(30, () -> !vm.runningProperty().get());
        String message = onFx(() -> vm.messageProperty().get());
        assertThat(message).matches("Cancelled at step \\d+; model kept");
        int steps = Integer.parseInt(message.replaceAll("\\D", ""));
        assertThat(steps).isGreaterThanOrEqualTo(3);
        Path run = onFx(() -> vm.lastRunProperty().get());
        assertThat(run.resolve("checkpoint/ckpt.index")).exists();
        assertThat(Files.readString(run.resolve("checkpoint/step")).strip()).isEqualTo(Integer.toString(steps));
        RunSummary s = RunSummary.read(run);
        assertThat(s.reason()).isEqualTo("CANCELLED");
        assertThat(s.steps()).isEqualTo(steps);
        waitFor(10, () -> vm.runs().runs().stream().anyMatch(e -> e.folder().equals(run) && "cancelled".equals(e.ended())));
    }

    @Test
    void nothingLabelledIsOneLineAndNoRun() throws Exception {
        open(TinyProject.make(dir.resolve("project"), 0, 3));
        onFx(() -> {
            vm.train();
            return null;
        });
        assertThat(onFx(() -> vm.runningProperty().get())).isFalse();
        assertThat(onFx(() -> vm.messageProperty().get())).startsWith("Nothing labelled yet");
        assertThat(onFx(() -> studio.statusProperty().get())).startsWith("Nothing labelled yet");
        assertThat(dir.resolve("project/runs")).doesNotExist();
    }

    @Test
    void aFailedJobReportsItsMessageAndDetailsAndLeavesNoFolder() throws Exception {
        Path project = TinyProject.make(dir.resolve("project"), 3, 0);
        open(project);
        FakeTrainer.failWith = new io.detectionstudio.model.ModelException("images/img02.png: not an image\nmore details");
        List<TrainViewModel.TrainingError> errors = Collections.synchronizedList(new ArrayList<>());
        onFx(() -> {
            tiny(vm.options(), 5);
            vm.setOnError(errors::add);
            vm.train();
            return null;
        });
        waitFor(60, () -> !vm.runningProperty().get());
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message()).startsWith("Training failed: ").contains("img02.png").doesNotContain("\n");
        assertThat(errors.get(0).details()).contains("at io.detectionstudio.").contains("Run folder: ");
        assertThat(onFx(() -> vm.messageProperty().get())).isEqualTo(errors.get(0).message());
        assertThat(onFx(() -> vm.lastRunProperty().get())).doesNotExist();

        // The panel is still usable: the next run trains.
        onFx(() -> {
            vm.train();
            return null;
        });
        waitFor(60, () -> !vm.runningProperty().get());
        assertThat(onFx(() -> vm.messageProperty().get())).startsWith("Finished: 5 steps");
    }

    @Test
    void comparesAndDeletesRuns() throws Exception {
        Path project = TinyProject.make(dir.resolve("project"), 2, 0);
        for (String name : new String[] {"a", "b"}) {
            Path run = project.resolve("runs").resolve(name);
            Files.createDirectories(run.resolve("checkpoint"));
            Files.writeString(run.resolve(CenterNetRun.CONFIG), "model { center_net { num_classes: 1 } }\n");
            List<LossLog.Row> rows = new ArrayList<>();
            for (int i = 1; i <= 500; i++) {
                rows.add(new LossLog.Row(i, i * 0.3, 1e-3, new double[] {name.equals("a") ? 5.0 / i : 3.0, 1.0}));
            }
            new LossLog(List.of("object_center", "total"), rows).write(run);
            new RunSummary(name, "2024-05-01T10:00:00", null, 2, null, 500, 150, "FINISHED", null,
                    Map.of("total", 1.0), new RunSummary.Validated(400, Map.of("AP50", 0.9)), List.of(), 300.0, 40.0, null).write(run);
        }
        Files.createDirectories(project.resolve("runs/not-a-run"));
        open(project);
        waitFor(10, () -> vm.runs().runs().size() == 2);
        List<RunEntry> both = onFx(() -> List.copyOf(vm.runs().runs()));
        assertThat(both).allSatisfy(e -> {
            assertThat(e.steps()).isEqualTo(500);
            assertThat(e.ap50()).isEqualTo(0.9);
            assertThat(e.date()).isEqualTo("2024-05-01 10:00");
        });

        onFx(() -> {
            vm.runs().compare(both.subList(0, 1));
            return null;
        });
        assertThat(onFx(() -> vm.messageProperty().get())).startsWith("Select two or more runs");
        onFx(() -> {
            vm.runs().compare(both);
            return null;
        });
        waitFor(10, () -> vm.runs().comparisonProperty().get() != null);
        RunsViewModel.Comparison c = onFx(() -> vm.runs().comparisonProperty().get());
        assertThat(c.runs()).hasSize(2);
        assertThat(c.runs()).allSatisfy(r -> {
            assertThat(r.totalLoss()).hasSizeBetween(100, TrainViewModel.CHART_POINTS);
            assertThat(r.totalLoss().get(0).value()).isEqualTo(1.0);
        });

        RunEntry a = both.stream().filter(e -> e.name().equals("a")).findFirst().orElseThrow();
        onFx(() -> {
            studio.selectedRunProperty().set(a.folder());
            vm.delete(List.of(a));
            return null;
        });
        waitFor(10, () -> vm.runs().runs().size() == 1);
        assertThat(a.folder()).doesNotExist();
        assertThat(onFx(() -> vm.runs().comparisonProperty().get())).isNull();
        assertThat(onFx(() -> studio.selectedRunProperty().get())).isEqualTo(project.resolve("runs/b").toAbsolutePath());
    }

    @Test
    void trainsOnLabelledAndReviewedImagesAndPreviewsUnlabelledOnes() {
        Dataset d = new Dataset(dir);
        d.categories().add(new Category(1, "square"));
        d.images().add(new ImageRecord(1, "labelled.png", 10, 10));
        d.images().add(new ImageRecord(2, "reviewed.png", 10, 10, Map.of(StudioViewModel.REVIEWED, true)));
        d.images().add(new ImageRecord(3, "new.png", 10, 10));
        d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(1, 1, 4, 4)));
        Dataset train = TrainingRun.trainingSet(d.copy());
        assertThat(train.images()).extracting(ImageRecord::fileName).containsExactly("labelled.png", "reviewed.png");
        assertThat(d.images()).hasSize(3);
        assertThat(TrainingRun.previewImages(d)).containsExactly(dir.resolve("new.png"));
        d.images().remove(2);
        assertThat(TrainingRun.previewImages(d)).containsExactly(dir.resolve("labelled.png"), dir.resolve("reviewed.png"));
    }

    @Test
    void optionsStartAtTheCommandLineDefaultsAndShowTheConfig() throws Exception {
        TrainOptions o = new TrainOptions();
        TrainingJob.Settings d = TrainingJob.Settings.defaults();
        TrainingJob.Settings s = o.toSettings(null);
        assertThat(s.inputSize()).isEqualTo(d.inputSize());
        assertThat(s.batchSize()).isEqualTo(d.batchSize());
        assertThat(s.steps()).isEqualTo(d.steps());
        assertThat(s.maxSeconds()).isEqualTo(d.maxSeconds());
        assertThat(s.learningRate()).isEqualTo(d.learningRate());
        assertThat(s.net()).isEqualTo(d.net());
        assertThat(s.augmentation()).isEqualTo(d.augmentation());
        assertThat(s.validation()).isEqualTo(d.validation());
        assertThat(s.headsOnly()).isFalse();
        assertThat(s.checkpointEvery()).isEqualTo(TrainOptions.DEFAULT_PREVIEW_EVERY);
        assertThat(o.startProperty().get()).isEqualTo(TrainOptions.Start.DEFAULT);
        o.previewProperty().set(false);
        assertThat(o.toSettings(null).checkpointEvery()).isEqualTo(d.checkpointEvery());

        o.inputSizeProperty().set(100);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> o.toSettings(null)))
                .hasMessage("the input size must be a multiple of 32 from 32 to 2048; got 100");
        o.reset();
        o.batchSizeProperty().set(4);
        o.headsOnlyProperty().set(true);
        o.inputSizeProperty().set(320);
        assertThat(o.toSettings(null).headsOnly()).isTrue();
        assertThat(o.toSettings(null).augmentation().size()).isEqualTo(320);
        String config = o.pipelineConfig(List.of(new Category(1, "square")));
        assertThat(config).contains("center_net").contains("batch_size: 4").contains("max_dimension: 320");

        open(TinyProject.make(dir.resolve("project"), 1, 0));
        onFx(() -> {
            vm.options().batchSizeProperty().set(3);
            return null;
        });
        assertThat(onFx(() -> vm.configTextProperty().get())).contains("batch_size: 3").contains("num_classes: 1");
        onFx(() -> {
            vm.options().inputSizeProperty().set(100);
            vm.train();
            return null;
        });
        assertThat(onFx(() -> vm.messageProperty().get())).isEqualTo(
                "Cannot train: the input size must be a multiple of 32 from 32 to 2048; got 100 (Advanced).");
        assertThat(onFx(() -> vm.runningProperty().get())).isFalse();
    }

    private XYChart.Series<Number, Number> series(String name) {
        return vm.chart().lossSeries().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElse(new XYChart.Series<>());
    }

    private <T> T onFx(Callable<T> c) throws Exception {
        return fx.call(c);
    }

    private void waitFor(int seconds, Supplier<Boolean> condition) throws Exception {
        fx.waitFor(seconds, condition, () -> "message: " + vm.messageProperty().get());
    }

    /** Download from the Train panel: progress while it runs, then the start is installed, offered and chosen. */
    @Test
    void aDownloadedStartIsOfferedAndChosen() throws Exception {
        Path coral = Path.of("../shared/weights/coral/tf2_mobilenet_v2_1.0_224_ptq.tflite");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(coral), "../shared is absent");
        try (io.detectionstudio.engine.weights.LoopbackServer server = new io.detectionstudio.engine.weights.LoopbackServer()) {
            server.serve(coral.getFileName().toString(), java.nio.file.Files.readAllBytes(coral));
            io.detectionstudio.engine.weights.WeightsStore store = new io.detectionstudio.engine.weights.WeightsStore(dir.resolve("weights"),
                    io.detectionstudio.engine.weights.Catalogue.builtIn());
            TrainViewModel withStore = onFx(() -> new TrainViewModel(studio, FakeTrainer::new, new TaskExecutor(training, fx.executor), store,
                    s -> new io.detectionstudio.engine.weights.WeightsDownloader(s, server.baseUrl(false))));
            io.detectionstudio.engine.weights.KnownStart imagenet = onFx(() -> withStore.downloadable().stream()
                    .filter(k -> k.name().equals("mobilenet_v2_1.0_imagenet")).findFirst().orElseThrow());
            assertThat(onFx(() -> withStore.starts().contains(TrainOptions.Start.weights("mobilenet_v2_1.0_imagenet")))).isFalse();
            onFx(() -> {
                withStore.download(imagenet);
                return null;
            });
            assertThat(onFx(() -> withStore.downloadingProperty().get())).isTrue();
            waitFor(60, () -> !withStore.downloadingProperty().get());
            assertThat(onFx(() -> withStore.messageProperty().get())).startsWith("Installed mobilenet_v2_1.0_imagenet");
            assertThat(onFx(() -> withStore.starts().contains(TrainOptions.Start.weights("mobilenet_v2_1.0_imagenet")))).isTrue();
            assertThat(onFx(() -> withStore.options().startProperty().get())).isEqualTo(TrainOptions.Start.weights("mobilenet_v2_1.0_imagenet"));
            assertThat(onFx(() -> withStore.downloadable().contains(imagenet))).isFalse();
            assertThat(store.isInstalled(imagenet)).isTrue();
        }
    }
}
