package io.detectionstudio.ui.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.engine.training.RunSummary;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.ui.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Train tab on headless Monocle: press Train, watch the chart and progress move, Cancel; the runs list; dialogs. */
@ExtendWith(ApplicationExtension.class)
class TrainPanelTest {

    @TempDir
    Path dir;

    private StudioViewModel studio;
    private TrainPanel panel;
    private final List<TrainViewModel.TrainingError> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> confirmations = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean confirmAnswer;

    @Start
    void start(Stage stage) {
        studio = new StudioViewModel();
        panel = new TrainPanel(studio, new TrainDialogs() {
            @Override
            public void showError(TrainViewModel.TrainingError error) {
                errors.add(error);
            }

            @Override
            public boolean confirm(String header, String content) {
                confirmations.add(header);
                return confirmAnswer;
            }
        });
        stage.setScene(new Scene(panel, 1100, 760));
        stage.show();
    }

    private void open(FxRobot robot, Path project) throws Exception {
        robot.interact(() -> studio.open(project));
        waitFor(20, () -> studio.datasetProperty().get() != null);
    }

    @Test
    void trainMovesTheChartAndProgressThenCancelKeepsTheModel(FxRobot robot) throws Exception {
        open(robot, TinyProject.make(dir.resolve("project"), 4, 2));
        robot.interact(() -> TrainViewModelTest.tiny(panel.viewModel().options(), 300));
        Button train = robot.lookup("#trainButton").queryButton();
        Button cancel = robot.lookup("#cancelButton").queryButton();
        assertThat(cancel.isDisabled()).isTrue();

        robot.clickOn("#trainButton");
        assertThat(train.isDisabled()).isTrue();
        assertThat(cancel.isDisabled()).isFalse();
        ProgressBar bar = robot.lookup("#trainProgress").queryAs(ProgressBar.class);
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = robot.lookup("#lossChart").queryAs(LineChart.class);
        waitFor(60, () -> totalPoints(chart) >= 3 && bar.getProgress() > 0);
        int points = totalPoints(chart);
        double progress = bar.getProgress();
        waitFor(30, () -> totalPoints(chart) > points + 2 && bar.getProgress() > progress);
        assertThat(chart.getData()).extracting(XYChart.Series::getName).contains("object_center", "box_scale", "box_offset", "total");
        assertThat(robot.lookup("#imagesPerSecond").queryAs(Label.class).getText()).matches("\\d+\\.\\d img/s");
        assertThat(robot.lookup("#eta").queryAs(Label.class).getText()).startsWith("ETA ");
        // The live preview shows the two unlabelled images once a checkpoint (every 5 steps) is drawn.
        Pane preview = robot.lookup("#previewPane").queryAs(Pane.class);
        waitFor(30, () -> preview.lookupAll(".image-view").size() == 2);

        robot.clickOn("#cancelButton");
        Label message = robot.lookup("#trainMessage").queryAs(Label.class);
        waitFor(30, () -> message.getText().matches("Cancelled at step \\d+; model kept"));
        assertThat(train.isDisabled()).isFalse();
        assertThat(cancel.isDisabled()).isTrue();
        assertThat(bar.getProgress()).isLessThan(1);
        @SuppressWarnings("unchecked")
        TableView<RunEntry> runs = robot.lookup("#runsTable").queryAs(TableView.class);
        waitFor(10, () -> runs.getItems().size() == 1 && runs.getItems().get(0).ended().equals("cancelled"));
        Path run = runs.getItems().get(0).folder();
        assertThat(run.resolve("checkpoint/ckpt.index")).exists();
        assertThat(studio.selectedRunProperty().get()).isEqualTo(run);
        assertThat(errors).isEmpty();
        for (Node n : preview.lookupAll(".image-view")) {
            assertThat(((ImageView) n).getImage().getWidth()).isEqualTo(96);
        }
    }

