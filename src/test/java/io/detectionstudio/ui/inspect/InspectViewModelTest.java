package io.detectionstudio.ui.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.edit.EditHistory;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.ui.ImageStatus;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.ui.inspect.InspectViewModel.ImageRow;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Inspect view model without a window: a fake detector over a small dataset (two labelled images, one reviewed
 * as empty, two unlabelled, one broken file), everything on the caller's thread.
 */
class InspectViewModelTest {

    @TempDir
    Path dir;

    private StudioViewModel vm;
    private InspectViewModel model;
    private final List<String> questions = new ArrayList<>();
    private boolean answer = true;
    private InspectViewModel.DetectorOpener opener;
    private final List<FakeDetector> opened = new ArrayList<>();

    /** Returns fixed detections chosen by the image's width (each test image has its own width). */
    static final class FakeDetector implements Detector {
        boolean closed;
        Map<Integer, String> names;
        Runnable onDetect = () -> { };

        @Override
        public List<Detection> detect(BufferedImage image) {
            onDetect.run();
            int w = image.getWidth();
            int h = image.getHeight();
            return switch (w) {
                case 101 -> List.of(det(10, 10, 30, 30, 0.9, w, h), det(60, 40, 20, 20, 0.8, w, h), det(70, 5, 10, 10, 0.1, w, h));
                case 102 -> List.of(det(10, 10, 20, 20, 0.95, w, h));
                case 103 -> List.of(det(5, 5, 20, 20, 0.9, w, h), det(40, 40, 20, 20, 0.5, w, h), det(70, 10, 10, 10, 0.2, w, h));
                case 104 -> List.of(det(30, 30, 20, 20, 0.7, w, h));
                case 105 -> List.of(det(10, 10, 20, 20, 0.6, w, h));
                default -> List.of();
            };
        }

        private static Detection det(double x, double y, double bw, double bh, double score, int w, int h) {
            return new Detection(Box.fromCocoPixels(x, y, bw, bh, w, h), 1, score);
        }

        @Override
        public Map<Integer, String> categoryNames() {
            return Map.of(1, "duck");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @BeforeEach
    void openDataset() throws IOException {
        for (int i = 1; i <= 5; i++) {
            ImageIO.write(new BufferedImage(100 + i, 80, BufferedImage.TYPE_INT_RGB), "png",
                    dir.resolve((char) ('a' + i - 1) + ".png").toFile());
        }
        Files.write(dir.resolve("f.png"), new byte[] {1, 2, 3, 4, 5});
        Files.writeString(dir.resolve("annotations.coco.json"), """
                {"images": [
                   {"id": 1, "file_name": "a.png", "width": 101, "height": 80},
                   {"id": 2, "file_name": "b.png", "width": 102, "height": 80},
                   {"id": 3, "file_name": "c.png", "width": 103, "height": 80},
                   {"id": 4, "file_name": "d.png", "width": 104, "height": 80},
                   {"id": 5, "file_name": "e.png", "width": 105, "height": 80, "reviewed": true},
                   {"id": 6, "file_name": "f.png", "width": 106, "height": 80}],
                 "categories": [{"id": 1, "name": "duck"}],
                 "annotations": [
                   {"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 30, 30]},
                   {"id": 2, "image_id": 2, "category_id": 1, "bbox": [10, 10, 20, 20]},
                   {"id": 3, "image_id": 2, "category_id": 1, "bbox": [50, 10, 20, 20]},
                   {"id": 4, "image_id": 2, "category_id": 1, "bbox": [10, 50, 20, 20]}]}""");
        vm = new StudioViewModel(Runnable::run, Runnable::run);
        vm.open(dir);
        assertThat(vm.images()).hasSize(6);
        opener = (path, names) -> {
            FakeDetector f = new FakeDetector();
            f.names = names;
            opened.add(f);
            return f;
        };
        model = new InspectViewModel(vm, Runnable::run, (p, n) -> opener.open(p, n), q -> {
            questions.add(q);
            return answer;
        });
    }

    @AfterEach
    void close() {
        vm.close();
    }

    private Dataset dataset() {
        return vm.datasetProperty().get();
    }

    private ImageRecord image(long id) {
        return dataset().image(id).orElseThrow();
    }

    private ImageRow row(long id) {
        return model.rows().stream().filter(r -> r.image().id() == id).findFirst().orElseThrow();
    }

    private void runModel() {
        model.run(dir.resolve("fake-run"));
    }

    @Test
    void runsTheModelOverEveryImageAndClosesIt() {
        List<Double> progress = new ArrayList<>();
        model.progressProperty().addListener((o, a, b) -> progress.add(b.doubleValue()));
        runModel();
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).closed).isTrue();
        assertThat(opened.get(0).names).containsEntry(1, "duck");
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(progress).contains(1.0);
        // every readable image has an entry (low scores kept), the broken one none
        assertThat(vm.predictions().keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(vm.predictions().get(1L)).hasSize(3);
        assertThat(vm.statusProperty().get()).contains("Ran fake-run on 5 images").contains("1 image(s) could not be read")
                .contains("f.png").doesNotContain("\n");
        assertThat(vm.statusOf(image(3))).isEqualTo(ImageStatus.PREDICTED);
    }

