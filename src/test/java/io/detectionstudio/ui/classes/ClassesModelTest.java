package io.detectionstudio.ui.classes;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.edit.EditHistory;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.viz.Palette;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Add, rename, recolor, merge, delete and keypoint changes of classes: what they change, and that undo restores it. */
class ClassesModelTest {

    @TempDir
    Path dir;
    private StudioViewModel vm;
    private ClassesModel model;

    @BeforeEach
    void open() throws Exception {
        Files.writeString(dir.resolve("annotations.coco.json"), """
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 100},
                            {"id": 2, "file_name": "b.jpg", "width": 100, "height": 100}],
                 "categories": [{"id": 1, "name": "duck"}, {"id": 2, "name": "ball"},
                                {"id": 3, "name": "figure", "keypoints": ["left_ear", "right_ear", "nose"],
                                 "skeleton": [[1, 3], [2, 3]], "flip_pairs": [["left_ear", "right_ear"]]}],
                 "annotations": [
                   {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 10, 10]},
                   {"id": 2, "image_id": 1, "category_id": 2, "bbox": [2, 2, 10, 10]},
                   {"id": 3, "image_id": 2, "category_id": 1, "bbox": [3, 3, 10, 10]},
                   {"id": 4, "image_id": 2, "category_id": 1, "bbox": [4, 4, 10, 10]},
                   {"id": 5, "image_id": 1, "category_id": 3, "bbox": [0, 0, 50, 50],
                    "keypoints": [10, 10, 2, 20, 10, 2, 15, 20, 1], "num_keypoints": 3},
                   {"id": 6, "image_id": 2, "category_id": 3, "bbox": [0, 0, 50, 50],
                    "keypoints": [11, 11, 2, 0, 0, 0, 16, 21, 2], "num_keypoints": 2}]}""");
        vm = new StudioViewModel(Runnable::run, Runnable::run);
        model = new ClassesModel(vm);
        vm.open(dir);
    }

    @AfterEach
    void close() {
        vm.close();
    }

    @Test
    void listsTheClassesWithTheirAnnotationCounts() {
        assertThat(model.categories()).extracting(Category::name).containsExactly("duck", "ball", "figure");
        assertThat(model.count(1)).isEqualTo(3);
        assertThat(model.count(2)).isEqualTo(1);
        assertThat(model.count(3)).isEqualTo(2);
        assertThat(model.current().name()).isEqualTo("duck");
    }

    @Test
    void addMakesANewCurrentClassAndUndoRemovesIt() {
        assertThat(model.add("  swan ")).isEmpty();

        assertThat(model.categories()).extracting(Category::name).containsExactly("duck", "ball", "figure", "swan");
        assertThat(model.categories().get(3).id()).isEqualTo(4);
        assertThat(vm.currentCategoryProperty().get()).isEqualTo(4);

        assertThat(vm.undo(EditHistory.DATASET)).isTrue();
        assertThat(model.categories()).extracting(Category::name).containsExactly("duck", "ball", "figure");
    }

    @Test
    void namesMustBePresentAndFree() {
        assertThat(model.add("duck")).contains("There is already a class named duck");
        assertThat(model.add("   ")).contains("A class needs a name");
        assertThat(model.rename(category("ball"), "duck")).contains("There is already a class named duck");
        assertThat(model.categories()).hasSize(3);
        assertThat(vm.history().canUndo(EditHistory.DATASET)).isFalse();
    }

    @Test
    void renameKeepsEverythingElseAndUndoes() {
        assertThat(model.rename(category("figure"), "toy")).isEmpty();

        Category toy = category("toy");
        assertThat(toy.id()).isEqualTo(3);
        assertThat(toy.keypoints().names()).containsExactly("left_ear", "right_ear", "nose");
        assertThat(model.count(3)).isEqualTo(2);

        vm.undo(EditHistory.DATASET);
        assertThat(model.categories()).extracting(Category::name).containsExactly("duck", "ball", "figure");
    }

