package io.detectionstudio.data.formats.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.formats.DatasetFormat.ReadResult;
import io.detectionstudio.data.formats.voc.GoldenCases;
import io.detectionstudio.data.formats.voc.RoundTrips;
import io.detectionstudio.data.formats.voc.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ultralytics YOLO: golden read and write cases in {@code src/test/resources/io/detectionstudio/data/formats/yolo/}
 * (see {@link GoldenCases}), COCO -> YOLO -> COCO round trips (boxes and keypoints exact to the 6 decimals the
 * reader rounds pixels to, which covers every value these datasets have), pose, recognizing, and all-or-nothing
 * writes.
 */
class YoloFormatTest {

    @TempDir
    static Path work;

    private final YoloFormat yolo = new YoloFormat();

    @TestFactory
    Stream<DynamicTest> goldenReads() {
        return GoldenCases.readTests(YoloFormatTest.class, yolo, work);
    }

    @TestFactory
    Stream<DynamicTest> goldenWrites() {
        return GoldenCases.writeTests(YoloFormatTest.class, yolo, work);
    }

    @Test
    void cocoToYoloToCocoKeepsEveryBoxExactly(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        yolo.write(d, dir.resolve("out"));
        ReadResult back = yolo.read(dir.resolve("out"));

        assertThat(back.problems()).isEmpty();
        assertThat(RoundTrips.boxes(back.dataset(), RoundTrips::byFileName)).isEqualTo(RoundTrips.boxes(d, RoundTrips::byFileName));
        // category ids 1..N are class indices 0..N-1 and come back as they were
        assertThat(back.dataset().categories()).isEqualTo(d.categories());
        assertThat(back.dataset().annotations()).extracting(ObjectAnnotation::categoryId)
                .containsExactlyElementsOf(d.annotations().stream().map(ObjectAnnotation::categoryId).toList());
        assertThat(back.dataset().images()).extracting(ImageRecord::fileName)
                .containsExactly("images/train/a.jpg", "images/train/b.png", "images/train/c.jpg", "images/train/empty.jpg");
        assertThat(Files.readString(dir.resolve("out/labels/train/empty.txt"))).isEmpty();
    }

    @Test
    void yoloToCocoToYoloGivesTheSameFiles(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        yolo.write(d, dir.resolve("first"));
        Dataset read = yolo.read(dir.resolve("first")).dataset();
        yolo.write(read, dir.resolve("second"));

        assertThat(GoldenCases.dump(dir.resolve("second"))).isEqualTo(GoldenCases.dump(dir.resolve("first")));
    }

    /** The real duck photos (boxes with one decimal): exact, since the reader rounds pixels to 6 decimals. */
    @Test
    void duckySetRoundTripsExactly(@TempDir Path dir) throws Exception {
        Dataset ducky = RoundTrips.ducky();
        Assumptions.assumeTrue(ducky != null, "no ../shared/datasets/ducky");
        yolo.write(ducky, dir.resolve("ducky-yolo"));
        ReadResult back = yolo.read(dir.resolve("ducky-yolo/data.yaml"));

        assertThat(back.problems()).isEmpty();
        assertThat(back.dataset().annotations()).hasSize(ducky.annotations().size());
        assertThat(RoundTrips.boxes(back.dataset(), RoundTrips::byFileName)).isEqualTo(RoundTrips.boxes(ducky, RoundTrips::byFileName));
        // 504.1 + 103.2 / 2 = 555.7 of 853 pixels
        assertThat(Files.readString(dir.resolve("ducky-yolo/labels/train/robertducky1.txt")))
                .startsWith("0 " + YoloWriter.format(555.7 / 853) + " ");
    }