    @Test
    void countsTruePositivesFalsePositivesAndMissesOnLabelledImagesOnly() {
        runModel();
        ImageRow a = row(1);
        assertThat(a.evaluated()).isTrue();
        assertThat(List.of(a.predictions(), a.truePositives(), a.falsePositives(), a.misses())).containsExactly(2, 1, 1, 0);
        ImageRow b = row(2);
        assertThat(List.of(b.predictions(), b.truePositives(), b.falsePositives(), b.misses())).containsExactly(1, 1, 0, 2);
        // reviewed with nothing on it: a prediction there is a false positive
        ImageRow e = row(5);
        assertThat(List.of(e.evaluated(), e.falsePositives())).containsExactly(true, 1);
        // unlabelled: predictions counted, never judged
        ImageRow c = row(3);
        assertThat(c.evaluated()).isFalse();
        assertThat(List.of(c.predictions(), c.truePositives(), c.falsePositives(), c.misses(), c.errors()))
                .containsExactly(2, 0, 0, 0, 0);
        assertThat(row(6).predictions()).isZero();
        assertThat(c.status()).isEqualTo(ImageStatus.PREDICTED);
        assertThat(row(1).status()).isEqualTo(ImageStatus.LABELLED);
        assertThat(row(5).status()).isEqualTo(ImageStatus.REVIEWED);

        // the score moves the counts: at 0.05 the 0.1 prediction on a.png is another false positive
        model.minScoreProperty().set(0.05);
        assertThat(row(1).falsePositives()).isEqualTo(2);
        assertThat(row(3).predictions()).isEqualTo(3);
        model.minScoreProperty().set(0.92);
        assertThat(List.of(row(1).truePositives(), row(1).misses())).containsExactly(0, 1);
        // nothing shown on c.png at this score: it is just unlabelled
        assertThat(row(3).status()).isEqualTo(ImageStatus.UNLABELLED);
    }

    @Test
    void marksTheSelectedImage() {
        runModel();
        vm.selectedProperty().set(image(2));
        ImageMarks m = model.selectedMarksProperty().get();
        assertThat(m.evaluated()).isTrue();
        assertThat(m.detections()).extracting(ImageMarks.Mark::verdict).containsExactly(ImageMarks.Verdict.TRUE_POSITIVE);
        assertThat(m.missed()).extracting(ObjectAnnotation::id).containsExactly(3L, 4L);
        vm.selectedProperty().set(image(3));
        assertThat(model.selectedMarksProperty().get().detections()).extracting(ImageMarks.Mark::verdict)
                .containsOnly(ImageMarks.Verdict.UNCHECKED).hasSize(2);
    }

    @Test
    void sortsByErrorsMostFirst() {
        runModel();
        // b.png: 2 misses; a.png and e.png: 1 false positive each (by name); then the rest
        assertThat(model.rows()).extracting(r -> r.image().fileName()).startsWith("b.png", "a.png", "e.png");
        assertThat(model.rows()).extracting(ImageRow::errors).isSortedAccordingTo((x, y) -> Integer.compare(y, x));
        model.minScoreProperty().set(0.05);
        assertThat(model.rows().get(0).image().fileName()).isIn("a.png", "b.png");
        assertThat(model.rows()).extracting(ImageRow::errors).startsWith(2, 2, 1);
    }

