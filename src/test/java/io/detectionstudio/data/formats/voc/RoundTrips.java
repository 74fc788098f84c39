package io.detectionstudio.data.formats.voc;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Datasets for COCO -> format -> COCO round trips, and a way to compare their boxes. */
public final class RoundTrips {

    /** The real few-shot duck set, relative to the repository root (the tests' working folder). */
    public static final Path DUCKY = Path.of("../shared/datasets/ducky/train/annotations.coco.json");

    private RoundTrips() {
    }

    /**
     * A small dataset with real images under {@code dir/photos} (one in a subfolder, one without objects):
     * whole-image, one-pixel, edge and fractional boxes, in three categories whose names do not sort in id order.
     */
    public static Dataset smallDataset(Path dir) {
        Path photos = dir.resolve("photos").toAbsolutePath().normalize();
        TestImages.write(photos.resolve("a.jpg"), 640, 480);
        TestImages.write(photos.resolve("b.png"), 320, 240);
        TestImages.write(photos.resolve("more/c.jpg"), 200, 100);
        TestImages.write(photos.resolve("empty.jpg"), 64, 48);
        Dataset d = new Dataset(photos);
        d.images().add(new ImageRecord(1, "a.jpg", 640, 480));
        d.images().add(new ImageRecord(2, "b.png", 320, 240));
        d.images().add(new ImageRecord(3, "more/c.jpg", 200, 100));
        d.images().add(new ImageRecord(4, "empty.jpg", 64, 48));
        d.categories().add(new Category(1, "duck"));
        d.categories().add(new Category(2, "ball"));
        d.categories().add(new Category(3, "toy lemon"));
        d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(0, 0, 640, 480)));
        d.annotations().add(new ObjectAnnotation(2, 1, 2, new CocoBox(10, 20, 100, 50)));
        d.annotations().add(new ObjectAnnotation(3, 1, 1, new CocoBox(100.5, 200.25, 30.75, 40.125)));
        d.annotations().add(new ObjectAnnotation(4, 2, 3, new CocoBox(1, 1, 1, 1)));
        d.annotations().add(new ObjectAnnotation(5, 2, 1, new CocoBox(319, 0, 1, 240)));
        d.annotations().add(new ObjectAnnotation(6, 3, 2, new CocoBox(12.3, 45.6, 78.9, 10.1)));
        d.annotations().add(new ObjectAnnotation(7, 3, 1, new CocoBox(0, 50, 200, 50)));
        return d;
    }

    /** The duck set when it is there (else null: the caller skips). */
    public static Dataset ducky() throws DatasetException {
        if (!Files.isRegularFile(DUCKY)) {
            return null;
        }
        CocoJson.Result r = CocoJson.read(DUCKY);
        if (!r.problems().isEmpty()) {
            throw new AssertionError("the duck set has problems: " + r.problems());
        }
        return r.dataset();
    }

    /**
     * Per image (keyed by {@code key} of its resolved path): its size, then each object's category name and exact
     * box ({@link Double#toString} of each number), in order.
     */
    public static Map<String, List<String>> boxes(Dataset d, Function<Path, String> key) {
        Map<Long, List<ObjectAnnotation>> byImage = d.annotationsByImage();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ImageRecord im : d.images()) {
            List<String> lines = new ArrayList<>();
            lines.add(im.width() + "x" + im.height());
            for (ObjectAnnotation a : byImage.getOrDefault(im.id(), List.of())) {
                CocoBox b = a.bbox();
                lines.add(d.category(a.categoryId()).map(Category::name).orElse("?" + a.categoryId()) + " [" + b.x() + ", " + b.y()
                        + ", " + b.width() + ", " + b.height() + "]");
            }
            out.put(key.apply(d.resolve(im).toAbsolutePath().normalize()), lines);
        }
        return out;
    }

    /** Images keyed by their resolved path (for formats that reference the images in place). */
    public static String byPath(Path p) {
        return p.toString();
    }

    /** Images keyed by their file name (for formats that copy the images). */
    public static String byFileName(Path p) {
        return p.getFileName().toString();
    }
}
