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

    @Start
    void start(Stage stage) {
        view = new StudioView(new StudioViewModel());
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