    @Test
    void recolorIsKeptInTheCocoFileAndUndoes() throws Exception {
        model.recolor(category("duck"), 0xFF8000);

        assertThat(category("duck").extras()).containsEntry(Palette.COLOR_KEY, "#ff8000");
        assertThat(Palette.colorOf(category("duck"))).isEqualTo(0xFF8000);
        assertThat(vm.saveNow()).isTrue();
        Dataset saved = CocoJson.read(dir.resolve("annotations.coco.json")).dataset();
        assertThat(Palette.colorOf(saved.category(1).orElseThrow())).isEqualTo(0xFF8000);

        vm.undo(EditHistory.DATASET);
        assertThat(category("duck").extras()).doesNotContainKey(Palette.COLOR_KEY);
        assertThat(Palette.colorOf(category("duck"))).isEqualTo(Palette.colorOf(1));
    }

    @Test
    void deleteSaysHowManyAnnotationsGoAndUndoPutsThemBack() {
        List<ObjectAnnotation> before = List.copyOf(dataset().annotations());
        assertThat(model.deleteQuestion(category("duck"))).isEqualTo("Delete class duck? 3 annotations will be deleted.");
        assertThat(model.deleteQuestion(category("ball"))).isEqualTo("Delete class ball? 1 annotation will be deleted.");

        model.delete(category("duck"));

        assertThat(model.categories()).extracting(Category::name).containsExactly("ball", "figure");
        assertThat(dataset().annotations()).extracting(ObjectAnnotation::id).containsExactly(2L, 5L, 6L);
        assertThat(vm.currentCategoryProperty().get()).isEqualTo(2); // the current class was deleted

        assertThat(vm.undo(EditHistory.DATASET)).isTrue();
        assertThat(model.categories()).extracting(Category::name).containsExactly("duck", "ball", "figure");
        assertThat(dataset().annotations()).containsExactlyElementsOf(before);
        assertThat(model.count(1)).isEqualTo(3);
    }

    @Test
    void mergeMovesTheAnnotationsDeletesTheClassAndUndoes() {
        assertThat(model.mergeQuestion(category("duck"), category("ball")))
                .isEqualTo("Merge duck into ball? 3 annotations will become ball, and duck will be deleted.");

        assertThat(model.merge(category("duck"), category("ball"))).isEmpty();

        assertThat(model.categories()).extracting(Category::name).containsExactly("ball", "figure");
        assertThat(model.count(2)).isEqualTo(4);
        assertThat(vm.currentCategoryProperty().get()).isEqualTo(2);

        vm.undo(EditHistory.DATASET);
        assertThat(model.categories()).extracting(Category::name).containsExactly("duck", "ball", "figure");
        assertThat(model.count(1)).isEqualTo(3);
        assertThat(model.count(2)).isEqualTo(1);
    }

    @Test
    void mergingKeypointAnnotationsIntoAClassWithOtherKeypointsIsRefused() {
        assertThat(model.merge(category("figure"), category("duck")))
                .contains("Cannot merge figure into duck: their keypoints differ (make the keypoint schemas the same first)");
        assertThat(model.merge(category("duck"), category("duck"))).isPresent();
        assertThat(model.categories()).hasSize(3);
        // Boxes may go into a keypoint class: they simply have no keypoints.
        assertThat(model.merge(category("ball"), category("figure"))).isEmpty();
    }

    @Test
    void aNewSchemaOnABoxClassChangesNoAnnotation() {
        KeypointSchemaDraft draft = KeypointSchemaDraft.of(null);
        draft.add("head");
        draft.add("tail");
        draft.addEdge(draft.points().get(0), draft.points().get(1));

        ClassesModel.SchemaChange change = model.planSchema(category("duck"), draft);
        assertThat(change.refused()).isFalse();
        assertThat(change.question()).isNull();
        model.apply(change);

        KeypointSchema s = category("duck").keypoints();
        assertThat(s.names()).containsExactly("head", "tail");
        assertThat(s.skeleton()).containsExactly(new KeypointSchema.Edge(0, 1));
        vm.undo(EditHistory.DATASET);
        assertThat(category("duck").hasKeypoints()).isFalse();
    }

