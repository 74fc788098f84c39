package io.detectionstudio.data.formats.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.formats.DatasetFormat.ReadResult;
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
 * Pascal VOC: golden read and write cases in {@code src/test/resources/io/detectionstudio/data/formats/voc/}
 * (see {@link GoldenCases}), exact COCO -> VOC -> COCO round trips, recognizing, and all-or-nothing writes.
 */
class VocFormatTest {

    @TempDir
    static Path work;

    private final VocFormat voc = new VocFormat();

    @TestFactory
    Stream<DynamicTest> goldenReads() {
        return GoldenCases.readTests(VocFormatTest.class, voc, work);
    }

    @TestFactory
    Stream<DynamicTest> goldenWrites() {
        return GoldenCases.writeTests(VocFormatTest.class, voc, work);
    }

    @Test
    void cocoToVocToCocoKeepsEveryBoxExactly(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        voc.write(d, dir.resolve("out"));
        ReadResult back = voc.read(dir.resolve("out"));

        assertThat(back.problems()).isEmpty();
        assertThat(RoundTrips.boxes(back.dataset(), RoundTrips::byPath)).isEqualTo(RoundTrips.boxes(d, RoundTrips::byPath));
        // without a category list, names sorted and numbered from 1
        assertThat(back.dataset().categories()).containsExactly(new Category(1, "ball"), new Category(2, "duck"),
                new Category(3, "toy lemon"));
        assertThat(back.dataset().images()).extracting(im -> im.fileName())
                .containsExactly("../photos/a.jpg", "../photos/b.png", "../photos/more/c.jpg", "../photos/empty.jpg");
    }

    @Test
    void aGivenCategoryListKeepsTheIds(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        voc.write(d, dir.resolve("out"));
        ReadResult back = new VocFormat(d.categories()).read(dir.resolve("out"));

        assertThat(back.problems()).isEmpty();
        assertThat(back.dataset().categories()).isEqualTo(d.categories());
        assertThat(back.dataset().annotations()).extracting(ObjectAnnotation::categoryId, ObjectAnnotation::bbox)
                .isEqualTo(d.annotations().stream().map(a -> org.assertj.core.groups.Tuple.tuple(a.categoryId(), a.bbox())).toList());
    }

    @Test
    void aNameOutsideTheGivenListIsAProblem(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        voc.write(d, dir.resolve("out"));
        ReadResult back = new VocFormat(List.of(new Category(5, "duck"))).read(dir.resolve("out"));

        assertThat(back.problems()).extracting(Object::toString).containsExactly(
                dir.resolve("out/Annotations/a.xml") + ": annotation/object[2]/name: \"ball\" is not one of the given categories (duck)",
                dir.resolve("out/Annotations/b.xml") + ": annotation/object[1]/name: \"toy lemon\" is not one of the given categories (duck)",
                dir.resolve("out/Annotations/c.xml") + ": annotation/object[1]/name: \"ball\" is not one of the given categories (duck)");
        assertThat(back.dataset().annotations()).extracting(ObjectAnnotation::categoryId).containsOnly(5).hasSize(4);
    }

    @Test
    void vocFlagsAndCrowdBoxesSurviveBothWays(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        ObjectAnnotation first = d.annotations().get(0);
        d.annotations().set(0, new ObjectAnnotation(first.id(), first.imageId(), first.categoryId(), first.bbox(), null, true, true,
                null, List.of(), null, Map.of("pose", "Left", "truncated", 1, "occluded", 1)));
        voc.write(d, dir.resolve("out"));
        ObjectAnnotation back = voc.read(dir.resolve("out")).dataset().annotations().get(0);

        assertThat(back.iscrowd()).isTrue();
        assertThat(back.difficult()).isTrue();
        assertThat(back.extras()).isEqualTo(Map.of("pose", "Left", "truncated", 1, "occluded", 1));
        assertThat(Files.readString(dir.resolve("out/Annotations/a.xml"))).contains("<pose>Left</pose>", "<truncated>1</truncated>",
                "<difficult>1</difficult>", "<occluded>1</occluded>", "<iscrowd>1</iscrowd>");
    }

    /** The real duck photos: boxes with one decimal (VOC keeps every digit: exact). */
    @Test
    void duckySetRoundTripsExactly(@TempDir Path dir) throws Exception {
        Dataset ducky = RoundTrips.ducky();
        Assumptions.assumeTrue(ducky != null, "no ../shared/datasets/ducky");
        voc.write(ducky, dir.resolve("ducky-voc"));
        ReadResult back = voc.read(dir.resolve("ducky-voc"));

        assertThat(back.problems()).isEmpty();
        assertThat(back.dataset().annotations()).hasSize(ducky.annotations().size());
        assertThat(RoundTrips.boxes(back.dataset(), RoundTrips::byPath)).isEqualTo(RoundTrips.boxes(ducky, RoundTrips::byPath));
        assertThat(Files.readString(dir.resolve("ducky-voc/Annotations/robertducky1.xml")))
                .contains("<xmin>505.1</xmin>", "<ymin>280</ymin>", "<xmax>607.3</xmax>", "<ymax>402.5</ymax>");
    }

