package io.detectionstudio.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.edit.Edits;
import io.detectionstudio.ui.ImageStatus;
import io.detectionstudio.ui.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser's filter, search, review flag and the way its list changes, without a window. */
class BrowserModelTest {

    @TempDir
    Path dir;
    private StudioViewModel vm;
    private BrowserModel model;

    @BeforeEach
    void open() throws Exception {
        // The image files do not exist: the view model only needs the records (and fails quietly to load pixels).
        Files.writeString(dir.resolve("annotations.coco.json"), """
                {"images": [
                  {"id": 1, "file_name": "beach_001.jpg", "width": 64, "height": 48},
                  {"id": 2, "file_name": "beach_002.jpg", "width": 64, "height": 48},
                  {"id": 3, "file_name": "Kitchen_001.jpg", "width": 64, "height": 48, "reviewed": true},
                  {"id": 4, "file_name": "kitchen_002.jpg", "width": 64, "height": 48},
                  {"id": 5, "file_name": "garden_001.jpg", "width": 64, "height": 48}],
                 "categories": [{"id": 1, "name": "duck"}],
                 "annotations": [{"id": 1, "image_id": 2, "category_id": 1, "bbox": [1, 2, 10, 10]},
                                 {"id": 2, "image_id": 3, "category_id": 1, "bbox": [1, 2, 10, 10]}]}""");
        vm = new StudioViewModel(Runnable::run, Runnable::run);
        model = new BrowserModel(vm);
        vm.open(dir);
        vm.predictions().put(4L, List.of(new DetectionsJson.Detection(4, 1, new CocoBox(1, 1, 5, 5), 0.9, null)));
    }

    @AfterEach
    void close() {
        vm.close();
    }

    @Test
    void eachFilterShowsTheImagesOfItsStatus() {
        assertThat(names()).containsExactly("beach_001.jpg", "beach_002.jpg", "Kitchen_001.jpg", "kitchen_002.jpg",
                "garden_001.jpg");
        assertThat(model.summaryProperty().get()).isEqualTo("5 images");

        model.filterProperty().set(BrowserModel.Filter.UNLABELLED);
        assertThat(names()).containsExactly("beach_001.jpg", "garden_001.jpg");
        assertThat(model.summaryProperty().get()).isEqualTo("2 of 5 images");
        model.filterProperty().set(BrowserModel.Filter.LABELLED);
        assertThat(names()).containsExactly("beach_002.jpg");
        model.filterProperty().set(BrowserModel.Filter.PREDICTED);
        assertThat(names()).containsExactly("kitchen_002.jpg");
        model.filterProperty().set(BrowserModel.Filter.REVIEWED);
        assertThat(names()).containsExactly("Kitchen_001.jpg");

        assertThat(model.count(ImageStatus.UNLABELLED)).isEqualTo(2);
        assertThat(model.count(ImageStatus.LABELLED)).isEqualTo(1);
        assertThat(model.count(ImageStatus.PREDICTED)).isEqualTo(1);
        assertThat(model.count(ImageStatus.REVIEWED)).isEqualTo(1);
    }

    @Test
    void searchMatchesEveryWordOfTheFileNameInAnyCase() {
        model.searchProperty().set("kitchen");
        assertThat(names()).containsExactly("Kitchen_001.jpg", "kitchen_002.jpg");
        model.searchProperty().set("  001 KITCHEN ");
        assertThat(names()).containsExactly("Kitchen_001.jpg");
        model.searchProperty().set("001");
        model.filterProperty().set(BrowserModel.Filter.UNLABELLED);
        assertThat(names()).containsExactly("beach_001.jpg", "garden_001.jpg");
        model.searchProperty().set("nothing like this");
        assertThat(model.visible()).isEmpty();
        assertThat(model.summaryProperty().get()).isEqualTo("0 of 5 images");
        model.searchProperty().set("");
        model.filterProperty().set(BrowserModel.Filter.ALL);
        assertThat(model.visible()).hasSize(5);
    }