    @Test
    void poseRoundTripKeepsKeypointsNamesAndFlipPairs(@TempDir Path dir) throws Exception {
        Path photos = dir.resolve("photos");
        TestImages.write(photos.resolve("f1.jpg"), 640, 480);
        TestImages.write(photos.resolve("f2.png"), 333, 251);
        Dataset d = new Dataset(photos.toAbsolutePath());
        d.images().add(new ImageRecord(1, "f1.jpg", 640, 480));
        d.images().add(new ImageRecord(2, "f2.png", 333, 251, Map.of("split", "val")));
        KeypointSchema schema = new KeypointSchema(List.of("left_ear", "right_ear", "nose", "left_foot", "right_foot"),
                List.of(new KeypointSchema.Edge(0, 2), new KeypointSchema.Edge(1, 2)),
                List.of(new KeypointSchema.Edge(0, 1), new KeypointSchema.Edge(3, 4)));
        d.categories().add(new Category(1, "figure", null, schema, Map.of()));
        d.categories().add(new Category(2, "ball"));
        double[] kp1 = {300, 100, 2, 340, 100, 2, 320.5, 120.25, 1, 0, 0, 0, 350, 300, 2};
        double[] kp2 = {10.1, 20.2, 2, 30.3, 20.2, 2, 20.7, 30.3, 2, 12.5, 200, 1, 28.5, 200, 2};
        d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(280, 90, 100, 220), null, false, false, kp1, List.of(), null,
                Map.of()));
        d.annotations().add(new ObjectAnnotation(2, 1, 2, new CocoBox(0, 400, 80, 80)));
        d.annotations().add(new ObjectAnnotation(3, 2, 1, new CocoBox(5.5, 10.25, 40, 230.5), null, false, false, kp2, List.of(),
                null, Map.of()));
        yolo.write(d, dir.resolve("pose"));

        String yaml = Files.readString(dir.resolve("pose/data.yaml"));
        assertThat(yaml).contains("kpt_shape: [5, 3]\n", "flip_idx: [1, 0, 2, 4, 3]\n",
                "kpt_names:\n  0:\n    - left_ear\n    - right_ear\n    - nose\n    - left_foot\n    - right_foot\n");
        assertThat(Files.readString(dir.resolve("pose/labels/train/f1.txt")).lines().toList().get(1))
                .isEqualTo("1 0.0625 0.916666666667 0.125 0.166666666667 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");

        ReadResult back = yolo.read(dir.resolve("pose"));
        assertThat(back.problems()).isEmpty();
        Category figure = back.dataset().category(1).orElseThrow();
        assertThat(figure.keypoints().names()).isEqualTo(schema.names());
        assertThat(figure.keypoints().flipPairs()).isEqualTo(schema.flipPairs());
        assertThat(figure.keypoints().skeleton()).as("YOLO has no skeleton").isEmpty();
        assertThat(back.dataset().category(2).orElseThrow().hasKeypoints()).isFalse();
        List<ObjectAnnotation> a = back.dataset().annotations();
        assertThat(a.get(0).keypoints()).containsExactly(kp1);
        assertThat(a.get(1).keypoints()).isNull();
        assertThat(a.get(2).keypoints()).containsExactly(kp2);
        assertThat(RoundTrips.boxes(back.dataset(), RoundTrips::byFileName)).isEqualTo(RoundTrips.boxes(d, RoundTrips::byFileName));
        assertThat(back.dataset().images()).extracting(im -> im.extras().get("split")).containsExactly("train", "val");
    }

    @Test
    void imagesAreHardLinkedWhereTheFileSystemAllows(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        yolo.write(d, dir.resolve("out"));
        Path source = dir.resolve("photos/more/c.jpg");
        Path written = dir.resolve("out/images/train/c.jpg");

        assertThat(Files.mismatch(source, written)).isEqualTo(-1L);
        Object links = Files.getAttribute(source, "unix:nlink");
        Assumptions.assumeTrue(links instanceof Integer, "no link counts on this file system");
        assertThat(Files.isSameFile(source, written)).isTrue();
        assertThat((Integer) links).isEqualTo(2);
    }

    @Test
    void aFailedWriteLeavesNothingBehindNotEvenTheFoldersItMade(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        // the third image's box lies outside it: found after two images were linked
        d.annotations().set(5, d.annotations().get(5).withBox(new CocoBox(250, 0, 10, 10)));
        String before = GoldenCases.listing(dir);
        Path out = dir.resolve("new/deeper/out");

        assertThatThrownBy(() -> yolo.write(d, out)).isInstanceOf(DatasetException.class).hasMessage(out
                + ": annotation 6 (image more/c.jpg): the box [250, 0, 10, 10] does not fit YOLO's normalized range (cx would be 1.275)"
                + " (nothing was written)");
        assertThat(GoldenCases.listing(dir)).isEqualTo(before);
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void recognizesDataYamlFilesAndFolders(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("ds"));
        Files.writeString(dir.resolve("ds/data.yaml"), "names: [a]\n");
        Files.writeString(dir.resolve("coco8.yaml"), "# comment\npath: x\ntrain: images/train\n");
        Files.writeString(dir.resolve("other.yaml"), "model: yolov8n.pt\nepochs: 3\n");
        Files.writeString(dir.resolve("names.txt"), "names: [a]\n");

        assertThat(yolo.recognizes(dir.resolve("ds"))).isTrue();
        assertThat(yolo.recognizes(dir.resolve("ds/data.yaml"))).isTrue();
        assertThat(yolo.recognizes(dir.resolve("coco8.yaml"))).isTrue();
        assertThat(yolo.recognizes(dir.resolve("other.yaml"))).isFalse();
        assertThat(yolo.recognizes(dir.resolve("names.txt"))).isFalse();
        assertThat(yolo.recognizes(dir)).isFalse();
    }

    @Test
    void recognizesOutputsByName() {
        assertThat(yolo.recognizesOutput(Path.of("out/ducks-yolo"))).isTrue();
        assertThat(yolo.recognizesOutput(Path.of("yolov8_data"))).isTrue();
        assertThat(yolo.recognizesOutput(Path.of("out/ducks"))).isFalse();
        assertThat(yolo.recognizesOutput(Path.of("out/ducks.json"))).isFalse();
    }

    @Test
    void labelsAreFoundByUltralyticsRule() {
        assertThat(YoloReader.labelFor(Path.of("/d/images/train/a.b.jpg"))).isEqualTo(Path.of("/d/labels/train/a.b.txt"));
        assertThat(YoloReader.labelFor(Path.of("/images/x/images/train/a.jpg"))).isEqualTo(Path.of("/images/x/labels/train/a.txt"));
        assertThat(YoloReader.labelFor(Path.of("/d/pics/a.png"))).isEqualTo(Path.of("/d/pics/a.txt"));
    }

    @Test
    void normalizedValuesAreWrittenPlainWithTwelveDecimalsAtMost() {
        assertThat(YoloWriter.format(0.5)).isEqualTo("0.5");
        assertThat(YoloWriter.format(1)).isEqualTo("1");
        assertThat(YoloWriter.format(0)).isEqualTo("0");
        assertThat(YoloWriter.format(1e-7)).isEqualTo("0.0000001");
        assertThat(YoloWriter.format(2.0 / 3)).isEqualTo("0.666666666667");
    }
}
