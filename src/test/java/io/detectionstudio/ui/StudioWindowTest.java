package io.detectionstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole studio window on headless Monocle, driven with the mouse and keyboard: open the ducky photos (from
 * {@code ../shared}; the generated toy-ducks sample when that is absent), draw a box, undo and redo it, and find
 * it in the project's file.
 */
@ExtendWith(ApplicationExtension.class)
class StudioWindowTest {

    private StudioView view;
    /** What the classes panel's text dialogs are answered. */
    private final java.util.Deque<String> answers = new java.util.concurrent.ConcurrentLinkedDeque<>();

    @Start
    void start(Stage stage) {
        view = new StudioView(new StudioViewModel(), RecentProjects.forUser(), new io.detectionstudio.ui.classes.Dialogs() {
            @Override
            public java.util.Optional<String> askText(String title, String message, String initial) {
                return java.util.Optional.ofNullable(answers.poll());
            }

            @Override
            public boolean confirm(String title, String message) {
                return true;
            }

            @Override
            public java.util.OptionalInt choose(String title, String message, java.util.List<String> choices) {
                return java.util.OptionalInt.of(0);
            }
        });
        stage.setScene(new Scene(view, 1200, 800));
        stage.show();
    }

    /** A project folder in {@code dir}: the ducky training photos (or the toy-ducks sample) with their annotations. */
    static Path project(Path dir) throws IOException {
        Path ducky = Path.of("../shared/datasets/ducky/train");
        Path source = Files.isDirectory(ducky) ? ducky : Path.of("sample-datasets/toy-ducks");
        try (var walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = dir.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dir;
    }

    @Test
    void drawABoxWithTheMouseUndoAndRedoIt(FxRobot robot, @TempDir Path dir) throws Exception {
        Path project = project(dir);
        StudioViewModel vm = view.viewModel();
        robot.interact(() -> vm.open(project));
        waitFor(() -> vm.selectedImageProperty().get() != null);
        ImageRecord first = vm.selectedProperty().get();
        int before = vm.annotationsOf(first).size();

        robot.clickOn("#tool-box");
        Point2D from = view.editor().surfaceToScreen(first.width() * 0.05, first.height() * 0.05);
        Point2D to = view.editor().surfaceToScreen(first.width() * 0.3, first.height() * 0.4);
        robot.moveTo(from).press(MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        waitFor(() -> vm.annotationsOf(first).size() == before + 1);
        ObjectAnnotation drawn = vm.annotationsOf(first).get(before);
        assertThat(drawn.bbox().x()).isCloseTo(first.width() * 0.05, org.assertj.core.data.Offset.offset(first.width() * 0.02));
        assertThat(drawn.bbox().width()).isCloseTo(first.width() * 0.25, org.assertj.core.data.Offset.offset(first.width() * 0.02));

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitFor(() -> vm.annotationsOf(first).size() == before);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor(() -> vm.annotationsOf(first).size() == before + 1);
        assertThat(vm.annotationsOf(first).get(before)).isEqualTo(drawn);

        // Autosave: on disk within a second, the previous version kept as the backup.
        Path file = project.resolve("annotations.coco.json");
        waitFor(() -> annotationsIn(file) == countAll(vm) );
        assertThat(Files.exists(project.resolve("annotations.coco.json.bak"))).isTrue();

        // D goes to the next image.
        robot.clickOn("#imageCanvas", MouseButton.SECONDARY);
        robot.type(KeyCode.D);
        waitFor(() -> vm.selectedProperty().get() != null && !vm.selectedProperty().get().equals(first));
    }

    @Test
    void addAKeypointClassInTheClassesPanelAndClickItsKeypoints(FxRobot robot, @TempDir Path dir) throws Exception {
        Path project = project(dir);
        StudioViewModel vm = view.viewModel();
        robot.interact(() -> vm.open(project));
        waitFor(() -> vm.selectedImageProperty().get() != null);
        ImageRecord im = vm.selectedProperty().get();
        int before = vm.annotationsOf(im).size();

        answers.add("figure");
        robot.clickOn("#addClassButton");
        waitFor(() -> vm.datasetProperty().get().categories().stream().anyMatch(c -> c.name().equals("figure")));
        for (String name : new String[] {"head", "left_hand", "right_hand"}) {
            scrollTo(robot, "#keypointName");
            robot.clickOn("#keypointName").write(name);
            scrollTo(robot, "#addKeypointButton");
            robot.clickOn("#addKeypointButton");
        }
        scrollTo(robot, "#saveKeypointsButton");
        robot.clickOn("#saveKeypointsButton");
        waitFor(() -> vm.datasetProperty().get().categories().stream().anyMatch(c -> c.name().equals("figure") && c.hasKeypoints()));
        int figure = vm.currentCategoryProperty().get();
        assertThat(vm.datasetProperty().get().category(figure).orElseThrow().keypoints().names())
                .containsExactly("head", "left_hand", "right_hand");

        // K: the keypoint tool; click head, skip left_hand (S), click right_hand.
        robot.clickOn("#imageCanvas", MouseButton.SECONDARY);
        robot.type(KeyCode.K);
        robot.clickOn(view.editor().surfaceToScreen(im.width() * 0.5, im.height() * 0.2));
        robot.type(KeyCode.S);
        robot.clickOn(view.editor().surfaceToScreen(im.width() * 0.6, im.height() * 0.5));
        waitFor(() -> vm.annotationsOf(im).size() == before + 1);
        ObjectAnnotation a = vm.annotationsOf(im).get(before);
        assertThat(a.categoryId()).isEqualTo(figure);
        double[] kp = a.keypoints();
        assertThat(kp).hasSize(9);
        assertThat(kp[0]).isCloseTo(im.width() * 0.5, org.assertj.core.data.Offset.offset(im.width() * 0.01));
        assertThat(new double[] {kp[2], kp[5], kp[8]}).containsExactly(2, 0, 2);
    }

    /**
     * Train: the chart and the progress bar move, Cancel stops the run with its model kept. Inspect: that model runs
     * over every photo, and Accept turns its predictions on a photo whose label was deleted into annotations, which
     * undo takes back.
     */
    @Test
    void trainCancelThenInspectAndAcceptAPrediction(FxRobot robot, @TempDir Path dir) throws Exception {
        Path project = project(dir);
        StudioViewModel vm = view.viewModel();
        robot.interact(() -> vm.open(project));
        waitFor(() -> vm.selectedImageProperty().get() != null);

        robot.clickOn("#trainTab");
        robot.clickOn("#trainButton");
        javafx.scene.chart.XYChart<?, ?> chart = robot.lookup("#lossChart").queryAs(javafx.scene.chart.XYChart.class);
        javafx.scene.control.ProgressBar bar = robot.lookup("#trainProgress").queryAs(javafx.scene.control.ProgressBar.class);
        waitFor(() -> chart.getData().stream().anyMatch(series -> series.getData().size() >= 3) && bar.getProgress() > 0);
        double progress = bar.getProgress();
        waitFor(() -> bar.getProgress() > progress);
        robot.clickOn("#cancelButton");
        waitFor(() -> vm.runs().size() == 1 && vm.selectedRunProperty().get() != null
                && robot.lookup("#trainButton").query().isDisabled() == false);
        Path run = vm.selectedRunProperty().get();
        assertThat(run.resolve("checkpoint/ckpt.index")).exists();
        // Open in the runs list shows Inspect.
        javafx.scene.control.TableView<?> runsTable = robot.lookup("#runsTable").queryAs(javafx.scene.control.TableView.class);
        robot.interact(() -> runsTable.getSelectionModel().select(0));
        robot.clickOn("#openRunButton");
        waitFor(() -> "inspectTab".equals(view.tabs().getSelectionModel().getSelectedItem().getId()));
        assertThat(vm.selectedRunProperty().get()).isEqualTo(run);

        // Unlabel the first photo (select its box, Delete), so a prediction has somewhere to go.
        robot.clickOn("#labelTab");
        ImageRecord first = vm.images().get(0);
        robot.interact(() -> vm.selectedProperty().set(first));
        waitFor(() -> vm.selectedImageProperty().get() != null);
        robot.clickOn("#tool-select");
        ObjectAnnotation box = vm.annotationsOf(first).get(0);
        robot.clickOn(view.editor().surfaceToScreen(box.bbox().x() + box.bbox().width() / 2, box.bbox().y() + box.bbox().height() / 2));
        robot.type(KeyCode.DELETE);
        waitFor(() -> vm.annotationsOf(first).isEmpty());

        robot.clickOn("#inspectTab");
        robot.clickOn("#runInspectButton");
        waitFor(() -> vm.predictions().size() == vm.images().size());
        javafx.scene.control.Slider slider = robot.lookup("#scoreSlider").queryAs(javafx.scene.control.Slider.class);
        // A model cancelled after a few steps is unsure: take every prediction it made.
        robot.interact(() -> slider.setValue(slider.getMin()));
        robot.interact(() -> vm.selectedProperty().set(first));
        int predicted = vm.predictions().get(first.id()).size();
        assertThat(predicted).isPositive();
        robot.clickOn("#acceptButton");
        waitFor(() -> !vm.annotationsOf(first).isEmpty());
        assertThat(vm.annotationsOf(first)).allMatch(a -> a.categoryId() == box.categoryId());
        robot.interact(() -> vm.undo(first.id()));
        waitFor(() -> vm.annotationsOf(first).isEmpty());
        // Stop autosaving before JUnit deletes the project: a write still scheduled would land in a folder being deleted.
        robot.interact(vm::close);
    }

    /** Brings a node of a scrolled panel into view before it is clicked. */
    private static void scrollTo(FxRobot robot, String id) {
        javafx.scene.Node node = robot.lookup(id).query();
        javafx.scene.Parent p = node.getParent();
        while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) {
            p = p.getParent();
        }
        if (p instanceof javafx.scene.control.ScrollPane scroll) {
            robot.interact(() -> {
                javafx.geometry.Bounds b = scroll.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                double hidden = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                if (hidden > 0) {
                    scroll.setVvalue(Math.max(0, Math.min(1, (b.getMinY() - 10) / hidden)));
                }
            });
        }
    }

    private static int countAll(StudioViewModel vm) {
        return vm.datasetProperty().get().annotations().size();
    }

    private static int annotationsIn(Path file) {
        try {
            Dataset d = CocoJson.read(file).dataset();
            return d.annotations().size();
        } catch (Exception e) {
            return -1;
        }
    }

    static void waitFor(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

}
