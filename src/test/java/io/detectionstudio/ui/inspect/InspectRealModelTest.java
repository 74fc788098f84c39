package io.detectionstudio.ui.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.core.eval.EvalDetection;
import io.detectionstudio.core.eval.ImageMatching;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.engine.training.Pretrained;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.ui.StudioViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelling loop with a real model: the shipped pretrained run (trained on the toy ducks) inspected on a copy of
 * the toy-duck sample whose last 10 images lost their labels; accepting its predictions on them gives back boxes
 * on the ducks that were labelled there.
 */
class InspectRealModelTest {

    private static final int UNLABELLED = 10;

    @Test
    void pretrainedRunLabelsTheUnlabelledDucks(@TempDir Path dir) throws Exception {
        Path run = Pretrained.defaultRun().orElse(null);
        Path sample = Path.of("sample-datasets/toy-ducks");
        Assumptions.assumeTrue(run != null && Files.isDirectory(sample), "no pretrained run or sample");
        copy(sample, dir);
        Dataset d = CocoJson.read(dir.resolve("annotations.coco.json")).dataset();
        List<ImageRecord> stripped = d.images().subList(d.images().size() - UNLABELLED, d.images().size());
        List<ObjectAnnotation> removed = new ArrayList<>();
        for (ImageRecord im : stripped) {
            removed.addAll(d.annotationsOf(im.id()));
        }
        d.annotations().removeAll(removed);
        CocoJson.write(d, dir.resolve("annotations.coco.json"));
        // images with no duck and no review flag are unlabelled too: not counted in the metrics
        long labelled = d.images().stream().filter(im -> !d.annotationsOf(im.id()).isEmpty()).count();

        StudioViewModel vm = new StudioViewModel(Runnable::run, Runnable::run);
        try {
            vm.open(dir);
            InspectViewModel model = new InspectViewModel(vm, Runnable::run, Detectors::open, q -> true);
            model.run(run);
            assertThat(vm.statusProperty().get()).startsWith("Ran toy-ducks on 40 images");
            System.out.println("Inspect: " + vm.statusProperty().get());
            assertThat(vm.predictions()).hasSize(40);

            InspectViewModel.Metrics m = model.metricsProperty().get();
            assertThat(m.images()).isEqualTo((int) labelled);
            System.out.printf(Locale.ROOT, "Inspect: AP %.3f, AP50 %.3f on the %d labelled images%n",
                    m.report().boxes().ap(), m.report().boxes().ap50(), m.images());
            assertThat(m.report().boxes().ap50()).isGreaterThan(0.8);

            int accepted = model.acceptAll();
            assertThat(accepted).isPositive();
            // every image without labels got the accepted boxes: the 10 stripped ones and those with no duck
            Dataset now = vm.datasetProperty().get();
            List<ImageRecord> unlabelled = d.images().stream().filter(im -> d.annotationsOf(im.id()).isEmpty()).toList();
            int found = 0;
            int total = 0;
            for (ImageRecord im : unlabelled) {
                List<EvalDetection> proposed = now.annotationsOf(im.id()).stream()
                        .map(a -> EvalDetection.ofBox(im.id(), a.categoryId(), a.bbox().toArray(), 1)).toList();
                total += proposed.size();
                found += ImageMatching.match(
                        removed.stream().filter(a -> a.imageId() == im.id()).map(ImageMarks::groundTruth).toList(),
                        proposed, 0.5).truePositives();
            }
            assertThat(total).isEqualTo(accepted);
            System.out.printf(Locale.ROOT, "Inspect: accepted %d boxes on %d unlabelled images; %d of them on the %d removed labels%n",
                    accepted, unlabelled.size(), found, removed.size());
            assertThat(found).isGreaterThanOrEqualTo((int) Math.ceil(0.8 * removed.size()));
            assertThat(found).isGreaterThanOrEqualTo((int) Math.ceil(0.8 * accepted));
        } finally {
            vm.close();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
