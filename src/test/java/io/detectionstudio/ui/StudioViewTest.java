package io.detectionstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real studio window on headless Monocle: open a dataset, see its images listed and one shown. */
@ExtendWith(ApplicationExtension.class)
class StudioViewTest {

    private StudioView view;

    @Start
    void start(Stage stage) {
        view = new StudioView(new StudioViewModel());
        stage.setScene(new Scene(view, 900, 600));
        stage.show();
    }

    @Test
    void opensAFolderOfImagesAndShowsTheFirst(FxRobot robot, @TempDir Path dir) throws Exception {
        for (String name : new String[] {"one.jpg", "two.png", "notes.txt"}) {
            ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), name.endsWith("png") ? "png" : "jpg",
                    dir.resolve(name).toFile());
        }
        robot.interact(() -> view.viewModel().open(dir));
        waitFor(() -> view.viewModel().datasetProperty().get() != null);
        ListView<?> list = robot.lookup("#imageList").queryAs(ListView.class);
        waitFor(() -> list.getItems().size() == 2 && view.viewModel().selectedImageProperty().get() != null);
        assertThat(robot.lookup("#status").queryAs(org.controlsfx.control.StatusBar.class).getText()).startsWith("2 images (0 labelled) · 0 annotations");
        assertThat(view.viewModel().selectedImageProperty().get().getWidth()).isEqualTo(40);
    }

    @Test
    void opensACocoDatasetAndReportsABrokenFileInTheStatusBar(FxRobot robot, @TempDir Path dir) throws Exception {
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("a.jpg").toFile());
        Files.writeString(dir.resolve("annotations.coco.json"), """
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 40, "height": 30}],
                 "categories": [{"id": 1, "name": "duck"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 10, 10]}]}""");
        robot.interact(() -> view.viewModel().open(dir));
        waitFor(() -> view.viewModel().images().size() == 1);
        assertThat(robot.lookup("#status").queryAs(org.controlsfx.control.StatusBar.class).getText()).startsWith("1 images (1 labelled) · 1 annotations");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"images\": [");
        robot.interact(() -> view.viewModel().open(broken));
        waitFor(() -> robot.lookup("#status").queryAs(org.controlsfx.control.StatusBar.class).getText().contains("invalid JSON"));
        // The dataset that was open stays open.
        assertThat(view.viewModel().images()).hasSize(1);
    }

    @Test
    void opensTheDuckyPhotosWhenShared(FxRobot robot) throws Exception {
        Path ducky = Path.of("../shared/datasets/ducky/train");
        Assumptions.assumeTrue(Files.isDirectory(ducky), "../shared is absent");
        robot.interact(() -> view.viewModel().open(ducky));
        waitFor(() -> view.viewModel().images().size() == 5 && view.viewModel().selectedImageProperty().get() != null);
        assertThat(view.viewModel().selectedImageProperty().get().getWidth()).isEqualTo(853);
        assertThat(robot.lookup("#status").queryAs(org.controlsfx.control.StatusBar.class).getText()).startsWith("5 images (5 labelled) · 5 annotations");
    }

    @Test
    void aSampleOpensFromACopyInTheSettingsFolder(FxRobot robot) throws Exception {
        Path sample = Path.of("sample-datasets/toy-ducks");
        byte[] before = Files.readAllBytes(sample.resolve("annotations.coco.json"));
        robot.interact(() -> view.openSample(sample));
        waitFor(() -> view.viewModel().datasetProperty().get() != null);
        Path copy = RecentProjects.settingsFolder().resolve("samples/toy-ducks/annotations.coco.json");
        assertThat(view.viewModel().annotationsFileProperty().get().toAbsolutePath()).isEqualTo(copy.toAbsolutePath());
        assertThat(view.viewModel().images()).hasSize(40);
        assertThat(Files.readAllBytes(sample.resolve("annotations.coco.json"))).isEqualTo(before);
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

}
