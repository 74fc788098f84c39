package io.detectionstudio.ui.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.ui.inspect.InspectViewModel.ImageRow;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/** The Inspect panel on headless Monocle, with the studio's real threads and a fake detector. */
@ExtendWith(ApplicationExtension.class)
class InspectPanelTest {

    private StudioViewModel vm;
    private InspectPanel panel;
    private final ExecutorService jobs = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0L, java.util.concurrent.TimeUnit.MILLISECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>());
    private final List<String> questions = new ArrayList<>();
    private volatile InspectViewModel.DetectorOpener opener = (p, n) -> new InspectViewModelTest.FakeDetector();

    @Start
    void start(Stage stage) {
        vm = new StudioViewModel();
        InspectViewModel model = new InspectViewModel(vm, jobs, (p, n) -> opener.open(p, n), q -> {
            questions.add(q);
            return true;
        });
        panel = new InspectPanel(model);
        stage.setScene(new Scene(panel, 1200, 700));
        stage.show();
    }

    @AfterEach
    void stop() {
        vm.close();
        jobs.shutdownNow();
    }

    private void open(FxRobot robot, Path dir) throws Exception {
        for (int i = 1; i <= 3; i++) {
            ImageIO.write(new BufferedImage(100 + i, 80, BufferedImage.TYPE_INT_RGB), "png",
                    dir.resolve((char) ('a' + i - 1) + ".png").toFile());
        }
        Files.write(dir.resolve("broken.png"), new byte[] {9, 9, 9});
        Files.writeString(dir.resolve("annotations.coco.json"), """
                {"images": [
                   {"id": 1, "file_name": "a.png", "width": 101, "height": 80},
                   {"id": 2, "file_name": "b.png", "width": 102, "height": 80},
                   {"id": 3, "file_name": "c.png", "width": 103, "height": 80},
                   {"id": 4, "file_name": "broken.png", "width": 50, "height": 50}],
                 "categories": [{"id": 1, "name": "duck"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 30, 30]},
                                 {"id": 2, "image_id": 1, "category_id": 1, "bbox": [60, 40, 20, 20]}]}""");
        robot.interact(() -> vm.open(dir));
        waitFor(() -> vm.images().size() == 4 && table(robot).getItems().size() == 4);
    }

    private static DetectionsJson.Detection det(long image, double x, double y, double w, double h, double score) {
        return new DetectionsJson.Detection(image, 1, new CocoBox(x, y, w, h), score, null);
    }

    @SuppressWarnings("unchecked")
    private static TableView<ImageRow> table(FxRobot robot) {
        return robot.lookup("#inspectImages").queryAs(TableView.class);
    }

    private Dataset dataset() {
        return vm.datasetProperty().get();
    }

    @Test
    void scoreSliderTableOverlayAndAccept(FxRobot robot, @TempDir Path dir) throws Exception {
        open(robot, dir);
        robot.interact(() -> {
            // a.png (labelled): one hit, one miss of the second duck, one false positive at 0.4
            vm.predictions().put(1L, List.of(det(1, 10, 10, 30, 30, 0.9), det(1, 0, 60, 15, 15, 0.4)));
            vm.predictions().put(2L, List.of(det(2, 5, 5, 20, 20, 0.8), det(2, 50, 20, 20, 20, 0.45), det(2, 70, 50, 10, 10, 0.1)));
            vm.predictions().put(3L, List.of(det(3, 30, 30, 20, 20, 0.7)));
        });
        TableView<ImageRow> table = table(robot);
        waitFor(() -> table.getItems().get(0).image().id() == 1 && table.getItems().get(0).errors() == 2);
        assertThat(table.getItems().get(0).falsePositives()).isEqualTo(1);
        waitFor(() -> !robot.lookup("#metricsGrid").queryAs(GridPane.class).getChildren().isEmpty());
        waitFor(() -> !robot.lookup("#prChart").queryAs(LineChart.class).getData().isEmpty());

        // moving the score hides the 0.4 false positive and the 0.45 prediction
        Slider slider = robot.lookup("#scoreSlider").queryAs(Slider.class);
        assertThat(slider.getValue()).isEqualTo(InspectViewModel.DEFAULT_MIN_SCORE);
        robot.interact(() -> slider.setValue(0.5));
        assertThat(robot.lookup("#scoreLabel").queryAs(Label.class).getText()).isEqualTo("0.50");
        waitFor(() -> panel.model().rows().stream().filter(r -> r.image().id() == 1).findFirst().orElseThrow().errors() == 1);
        ImageRow b = panel.model().rows().stream().filter(r -> r.image().id() == 2).findFirst().orElseThrow();
        assertThat(b.predictions()).isEqualTo(1);

        // a click on b.png's row shows it, with its one prediction drawn
        robot.clickOn(robot.lookup(".table-cell").match(LabeledMatchers.hasText("b.png")).queryLabeled());
        waitFor(() -> vm.selectedProperty().get() != null && vm.selectedProperty().get().id() == 2
                && panel.model().imageProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(panel.overlay().drawnBoxes()).isEqualTo(1);

        // accept: the prediction at or above 0.5 becomes an annotation, the image's predictions go
        robot.clickOn("#acceptButton");
        waitFor(() -> dataset().annotationsOf(2).size() == 1);
        assertThat(dataset().annotationsOf(2).get(0).bbox()).isEqualTo(new CocoBox(5, 5, 20, 20));
        assertThat(vm.predictions()).doesNotContainKey(2L);
        // ... and undo takes it back
        robot.clickOn("#undoAcceptButton");
        waitFor(() -> dataset().annotationsOf(2).isEmpty() && vm.predictions().containsKey(2L));

        // accept all: the two unlabelled images, after a question that gives the count; a.png is left alone
        robot.clickOn("#acceptAllButton");
        waitFor(() -> dataset().annotationsOf(3).size() == 1);
        assertThat(questions).singleElement().asString().contains("2 predictions on 2 unlabelled images");
        assertThat(dataset().annotationsOf(2)).hasSize(1);
        assertThat(dataset().annotationsOf(1)).hasSize(2);
        assertThat(vm.predictions().keySet()).containsExactly(1L);
    }

    @Test
    void runsInTheBackgroundAndSurvivesABrokenRunAndABadImage(FxRobot robot, @TempDir Path dir) throws Exception {
        open(robot, dir);
        robot.interact(() -> vm.selectedRunProperty().set(dir.resolve("fake-run")));
        robot.clickOn("#runInspectButton");
        waitFor(() -> vm.predictions().size() == 3 && !panel.model().runningProperty().get());
        assertThat(vm.statusProperty().get()).startsWith("Ran fake-run on 3 images").contains("broken.png");

        opener = (p, n) -> {
            throw new ModelException(p + ": not a model: expected a training run folder");
        };
        robot.interact(() -> vm.selectedRunProperty().set(dir.resolve("broken-run")));
        robot.clickOn("#runInspectButton");
        waitFor(() -> vm.statusProperty().get().startsWith("Cannot run broken-run"));
        assertThat(vm.predictions()).hasSize(3);
        assertThat(robot.lookup("#runInspectButton").query().isDisabled()).isFalse();

        // the broken image: a placeholder with the reason, nothing drawn
        robot.interact(() -> vm.selectedProperty().set(dataset().image(4).orElseThrow()));
        waitFor(() -> panel.model().imageProblemProperty().get() != null);
        assertThat(panel.model().imageProblemProperty().get()).contains("broken.png");
        assertThat(panel.overlay().drawnBoxes()).isZero();
    }

    private static void waitFor(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