    @Test
    void metricsUseOnlyLabelledImagesSoUnlabelledOnesMakeNoFalsePositives() {
        runModel();
        InspectViewModel.Metrics m = model.metricsProperty().get();
        assertThat(m).isNotNull();
        // a.png, b.png and the reviewed e.png; the predictions on c.png and d.png are not counted
        assertThat(m.images()).isEqualTo(3);
        assertThat(m.detections()).isEqualTo(5);
        // by score: 0.95 TP, 0.9 TP, 0.8 FP, 0.6 FP, 0.1 FP over 4 objects: precision 1 up to recall 0.5, then 0
        assertThat(m.report().boxes().ap50()).isCloseTo(51 / 101.0, within(1e-12));
        assertThat(m.report().boxes().prCurves().get(1).precision()[50]).isEqualTo(1.0);
        assertThat(m.report().boxes().prCurves().get(1).precision()[51]).isZero();
        // the score slider does not change the metrics (they use every score)
        model.minScoreProperty().set(0.9);
        assertThat(model.metricsProperty().get().report().boxes().ap50()).isCloseTo(51 / 101.0, within(1e-12));
    }

    @Test
    void acceptingOneImageMakesEditableAnnotationsThatUndoRemoves() {
        runModel();
        vm.selectedProperty().set(image(3));
        int before = dataset().annotations().size();
        assertThat(model.acceptSelected()).isEqualTo(2);
        List<ObjectAnnotation> added = dataset().annotationsOf(3);
        assertThat(added).hasSize(2);
        assertThat(added.get(0).bbox().x()).isCloseTo(5, within(1e-9));
        assertThat(added.get(1).bbox().width()).isCloseTo(20, within(1e-9));
        assertThat(added).extracting(ObjectAnnotation::id).doesNotHaveDuplicates()
                .allMatch(id -> id > 4);
        assertThat(vm.predictions()).doesNotContainKey(3L);
        assertThat(vm.statusOf(image(3))).isEqualTo(ImageStatus.LABELLED);
        assertThat(model.lastAcceptScope()).isEqualTo(3L);
        assertThat(model.canUndoAcceptProperty().get()).isTrue();

        assertThat(vm.undo(3)).isTrue();
        assertThat(dataset().annotations()).hasSize(before);
        assertThat(vm.predictions().get(3L)).hasSize(3);
        assertThat(row(3).predictions()).isEqualTo(2);
        assertThat(model.canUndoAcceptProperty().get()).isFalse();
        assertThat(vm.redo(3)).isTrue();
        assertThat(dataset().annotationsOf(3)).hasSize(2);
        assertThat(vm.predictions()).doesNotContainKey(3L);
    }

    @Test
    void acceptingOnALabelledImageNeverDuplicatesABox() {
        runModel();
        vm.selectedProperty().set(image(1));
        // 0.9 lies on the labelled duck: left out; 0.8 is new
        assertThat(model.acceptSelected()).isEqualTo(1);
        assertThat(dataset().annotationsOf(1)).hasSize(2);
        assertThat(dataset().annotationsOf(1).get(1).bbox().x()).isCloseTo(60, within(1e-9));
        assertThat(vm.statusProperty().get()).contains("already labelled left out");
        assertThat(vm.undo(1)).isTrue();
        assertThat(dataset().annotationsOf(1)).hasSize(1);
    }