    @Test
    void renamingAndReorderingKeypointsMovesTheAnnotatedOnesWithTheirNames() {
        KeypointSchemaDraft draft = KeypointSchemaDraft.of(category("figure").keypoints());
        KeypointSchemaDraft.Point nose = draft.points().get(2);
        draft.move(nose, -2); // nose, left_ear, right_ear
        draft.rename(nose, "snout");

        ClassesModel.SchemaChange change = model.planSchema(category("figure"), draft);
        assertThat(change.question()).isEqualTo("Change the keypoints of figure? 2 annotations will be updated.");
        model.apply(change);

        KeypointSchema s = category("figure").keypoints();
        assertThat(s.names()).containsExactly("snout", "left_ear", "right_ear");
        assertThat(s.skeleton()).containsExactly(new KeypointSchema.Edge(1, 0), new KeypointSchema.Edge(2, 0));
        assertThat(s.flipPairs()).containsExactly(new KeypointSchema.Edge(1, 2));
        assertThat(annotation(5).keypoints()).containsExactly(15, 20, 1, 10, 10, 2, 20, 10, 2);
        assertThat(annotation(6).keypoints()).containsExactly(16, 21, 2, 11, 11, 2, 0, 0, 0);

        vm.undo(EditHistory.DATASET);
        assertThat(category("figure").keypoints().names()).containsExactly("left_ear", "right_ear", "nose");
        assertThat(annotation(5).keypoints()).containsExactly(10, 10, 2, 20, 10, 2, 15, 20, 1);
    }

    @Test
    void changingTheNumberOfAnnotatedKeypointsSaysWhatIsLost() {
        KeypointSchemaDraft draft = KeypointSchemaDraft.of(category("figure").keypoints());
        draft.remove(draft.points().get(1)); // right_ear: labelled in annotation 5 only
        draft.add("tail");

        ClassesModel.SchemaChange change = model.planSchema(category("figure"), draft);
        assertThat(change.question())
                .isEqualTo("Change the keypoints of figure? 2 annotations will be updated and 1 labelled keypoint deleted.");
        model.apply(change);

        assertThat(category("figure").keypoints().names()).containsExactly("left_ear", "nose", "tail");
        assertThat(category("figure").keypoints().flipPairs()).isEmpty(); // its pair went with right_ear
        assertThat(annotation(5).keypoints()).containsExactly(10, 10, 2, 15, 20, 1, 0, 0, 0);
        assertThat(annotation(5).numKeypoints()).isEqualTo(2);

        vm.undo(EditHistory.DATASET);
        assertThat(annotation(5).keypoints()).containsExactly(10, 10, 2, 20, 10, 2, 15, 20, 1);
    }

    @Test
    void removingEveryKeypointLeavesBoxes() {
        KeypointSchemaDraft draft = KeypointSchemaDraft.of(category("figure").keypoints());
        List.copyOf(draft.points()).forEach(draft::remove);

        ClassesModel.SchemaChange change = model.planSchema(category("figure"), draft);
        assertThat(change.question()).endsWith("2 annotations will be updated and 5 labelled keypoints deleted.");
        model.apply(change);

        assertThat(category("figure").hasKeypoints()).isFalse();
        assertThat(annotation(5).keypoints()).isNull();
    }

    @Test
    void anInvalidOrUnchangedSchemaIsRefused() {
        KeypointSchemaDraft same = KeypointSchemaDraft.of(category("figure").keypoints());
        assertThat(model.planSchema(category("figure"), same).error()).isEqualTo("The keypoints of figure are unchanged");

        // The draft's own add and rename refuse a taken name; a list changed directly is still checked on save.
        KeypointSchemaDraft twice = new KeypointSchemaDraft();
        twice.points().add(new KeypointSchemaDraft.Point("eye", -1));
        twice.points().add(new KeypointSchemaDraft.Point("eye", -1));
        ClassesModel.SchemaChange change = model.planSchema(category("duck"), twice);
        assertThat(change.refused()).isTrue();
        assertThat(change.error()).isEqualTo("Two keypoints are named eye");
        assertThat(category("duck").hasKeypoints()).isFalse();
    }

    private Dataset dataset() {
        return vm.datasetProperty().get();
    }

    private Category category(String name) {
        return dataset().categories().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private ObjectAnnotation annotation(long id) {
        return dataset().annotations().stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }
}