    @Test
    void advancedEditsTheSettingsAndShowsThePipelineConfig(FxRobot robot) throws Exception {
        open(robot, TinyProject.make(dir.resolve("project"), 2, 0));
        robot.clickOn("Advanced");
        TextArea config = robot.lookup("#pipelineConfig").queryAs(TextArea.class);
        waitFor(5, () -> config.isVisible() && config.getText().contains("batch_size: 8"));
        assertThat(config.isEditable()).isFalse();
        assertThat(config.getText()).contains("center_net").contains("max_dimension: 256").contains("num_classes: 1");
        @SuppressWarnings("unchecked")
        Spinner<Integer> batch = robot.lookup("#batchSize").queryAs(Spinner.class);
        robot.interact(() -> batch.increment());
        assertThat(panel.viewModel().options().batchSizeProperty().get()).isEqualTo(9);
        assertThat(config.getText()).contains("batch_size: 9");
        robot.clickOn("#resetOptions");
        assertThat(batch.getValue()).isEqualTo(8);
    }

    @Test
    void aFailedRunShowsTheErrorAndThePanelStaysUsable(FxRobot robot) throws Exception {
        Path project = TinyProject.make(dir.resolve("project"), 3, 0);
        open(robot, project);
        Files.writeString(project.resolve("images/img01.png"), "broken");
        robot.interact(() -> TrainViewModelTest.tiny(panel.viewModel().options(), 5));
        robot.clickOn("#trainButton");
        waitFor(60, () -> !errors.isEmpty() && !panel.viewModel().runningProperty().get());
        assertThat(errors.get(0).message()).startsWith("Training failed: ").contains("img01.png");
        assertThat(errors.get(0).details()).contains("Exception");
        assertThat(robot.lookup("#trainButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#trainMessage").queryAs(Label.class).getText()).isEqualTo(errors.get(0).message());
    }

    @Test
    void deleteAsksFirstAndOpenSetsTheRunInspectUses(FxRobot robot) throws Exception {
        Path project = TinyProject.make(dir.resolve("project"), 2, 0);
        for (String name : new String[] {"first", "second"}) {
            Path run = project.resolve("runs").resolve(name);
            Files.createDirectories(run.resolve("checkpoint"));
            Files.writeString(run.resolve(CenterNetRun.CONFIG), "model { center_net { num_classes: 1 } }\n");
            new RunSummary(name, "2024-05-01T10:00:00", null, 2, null, 100, 30, "FINISHED", null, Map.of("total", 1.5),
                    null, List.of(), 300.0, 40.0, null).write(run);
            Files.setLastModifiedTime(run, java.nio.file.attribute.FileTime.fromMillis(name.equals("first") ? 1000 : 2000));
        }
        open(robot, project);
        @SuppressWarnings("unchecked")
        TableView<RunEntry> runs = robot.lookup("#runsTable").queryAs(TableView.class);
        waitFor(10, () -> runs.getItems().size() == 2);
        assertThat(runs.getItems()).extracting(RunEntry::name).containsExactly("second", "first");

        robot.interact(() -> runs.getSelectionModel().select(1));
        robot.clickOn("#openRunButton");
        assertThat(studio.selectedRunProperty().get().getFileName().toString()).isEqualTo("first");

        robot.interact(() -> runs.getSelectionModel().selectAll());
        robot.clickOn("#compareRunsButton");
        waitFor(10, () -> robot.lookup("#compareChart").tryQuery().isPresent());

        robot.interact(() -> runs.getSelectionModel().clearAndSelect(1));
        confirmAnswer = false;
        robot.clickOn("#deleteRunButton");
        assertThat(confirmations).containsExactly("Delete run first?");
        assertThat(project.resolve("runs/first")).exists();
        confirmAnswer = true;
        robot.clickOn("#deleteRunButton");
        waitFor(10, () -> runs.getItems().size() == 1);
        assertThat(project.resolve("runs/first")).doesNotExist();
        assertThat(robot.lookup("#comparePane").query().isVisible()).isFalse();
    }

    private static int totalPoints(LineChart<Number, Number> chart) {
        return chart.getData().stream().filter(s -> s.getName().equals("total")).mapToInt(s -> s.getData().size()).findFirst().orElse(0);
    }

    private static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