    @Test
    void integerBoxesAreOneBasedAndInclusive(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        voc.write(d, dir.resolve("out"));
        String a = Files.readString(dir.resolve("out/Annotations/a.xml"));
        // the whole 640x480 image: pixels 1..640 and 1..480
        assertThat(a).contains("<xmin>1</xmin>\n      <ymin>1</ymin>\n      <xmax>640</xmax>\n      <ymax>480</ymax>");
        // [10, 20, 100, 50]: pixels 11..110 and 21..70
        assertThat(a).contains("<xmin>11</xmin>\n      <ymin>21</ymin>\n      <xmax>110</xmax>\n      <ymax>70</ymax>");
    }

    @Test
    void recognizesVocInputsByLayout(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("devkit/Annotations"));
        Files.createDirectories(dir.resolve("labelled"));
        Files.writeString(dir.resolve("labelled/a.xml"), "<annotation/>");
        Files.createDirectories(dir.resolve("photos"));
        Files.writeString(dir.resolve("photos/a.txt"), "");
        Files.writeString(dir.resolve("x.json"), "{}");
        Files.createDirectories(dir.resolve("project"));
        Files.writeString(dir.resolve("project/pom.xml"), "<project><modelVersion>4.0.0</modelVersion></project>");

        assertThat(voc.recognizes(dir.resolve("devkit"))).isTrue();
        assertThat(voc.recognizes(dir.resolve("labelled"))).isTrue();
        assertThat(voc.recognizes(dir.resolve("labelled/a.xml"))).isTrue();
        assertThat(voc.recognizes(dir.resolve("photos"))).isFalse();
        assertThat(voc.recognizes(dir.resolve("project"))).isFalse();
        assertThat(voc.recognizes(dir.resolve("x.json"))).isFalse();
        assertThat(voc.recognizes(dir.resolve("missing"))).isFalse();
    }

    @Test
    void recognizesOutputsByName() {
        assertThat(voc.recognizesOutput(Path.of("out/ducks-voc"))).isTrue();
        assertThat(voc.recognizesOutput(Path.of("VOC2007"))).isTrue();
        assertThat(voc.recognizesOutput(Path.of("x/Annotations"))).isTrue();
        assertThat(voc.recognizesOutput(Path.of("out/ducks"))).isFalse();
        assertThat(voc.recognizesOutput(Path.of("out/ducks.json"))).isFalse();
        assertThat(voc.recognizesOutput(Path.of("out/avocado"))).isFalse();
    }

    @Test
    void aFailedWriteLeavesNothingBehindNotEvenTheFoldersItMade(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        // the third image's object has a category the dataset lacks: found after two files are written
        ObjectAnnotation bad = d.annotations().get(5);
        d.annotations().set(5, bad.withCategory(9));
        String before = GoldenCases.listing(dir);
        Path out = dir.resolve("new/deeper/out");

        assertThatThrownBy(() -> voc.write(d, out)).isInstanceOf(DatasetException.class).hasMessage(out
                + ": annotation 6 (image more/c.jpg): category_id 9 is not a category of the dataset (nothing was written)");
        assertThat(GoldenCases.listing(dir)).isEqualTo(before);
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void anExistingAnnotationsFolderIsRefusedAndKept(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        Files.createDirectories(dir.resolve("out/Annotations"));
        Files.writeString(dir.resolve("out/Annotations/mine.xml"), "<annotation/>");
        String before = GoldenCases.listing(dir);

        assertThatThrownBy(() -> voc.write(d, dir.resolve("out"))).isInstanceOf(DatasetException.class)
                .hasMessage(dir.resolve("out/Annotations") + ": already exists and is not empty; give a new or empty folder"
                        + " (nothing was written)");
        assertThat(GoldenCases.listing(dir)).isEqualTo(before);
    }

    @Test
    void anEmptyAnnotationsFolderIsFilled(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        Files.createDirectories(dir.resolve("out/Annotations"));
        Files.writeString(dir.resolve("out/README"), "mine");
        voc.write(d, dir.resolve("out"));

        assertThat(dir.resolve("out/README")).hasContent("mine");
        try (Stream<Path> s = Files.list(dir.resolve("out/Annotations"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("a.xml", "b.xml", "c.xml", "empty.xml");
        }
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("Annotations", "README");
        }
    }

    @Test
    void writtenBoxesReadBackAsTheSameCocoBoxes(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        d.annotations().add(new ObjectAnnotation(8, 4, 1, new CocoBox(0.1 + 0.2, 1e-7, 33.333333333333336, 0.5)));
        voc.write(d, dir.resolve("out"));
        ReadResult r = voc.read(dir.resolve("out"));
        assertThat(r.problems()).isEmpty();
        List<ObjectAnnotation> back = r.dataset().annotations();

        assertThat(back.get(back.size() - 1).bbox()).isEqualTo(new CocoBox(0.1 + 0.2, 1e-7, 33.333333333333336, 0.5));
    }
}
