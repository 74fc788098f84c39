package io.detectionstudio.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Meaning checks without image files (image-file checks are covered by the command-line tests). */
class DatasetValidatorTest {

    private static final KeypointSchema FIGURE = new KeypointSchema(List.of("head", "left_hand", "right_hand"),
            List.of(new KeypointSchema.Edge(0, 1), new KeypointSchema.Edge(0, 2)), List.of(new KeypointSchema.Edge(1, 2)));

    private static Dataset dataset() {
        Dataset d = new Dataset(Path.of("/data"));
        d.images().add(new ImageRecord(1, "a.jpg", 100, 80));
        d.categories().add(new Category(1, "duck"));
        d.categories().add(new Category(2, "figure", null, FIGURE, Map.of()));
        return d;
    }

    private static ObjectAnnotation withKeypoints(long id, int category, double... kp) {
        return new ObjectAnnotation(id, 1, category, new CocoBox(10, 10, 50, 50), null, false, false, kp, List.of(), null, Map.of());
    }

    private static List<String> problems(Dataset d) {
        return DatasetValidator.validate(d, "d.json", DatasetValidator.ImageCheck.NONE).stream().map(Problem::toString).toList();
    }

    @Test
    void aGoodDatasetHasNoProblems() {
        Dataset d = dataset();
        d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(0, 0, 100, 80)));
        d.annotations().add(new ObjectAnnotation(2, 1, 1, new CocoBox(-0.4, 0, 100.4, 80))); // within the 0.5 px tolerance
        d.annotations().add(withKeypoints(3, 2, 20, 20, 2, 15, 30, 1, 0, 0, 0));
        assertThat(problems(d)).isEmpty();
    }

    @Test
    void idsAndReferences() {
        Dataset d = dataset();
        d.images().add(new ImageRecord(1, "a.jpg", 0, 80));
        d.categories().add(new Category(2, "duck"));
        d.annotations().add(new ObjectAnnotation(5, 9, 1, new CocoBox(1, 1, 5, 5)));
        d.annotations().add(new ObjectAnnotation(5, 1, 3, new CocoBox(1, 1, 0, 5)));
        assertThat(problems(d)).containsExactly(
                "d.json: images[1] (id 1): image id 1 is used twice",
                "d.json: images[1] (id 1): file_name a.jpg is listed twice",
                "d.json: images[1] (id 1): size 0x80 is not positive",
                "d.json: categories[2] (id 2): category id 2 is used twice",
                "d.json: categories[2] (id 2): name \"duck\" is used by two categories",
                "d.json: annotations[0] (id 5): image_id 9 is not an image of this dataset",
                "d.json: annotations[1] (id 5): annotation id 5 is used twice",
                "d.json: annotations[1] (id 5): category_id 3 is not a category of this dataset",
                "d.json: annotations[1] (id 5): bbox [1, 1, 0, 5] has no area (width and height must be > 0)");
    }

    @Test
    void boxesOutsideTheImage() {
        Dataset d = dataset();
        d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(60, 10, 41, 10)));  // right edge 101 > 100.5
        d.annotations().add(new ObjectAnnotation(2, 1, 1, new CocoBox(10, -1, 10, 10)));  // top -1 < -0.5
        assertThat(problems(d)).containsExactly(
                "d.json: annotations[0] (id 1): bbox [60, 10, 41, 10] lies outside its image a.jpg (100x80)",
                "d.json: annotations[1] (id 2): bbox [10, -1, 10, 10] lies outside its image a.jpg (100x80)");
    }

    @Test
    void keypointsMustFitTheirCategory() {
        Dataset d = dataset();
        d.annotations().add(withKeypoints(1, 1, 20, 20, 2));               // duck has no keypoints
        d.annotations().add(withKeypoints(2, 2, 20, 20, 2, 15, 30, 1));    // 2 of 3
        d.annotations().add(withKeypoints(3, 2, 20, 20, 2, 150, 30, 2, 0, 0, 0)); // left_hand outside
        assertThat(problems(d)).containsExactly(
                "d.json: annotations[0] (id 1): has keypoints but category \"duck\" defines none",
                "d.json: annotations[1] (id 2): has 2 keypoints, category \"figure\" defines 3",
                "d.json: annotations[2] (id 3): keypoint left_hand (150, 30) lies outside its image a.jpg");
    }
}
