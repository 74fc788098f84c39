package io.detectionstudio.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.ui.ImageStatus;
import io.detectionstudio.ui.StudioViewModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The image browser on headless Monocle: thumbnails (a placeholder for a broken file), status, filter, search, review. */
@ExtendWith(ApplicationExtension.class)
class ImageBrowserTest {

    private final StudioViewModel vm = new StudioViewModel();
    private ImageBrowser browser;

    @Start
    void start(Stage stage) {
        browser = new ImageBrowser(vm);
        stage.setScene(new Scene(browser, 320, 600));
        stage.show();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    @Test
    void showsThumbnailsThatFitAndTheStatus(FxRobot robot, @TempDir Path dir) throws Exception {
        ImageIO.write(new BufferedImage(640, 320, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("a_wide.jpg").toFile());
        Files.write(dir.resolve("b_broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16});
        ImageIO.write(new BufferedImage(40, 80, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("c_tall.png").toFile());
        ListView<ImageRecord> list = openAndWait(robot, dir, 2);

        // A file whose header cannot be read is a problem of the folder, not a listed image.
        assertThat(vm.statusProperty().get()).contains("1 problem(s)").contains("b_broken.jpg");
        assertThat(list.getItems()).extracting(ImageRecord::fileName).containsExactly("a_wide.jpg", "c_tall.png");
        waitFor(() -> thumbnailsShown(robot) == 2);
        assertThat(thumbnails(robot)).extracting(i -> (int) i.getWidth() + "x" + (int) i.getHeight())
                .containsExactly("96x48", "40x80");
        assertThat(robot.lookup(".image-status").queryAllAs(Label.class)).extracting(Label::getText)
                .containsOnly("Unlabelled");
    }

    @Test
    void aFileThatBreaksAfterItsHeaderShowsThePlaceholder(FxRobot robot, @TempDir Path dir) throws Exception {
        ImageIO.write(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("a.jpg").toFile());
        byte[] full = Files.readAllBytes(dir.resolve("a.jpg"));
        Files.write(dir.resolve("b_cut.jpg"), java.util.Arrays.copyOf(full, full.length / 2));
        ImageIO.write(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("c.jpg").toFile());
        openAndWait(robot, dir, 3);

        waitFor(() -> thumbnailsShown(robot) == 3);
        assertThat(thumbnails(robot)).extracting(i -> (int) i.getWidth() + "x" + (int) i.getHeight())
                .containsExactly("96x48", "96x96", "96x48");
    }

    @Test
    void selectionFilterSearchAndReviewWorkFromTheList(FxRobot robot, @TempDir Path dir) throws Exception {
        for (String name : List.of("one.jpg", "two.jpg", "three.jpg")) {
            ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve(name).toFile());
        }
        ListView<ImageRecord> list = openAndWait(robot, dir, 3);
        assertThat(list.getSelectionModel().getSelectedItem().fileName()).isEqualTo("one.jpg"); // the studio's selection

        // Selecting in the list selects in the studio, and the other way round.
        robot.clickOn("three.jpg");
        assertThat(vm.selectedProperty().get().fileName()).isEqualTo("three.jpg");
        robot.interact(() -> vm.selectedProperty().set(vm.images().get(2))); // one, three, two: sorted by name
        assertThat(list.getSelectionModel().getSelectedItem().fileName()).isEqualTo("two.jpg");

        // R marks the selected image reviewed; the toggle shows it, and undoes it.
        robot.clickOn("two.jpg").type(KeyCode.R);
        assertThat(vm.statusOf(vm.selectedProperty().get())).isEqualTo(ImageStatus.REVIEWED);
        ToggleButton reviewed = robot.lookup("#reviewedToggle").queryAs(ToggleButton.class);
        assertThat(reviewed.isSelected()).isTrue();
        assertThat(robot.lookup(".image-status").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("Reviewed");

        @SuppressWarnings("unchecked")
        ComboBox<BrowserModel.Filter> filter = robot.lookup("#browserFilter").queryAs(ComboBox.class);
        robot.interact(() -> filter.setValue(BrowserModel.Filter.REVIEWED));
        assertThat(list.getItems()).extracting(ImageRecord::fileName).containsExactly("two.jpg");
        assertThat(robot.lookup("#browserCount").queryAs(Label.class).getText()).isEqualTo("1 of 3 images");

        robot.clickOn("#reviewedToggle");
        assertThat(vm.statusOf(vm.selectedProperty().get())).isEqualTo(ImageStatus.UNLABELLED);
        robot.interact(() -> filter.setValue(BrowserModel.Filter.ALL));

        robot.clickOn("#browserSearch").write("T");
        assertThat(list.getItems()).extracting(ImageRecord::fileName).containsExactly("three.jpg", "two.jpg");
        robot.write("hr");
        assertThat(list.getItems()).extracting(ImageRecord::fileName).containsExactly("three.jpg");
    }

    private ListView<ImageRecord> openAndWait(FxRobot robot, Path dir, int images) throws Exception {
        robot.interact(() -> vm.open(dir));
        @SuppressWarnings("unchecked")
        ListView<ImageRecord> list = robot.lookup("#imageList").queryAs(ListView.class);
        waitFor(() -> list.getItems().size() == images && list.getSelectionModel().getSelectedItem() != null);
        return list;
    }

    private static long thumbnailsShown(FxRobot robot) {
        return thumbnails(robot).size();
    }

    private static List<Image> thumbnails(FxRobot robot) {
        return robot.lookup(".thumbnail-cell").queryAllAs(ThumbnailCell.class).stream()
                .filter(cell -> !cell.isEmpty())
                .sorted(java.util.Comparator.comparingInt(ThumbnailCell::getIndex))
                .flatMap(cell -> cell.lookupAll(".image-view").stream())
                .map(n -> ((ImageView) n).getImage())
                .filter(i -> i != null)
                .toList();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
