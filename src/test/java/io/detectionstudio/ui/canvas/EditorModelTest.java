package io.detectionstudio.ui.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.ui.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor's gestures in image coordinates, without a window: each ends as one undoable edit. */
class EditorModelTest {

    @TempDir
    Path dir;
    private StudioViewModel vm;
    private EditorModel m;

    @BeforeEach
    void open() throws Exception {
        Files.writeString(dir.resolve("annotations.coco.json"), """
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 200, "height": 100},
                            {"id": 2, "file_name": "b.jpg", "width": 200, "height": 100}],
                 "categories": [{"id": 1, "name": "duck"},
                                {"id": 2, "name": "figure", "keypoints": ["head", "hand", "foot"], "skeleton": [[1, 2], [2, 3]]}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20]}]}""");
        // Direct executors: everything happens on this thread. The image files don't exist; the editor doesn't need pixels.
        vm = new StudioViewModel(Runnable::run, Runnable::run);
        vm.open(dir);
        m = new EditorModel(vm);
    }

    private List<ObjectAnnotation> onImage(long id) {
        return vm.annotationsOf(vm.images().stream().filter(i -> i.id() == id).findFirst().orElseThrow());
    }

    @Test
    void dragABoxThenUndoAndRedoIt() {
        m.setTool(Tool.BOX);
        m.press(50, 20, 3, false);
        m.drag(80, 60);
        assertThat(m.pendingBox()).containsExactly(50, 20, 30, 40);
        m.release(90, 70);
        assertThat(onImage(1)).hasSize(2);
        ObjectAnnotation added = onImage(1).get(1);
        assertThat(added.bbox()).isEqualTo(new CocoBox(50, 20, 40, 50));
        assertThat(added.categoryId()).isEqualTo(1);
        assertThat(m.selected()).contains(added);

        assertThat(vm.undo(1)).isTrue();
        assertThat(onImage(1)).hasSize(1);
        assertThat(vm.redo(1)).isTrue();
        assertThat(onImage(1)).containsExactly(onImage(1).get(0), added);
    }

    @Test
    void aClickIsNotABoxAndBoxesStayInsideTheImage() {
        m.setTool(Tool.BOX);
        m.press(50, 20, 3, false);
        m.release(51, 21);
        assertThat(onImage(1)).hasSize(1);
        m.press(190, 90, 3, false);
        m.release(400, 300);
        assertThat(onImage(1).get(1).bbox()).isEqualTo(new CocoBox(190, 90, 10, 10));
    }

    @Test
    void selectMoveResizeNudgeAndDeleteAreEachOneEdit() {
        m.setTool(Tool.SELECT);
        m.press(20, 20, 3, false);
        m.drag(25, 30);
        m.release(25, 30);
        assertThat(onImage(1).get(0).bbox()).isEqualTo(new CocoBox(15, 20, 20, 20));
        // The bottom-right corner handle, dragged out by (5, 5).
        m.press(35, 40, 3, false);
        m.release(40, 45);
        assertThat(onImage(1).get(0).bbox()).isEqualTo(new CocoBox(15, 20, 25, 25));
        m.nudge(-1, 0);
        m.nudge(-100, 0);
        assertThat(onImage(1).get(0).bbox()).isEqualTo(new CocoBox(0, 20, 25, 25));
        m.deleteSelected();
        assertThat(onImage(1)).isEmpty();
        for (int i = 0; i < 5; i++) {
            vm.undo(1);
        }
        assertThat(onImage(1).get(0).bbox()).isEqualTo(new CocoBox(10, 10, 20, 20));
        assertThat(vm.history().canUndo(1)).isFalse();
    }

    @Test
    void copyAndPasteOntoTheNextImage() {
        assertThat(m.copy()).isEqualTo(1);
        vm.selectedProperty().set(vm.images().get(1));
        assertThat(m.paste()).isEqualTo(1);
        assertThat(onImage(2)).singleElement().satisfies(a -> {
            assertThat(a.bbox()).isEqualTo(new CocoBox(10, 10, 20, 20));
            assertThat(a.id()).isEqualTo(2);
        });
        vm.undo(2);
        assertThat(onImage(2)).isEmpty();
    }

    @Test
    void numberKeysPickTheClassAndRelabelTheSelection() {
        m.setTool(Tool.SELECT);
        m.press(20, 20, 3, false);
        m.release(20, 20);
        m.chooseClass(2);
        assertThat(vm.currentCategoryProperty().get()).isEqualTo(2);
        assertThat(onImage(1).get(0).categoryId()).isEqualTo(2);
        m.chooseClass(7);
        assertThat(vm.currentCategoryProperty().get()).isEqualTo(2);
    }

    @Test
    void keypointsAreClickedInOrderWithOccludedAndSkippedOnes() {
        m.chooseClass(2);
        m.setTool(Tool.KEYPOINT);
        m.press(100, 20, 3, false);
        m.skipKeypoint();
        assertThat(m.pendingKeypoints()).containsExactly(100, 20, 2, 0, 0, 0);
        m.press(110, 80, 3, true);
        assertThat(m.pendingKeypoints()).isEmpty();
        ObjectAnnotation a = onImage(1).get(1);
        assertThat(a.categoryId()).isEqualTo(2);
        assertThat(a.keypoints()).containsExactly(100, 20, 2, 0, 0, 0, 110, 80, 1);
        assertThat(a.bbox().x()).isLessThan(100);
        assertThat(a.bbox().bottom()).isGreaterThan(80);
        // Double-click on a keypoint of the selection toggles visible/occluded.
        m.setTool(Tool.SELECT);
        m.select(a.id());
        m.doubleClick(100, 20, 3);
        assertThat(onImage(1).get(1).keypoints()[2]).isEqualTo(1);
        // Dragging a keypoint moves only it.
        m.press(110, 80, 3, false);
        m.release(120, 85);
        assertThat(onImage(1).get(1).keypoints()).containsExactly(100, 20, 1, 0, 0, 0, 120, 85, 1);
    }

    @Test
    void aPolygonClosesWithAtLeastThreePoints() {
        m.setTool(Tool.POLYGON);
        m.press(10, 10, 3, false);
        m.press(50, 10, 3, false);
        m.finishPolygon();
        assertThat(onImage(1)).hasSize(1);
        m.press(50, 50, 3, false);
        m.finishPolygon();
        ObjectAnnotation p = onImage(1).get(1);
        assertThat(p.polygons()).singleElement().satisfies(xy -> assertThat(xy).containsExactly(10, 10, 50, 10, 50, 50));
        assertThat(p.bbox()).isEqualTo(new CocoBox(10, 10, 40, 40));
        assertThat(p.area()).isEqualTo(800.0);
    }

    @Test
    void reviewedIsAFlagOnTheImageThatUndoTakesBack() {
        m.toggleReviewed();
        assertThat(vm.statusOf(vm.selectedProperty().get())).isEqualTo(io.detectionstudio.ui.ImageStatus.REVIEWED);
        vm.undo(1);
        assertThat(vm.statusOf(vm.selectedProperty().get())).isEqualTo(io.detectionstudio.ui.ImageStatus.LABELLED);
    }

    @Test
    void editsReachTheFileThroughAutosave() throws Exception {
        m.setTool(Tool.BOX);
        m.press(50, 20, 3, false);
        m.release(90, 70);
        assertThat(vm.saveNow()).isTrue();
        assertThat(CocoJson.read(dir.resolve("annotations.coco.json")).dataset().annotations()).hasSize(2);
        assertThat(dir.resolve("annotations.coco.json.bak")).exists();
    }
}
