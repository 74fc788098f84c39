package io.detectionstudio.ui.classes;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.ui.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The classes panel on headless Monocle, its dialogs answered by the test. */
@ExtendWith(ApplicationExtension.class)
class ClassesPanelTest {

    private final StudioViewModel vm = new StudioViewModel();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new ClassesPanel(vm, dialogs), 420, 760));
        stage.show();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    @Test
    void addsAKeypointClassThroughThePanel(FxRobot robot, @TempDir Path dir) throws Exception {
        open(robot, dir);

        dialogs.texts.add("figure");
        robot.clickOn("#addClassButton");
        waitFor(() -> vm.datasetProperty().get().categories().size() == 2);
        assertThat(dialogs.asked).containsExactly("Name of the new class:");
        assertThat(vm.currentCategoryProperty().get()).isEqualTo(2);
        ListView<?> classes = robot.lookup("#classList").queryAs(ListView.class);
        assertThat(classes.getSelectionModel().getSelectedIndex()).isEqualTo(1);
        assertThat(robot.lookup("#keypointEditor").query().isDisabled()).isFalse();

        for (String name : List.of("left_hand", "right_hand", "head")) {
            click(robot, "#keypointName").write(name);
            click(robot, "#addKeypointButton");
        }
        click(robot, "#keypointName").write("head");
        click(robot, "#addKeypointButton");
        assertThat(robot.lookup("#schemaError").queryAs(Label.class).getText())
                .isEqualTo("There is already a keypoint named head");

        pick(robot, "#edgeFrom", 0);
        pick(robot, "#edgeTo", 2);
        click(robot, "#addEdgeButton");
        pick(robot, "#edgeFrom", 1);
        click(robot, "#addEdgeButton");
        pick(robot, "#flipLeft", 0);
        pick(robot, "#flipRight", 1);
        click(robot, "#addFlipButton");
        assertThat(robot.lookup("#schemaError").queryAs(Label.class).getText()).isEmpty();
        click(robot, "#saveKeypointsButton");

        Category figure = vm.datasetProperty().get().category(2).orElseThrow();
        assertThat(figure.name()).isEqualTo("figure");
        assertThat(figure.keypoints()).isEqualTo(new KeypointSchema(List.of("left_hand", "right_hand", "head"),
                List.of(new KeypointSchema.Edge(0, 2), new KeypointSchema.Edge(1, 2)),
                List.of(new KeypointSchema.Edge(0, 1))));
        assertThat(vm.statusProperty().get()).isEqualTo("Change keypoints of figure");
        assertThat(vm.saveNow()).isTrue();
        assertThat(Files.readString(dir.resolve("annotations.coco.json"))).contains("left_hand").contains("flip_pairs");
    }

    @Test
    void deleteAsksWithTheNumberOfAnnotationsAndFollowsTheCurrentClass(FxRobot robot, @TempDir Path dir) throws Exception {
        open(robot, dir);
        ListView<?> classes = robot.lookup("#classList").queryAs(ListView.class);

        dialogs.confirms.add(false);
        robot.clickOn("#deleteClassButton");
        assertThat(dialogs.asked).containsExactly("Delete class duck? 2 annotations will be deleted.");
        assertThat(vm.datasetProperty().get().categories()).hasSize(1);

        dialogs.confirms.add(true);
        robot.clickOn("#deleteClassButton");
        assertThat(vm.datasetProperty().get().categories()).isEmpty();
        assertThat(vm.datasetProperty().get().annotations()).isEmpty();
        assertThat(classes.getItems()).isEmpty();
        assertThat(vm.currentCategoryProperty().get()).isEqualTo(-1);

        robot.interact(() -> vm.undo(io.detectionstudio.data.edit.EditHistory.DATASET));
        assertThat(classes.getItems()).hasSize(1);
        robot.interact(() -> vm.currentCategoryProperty().set(1)); // as the number keys do
        assertThat(classes.getSelectionModel().getSelectedIndex()).isEqualTo(0);
    }

    private void open(FxRobot robot, Path dir) throws Exception {
        Files.writeString(dir.resolve("annotations.coco.json"), """
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 40, "height": 30},
                            {"id": 2, "file_name": "b.jpg", "width": 40, "height": 30}],
                 "categories": [{"id": 1, "name": "duck"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 10, 10]},
                                 {"id": 2, "image_id": 2, "category_id": 1, "bbox": [1, 2, 10, 10]}]}""");
        robot.interact(() -> vm.open(dir));
        waitFor(() -> vm.datasetProperty().get() != null);
        ListView<?> classes = robot.lookup("#classList").queryAs(ListView.class);
        waitFor(() -> classes.getSelectionModel().getSelectedIndex() == 0);
    }

    /** Scrolls the panel to the node (the keypoint editor is taller than the window), then clicks it. */
    private static org.testfx.api.FxRobotInterface click(FxRobot robot, String id) {
        Node node = robot.lookup(id).query();
        Parent p = node.getParent();
        while (p != null && !(p instanceof ScrollPane)) {
            p = p.getParent();
        }
        if (p instanceof ScrollPane scroll) {
            robot.interact(() -> {
                Bounds b = scroll.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                double hidden = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                if (hidden > 0) {
                    scroll.setVvalue(Math.max(0, Math.min(1, (b.getMinY() - 10) / hidden)));
                }
            });
        }
        return robot.clickOn(id);
    }

    @SuppressWarnings("unchecked")
    private static void pick(FxRobot robot, String id, int index) {
        ComboBox<Object> box = robot.lookup(id).queryAs(ComboBox.class);
        robot.interact(() -> box.getSelectionModel().select(index));
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Answers from queues, and records what was asked. */
    private static final class ScriptedDialogs implements Dialogs {
        final Deque<String> texts = new ArrayDeque<>();
        final Deque<Boolean> confirms = new ArrayDeque<>();
        final Deque<Integer> choices = new ArrayDeque<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<String> askText(String title, String message, String initial) {
            asked.add(message);
            return Optional.ofNullable(texts.poll());
        }

        @Override
        public boolean confirm(String title, String message) {
            asked.add(message);
            return Boolean.TRUE.equals(confirms.poll());
        }

        @Override
        public OptionalInt choose(String title, String message, List<String> choices) {
            asked.add(message);
            Integer i = this.choices.poll();
            return i == null ? OptionalInt.empty() : OptionalInt.of(i);
        }
    }
}