    @Test
    void acceptingAllAsksWithTheCountAndLeavesLabelledImagesAlone() {
        runModel();
        int before = dataset().annotations().size();
        answer = false;
        assertThat(model.acceptAll()).isZero();
        assertThat(questions).hasSize(1);
        assertThat(questions.get(0)).contains("3 predictions on 2 unlabelled images");
        assertThat(dataset().annotations()).hasSize(before);

        answer = true;
        assertThat(model.acceptAll()).isEqualTo(3);
        assertThat(dataset().annotationsOf(3)).hasSize(2);
        assertThat(dataset().annotationsOf(4)).hasSize(1);
        assertThat(dataset().annotationsOf(1)).hasSize(1);
        assertThat(dataset().annotationsOf(2)).hasSize(3);
        assertThat(dataset().annotationsOf(5)).isEmpty();
        assertThat(vm.predictions().keySet()).containsExactlyInAnyOrder(1L, 2L, 5L);
        assertThat(model.lastAcceptScope()).isEqualTo(EditHistory.DATASET);
        // labelled now, the accepted images are not judged against themselves: metrics unchanged
        assertThat(model.metricsProperty().get().images()).isEqualTo(3);

        // a second accept-all finds nothing left to do
        assertThat(model.acceptAll()).isZero();

        assertThat(vm.undo(EditHistory.DATASET)).isTrue();
        assertThat(dataset().annotations()).hasSize(before);
        assertThat(vm.predictions().keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aBrokenModelLeavesAOneLineMessageAndThePanelUsable() {
        runModel();
        var before = Map.copyOf(vm.predictions());
        opener = (path, names) -> {
            throw new ModelException(path + ": not a model: expected a training run folder (pipeline.config and checkpoint/)\nmore");
        };
        model.run(dir.resolve("broken-run"));
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).startsWith("Cannot run broken-run: ").contains("not a model")
                .doesNotContain("\n");
        assertThat(vm.predictions()).isEqualTo(before);

        // a detector that fails on an image: the same, and it is closed
        FakeDetector failing = new FakeDetector();
        failing.onDetect = () -> {
            throw new IllegalStateException("native error");
        };
        opener = (path, names) -> failing;
        runModel();
        assertThat(failing.closed).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Cannot run fake-run: native error");

        opener = (path, names) -> new FakeDetector();
        runModel();
        assertThat(vm.statusProperty().get()).startsWith("Ran fake-run");
    }

    @Test
    void stoppingKeepsThePredictionsAsTheyWere() {
        FakeDetector stopping = new FakeDetector();
        stopping.onDetect = model::stop;
        opener = (path, names) -> stopping;
        runModel();
        assertThat(stopping.closed).isTrue();
        assertThat(vm.predictions()).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("Stopped");
        assertThat(model.runningProperty().get()).isFalse();
    }

    @Test
    void aBadImageGivesAPlaceholderMessage() {
        vm.selectedProperty().set(image(6));
        assertThat(model.imageProperty().get()).isNull();
        assertThat(model.imageProblemProperty().get()).contains("f.png");
        vm.selectedProperty().set(image(1));
        assertThat(model.imageProblemProperty().get()).isNull();
        assertThat(model.imageProperty().get().getWidth()).isEqualTo(101);
    }

    @Test
    void whileHiddenNothingIsDecodedOrRecomputedAndItCatchesUpWhenShown() {
        model.activeProperty().set(false);
        runModel();
        vm.selectedProperty().set(image(2));
        assertThat(model.rows()).allMatch(r -> r.predictions() == 0);
        assertThat(model.imageProperty().get().getWidth()).isEqualTo(101);
        model.activeProperty().set(true);
        assertThat(row(2).misses()).isEqualTo(2);
        assertThat(model.metricsProperty().get()).isNotNull();
        assertThat(model.imageProperty().get().getWidth()).isEqualTo(102);
    }

    @Test
    void anAcceptedPredictionIsClippedToItsImageAndKeepsItsKeypoints() {
        Dataset d = new Dataset(dir);
        d.categories().add(new io.detectionstudio.data.Category(7, "figure", null, new io.detectionstudio.data.KeypointSchema(
                List.of("nose", "foot"), List.of(new io.detectionstudio.data.KeypointSchema.Edge(0, 1)), List.of()), Map.of()));
        ImageRecord im = new ImageRecord(3, "x.png", 100, 80);
        io.detectionstudio.data.DetectionsJson.Detection p = new io.detectionstudio.data.DetectionsJson.Detection(3, 7,
                new io.detectionstudio.data.CocoBox(-5, 60, 50, 30), 0.9, new double[] {20, 70, 2, 120, 70, 2});
        ObjectAnnotation a = InspectViewModel.annotation(11, p, d, im);
        assertThat(a.bbox()).isEqualTo(new io.detectionstudio.data.CocoBox(0, 60, 45, 20));
        assertThat(a.categoryId()).isEqualTo(7);
        // the foot lies outside the image: unlabelled
        assertThat(a.keypoints()).containsExactly(20, 70, 2, 0, 0, 0);
        // a keypoint count that does not fit the class: a box only
        io.detectionstudio.data.DetectionsJson.Detection odd = new io.detectionstudio.data.DetectionsJson.Detection(3, 7,
                new io.detectionstudio.data.CocoBox(5, 5, 10, 10), 0.9, new double[] {20, 70, 2});
        assertThat(InspectViewModel.annotation(12, odd, d, im).keypoints()).isNull();
    }

    @Test
    void withoutLabelledImagesThereAreNoMetricsButAReason() {
        runModel();
        vm.selectedProperty().set(image(1));
        // take the labels away: every annotation deleted, the reviewed flag too
        for (ObjectAnnotation a : List.copyOf(dataset().annotations())) {
            vm.perform(io.detectionstudio.data.edit.Edits.remove(a));
        }
        ImageRecord e = image(5);
        vm.perform(io.detectionstudio.data.edit.Edits.replaceImage(e, new ImageRecord(5, "e.png", 105, 80), "Unreview"));
        assertThat(model.metricsProperty().get()).isNull();
        assertThat(model.metricsNoteProperty().get()).contains("label a few images");
        assertThat(model.rows()).noneMatch(ImageRow::evaluated);
    }
}