    @Test
    void newPredictionsChangeTheStatusAndTheFilteredList() {
        vm.selectedProperty().set(vm.images().get(4)); // not predicted, so not kept in the list as the selection
        model.filterProperty().set(BrowserModel.Filter.PREDICTED);
        vm.predictions().put(1L, List.of(new DetectionsJson.Detection(1, 1, new CocoBox(1, 1, 5, 5), 0.8, null)));
        assertThat(names()).containsExactly("beach_001.jpg", "kitchen_002.jpg");
        vm.predictions().clear();
        assertThat(model.visible()).isEmpty();
    }

    @Test
    void markingReviewedIsOneUndoableEditKeptInTheImagesFields() {
        ImageRecord first = vm.images().get(0);
        long before = model.statusRevisionProperty().get();

        model.setReviewed(first, true);

        ImageRecord now = vm.images().get(0);
        assertThat(vm.statusOf(now)).isEqualTo(ImageStatus.REVIEWED);
        assertThat(now.extras()).containsEntry(StudioViewModel.REVIEWED, true);
        assertThat(vm.datasetProperty().get().images().get(0).extras()).containsEntry(StudioViewModel.REVIEWED, true);
        assertThat(model.statusRevisionProperty().get()).isGreaterThan(before);
        assertThat(model.count(ImageStatus.REVIEWED)).isEqualTo(2);

        assertThat(vm.undo(first.id())).isTrue();
        assertThat(vm.statusOf(vm.images().get(0))).isEqualTo(ImageStatus.UNLABELLED);
        assertThat(vm.images().get(0).extras()).doesNotContainKey(StudioViewModel.REVIEWED);

        // The toggle works on the selection, both ways; unmarking removes the field.
        vm.selectedProperty().set(vm.images().get(2));
        model.toggleReviewed();
        assertThat(vm.images().get(2).extras()).doesNotContainKey(StudioViewModel.REVIEWED);
        assertThat(vm.statusOf(vm.images().get(2))).isEqualTo(ImageStatus.LABELLED);
        model.toggleReviewed();
        assertThat(vm.statusOf(vm.images().get(2))).isEqualTo(ImageStatus.REVIEWED);
    }

    @Test
    void anEditKeepsTheSelectedImageListedUntilTheUserMovesOn() {
        model.filterProperty().set(BrowserModel.Filter.UNLABELLED);
        ImageRecord beach = vm.images().get(0);
        ImageRecord garden = vm.images().get(4);
        vm.selectedProperty().set(beach);

        label(beach);
        assertThat(vm.statusOf(beach)).isEqualTo(ImageStatus.LABELLED);
        assertThat(names()).containsExactly("beach_001.jpg", "garden_001.jpg");

        vm.selectedProperty().set(garden);
        label(garden);
        assertThat(names()).containsExactly("garden_001.jpg");

        // Changing the filter applies it strictly.
        model.filterProperty().set(BrowserModel.Filter.ALL);
        model.filterProperty().set(BrowserModel.Filter.UNLABELLED);
        assertThat(model.visible()).isEmpty();
    }

    @Test
    void editsChangeTheListByTheFewestChanges() {
        List<String> changes = new ArrayList<>();
        model.visible().addListener((ListChangeListener<ImageRecord>) c -> {
            while (c.next()) {
                changes.add(c.wasReplaced() ? "replace " + c.getFrom() : c.wasAdded() ? "add " + c.getFrom()
                        : c.wasRemoved() ? "remove " + c.getFrom() : "other");
            }
        });
        model.setReviewed(vm.images().get(3), true);
        assertThat(changes).containsExactly("replace 3");
        assertThat(model.visible().get(3).extras()).containsKey(StudioViewModel.REVIEWED);

        changes.clear();
        model.filterProperty().set(BrowserModel.Filter.REVIEWED);
        assertThat(changes).containsExactly("remove 0", "remove 0", "remove 2");
        assertThat(names()).containsExactly("Kitchen_001.jpg", "kitchen_002.jpg");
    }

    private void label(ImageRecord im) {
        long id = vm.datasetProperty().get().nextAnnotationId();
        vm.perform(Edits.add(new ObjectAnnotation(id, im.id(), 1, new CocoBox(1, 1, 5, 5))));
    }

    private List<String> names() {
        return model.visible().stream().map(ImageRecord::fileName).toList();
    }
}
