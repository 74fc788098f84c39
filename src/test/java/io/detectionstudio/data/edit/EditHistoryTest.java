package io.detectionstudio.data.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EditHistoryTest {

    private static Dataset dataset() {
        Dataset d = new Dataset(Path.of("."));
        d.images().add(new ImageRecord(1, "a.jpg", 100, 80));
        d.images().add(new ImageRecord(2, "b.jpg", 100, 80));
        d.categories().add(new Category(1, "duck"));
        d.categories().add(new Category(2, "dog"));
        d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(1, 2, 10, 10)));
        d.annotations().add(new ObjectAnnotation(2, 2, 2, new CocoBox(5, 5, 20, 20)));
        d.annotations().add(new ObjectAnnotation(3, 1, 2, new CocoBox(30, 30, 5, 5)));
        return d;
    }

    @Test
    void undoAndRedoRestoreTheListsExactly() {
        Dataset d = dataset();
        List<ObjectAnnotation> start = new ArrayList<>(d.annotations());
        EditHistory h = new EditHistory(d, 10);
        ObjectAnnotation first = d.annotations().get(0);
        h.perform(Edits.replace(first, first.withBox(new CocoBox(3, 4, 10, 10)), "Move"));
        h.perform(Edits.remove(first));
        h.perform(Edits.add(new ObjectAnnotation(d.nextAnnotationId(), 1, 1, new CocoBox(0, 0, 4, 4))));
        assertThat(d.annotations()).hasSize(3).noneMatch(a -> a.id() == 1);
        List<ObjectAnnotation> end = new ArrayList<>(d.annotations());

        assertThat(h.undo(1)).isPresent();
        assertThat(h.undo(1)).isPresent();
        assertThat(h.undo(1)).isPresent();
        assertThat(h.undo(1)).isEmpty();
        assertThat(d.annotations()).containsExactlyElementsOf(start);
        h.redo(1);
        h.redo(1);
        h.redo(1);
        assertThat(h.canRedo(1)).isFalse();
        assertThat(d.annotations()).containsExactlyElementsOf(end);
    }

    @Test
    void historiesArePerImageAndBounded() {
        Dataset d = dataset();
        EditHistory h = new EditHistory(d, 2);
        ObjectAnnotation onTwo = d.annotations().get(1);
        h.perform(Edits.replace(onTwo, onTwo.withCategory(1), "Change class"));
        for (int i = 0; i < 5; i++) {
            ObjectAnnotation a = d.annotations().get(0);
            h.perform(Edits.replace(a, a.withBox(new CocoBox(i, 0, 10, 10)), "Move"));
        }
        // Image 1 keeps only its last two moves; image 2's edit is its own.
        assertThat(h.undo(1)).isPresent();
        assertThat(h.undo(1)).isPresent();
        assertThat(h.undo(1)).isEmpty();
        assertThat(d.annotations().get(0).bbox().x()).isEqualTo(2);
        assertThat(h.undo(2).orElseThrow().description()).isEqualTo("Change class");
        assertThat(d.annotations().get(1).categoryId()).isEqualTo(2);
    }

    @Test
    void aNewEditClearsRedoAndListenersHearEveryChange() {
        Dataset d = dataset();
        EditHistory h = new EditHistory(d, 10);
        List<String> heard = new ArrayList<>();
        h.addListener(e -> heard.add(e.description()));
        h.perform(Edits.add(new ObjectAnnotation(9, 1, 1, new CocoBox(0, 0, 4, 4))));
        h.undo(1);
        assertThat(h.canRedo(1)).isTrue();
        h.perform(Edits.add(new ObjectAnnotation(10, 1, 1, new CocoBox(0, 0, 4, 4))));
        assertThat(h.canRedo(1)).isFalse();
        assertThat(heard).containsExactly("Add box", "Add box", "Add box");
        assertThat(h.changes()).isEqualTo(3);
    }

    @Test
    void deletingAClassRemovesItsAnnotationsAndUndoPutsEverythingBackInPlace() {
        Dataset d = dataset();
        List<ObjectAnnotation> start = new ArrayList<>(d.annotations());
        List<Category> cats = new ArrayList<>(d.categories());
        EditHistory h = new EditHistory(d, 10);
        Category dog = d.categories().get(1);
        assertThat(Edits.annotationsOfCategory(d, dog.id())).isEqualTo(2);
        h.perform(Edits.deleteCategory(d, dog));
        assertThat(d.categories()).extracting(Category::name).containsExactly("duck");
        assertThat(d.annotations()).extracting(ObjectAnnotation::id).containsExactly(1L);
        h.undo(EditHistory.DATASET);
        assertThat(d.annotations()).containsExactlyElementsOf(start);
        assertThat(d.categories()).containsExactlyElementsOf(cats);
    }

    @Test
    void mergingMovesAnnotationsAndAnImageEditAfterwardsDropsTheStaleClassHistory() {
        Dataset d = dataset();
        EditHistory h = new EditHistory(d, 10);
        h.perform(Edits.mergeCategory(d, d.categories().get(1), d.categories().get(0)));
        assertThat(d.annotations()).allMatch(a -> a.categoryId() == 1);
        assertThat(d.categories()).hasSize(1);
        assertThat(h.canUndo(EditHistory.DATASET)).isTrue();
        ObjectAnnotation a = d.annotations().get(2);
        h.perform(Edits.replace(a, a.withBox(new CocoBox(0, 0, 1, 1)), "Resize box"));
        // Undoing the merge now would silently undo the resize too: that history is gone instead.
        assertThat(h.canUndo(EditHistory.DATASET)).isFalse();
        assertThat(h.canUndo(1)).isTrue();
    }

    @Test
    void deletingAClassWhoseAnnotationsAreAllOnOneImageIsStillAClassChange() {
        Dataset d = dataset();
        EditHistory h = new EditHistory(d, 10);
        Category duck = d.categories().get(0);
        Edit delete = Edits.deleteCategory(d, duck);
        assertThat(delete.images()).containsExactly(1L);
        h.perform(delete);
        assertThat(h.canUndo(1)).isFalse();
        assertThat(h.undo(EditHistory.DATASET)).isPresent();
        assertThat(d.categories()).contains(duck);
    }

    @Test
    void replaceMustKeepTheId() {
        ObjectAnnotation a = new ObjectAnnotation(1, 1, 1, new CocoBox(0, 0, 1, 1));
        assertThatThrownBy(() -> Edits.replace(a, new ObjectAnnotation(2, 1, 1, new CocoBox(0, 0, 1, 1)), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
