package io.detectionstudio.data.formats.createml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.formats.CocoFormat;
import io.detectionstudio.data.formats.DatasetFormat.ReadResult;
import io.detectionstudio.data.formats.voc.GoldenCases;
import io.detectionstudio.data.formats.voc.RoundTrips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apple Create ML JSON: golden read and write cases in
 * {@code src/test/resources/io/detectionstudio/data/formats/createml/} (see {@link GoldenCases}), exact
 * COCO -> Create ML -> COCO round trips, recognizing by content (not by extension: COCO is .json too), and
 * all-or-nothing writes.
 */
class CreateMlFormatTest {

    @TempDir
    static Path work;

    private final CreateMlFormat createMl = new CreateMlFormat();

    @TestFactory
    Stream<DynamicTest> goldenReads() {
        return GoldenCases.readTests(CreateMlFormatTest.class, createMl, work);
    }

    @TestFactory
    Stream<DynamicTest> goldenWrites() {
        return GoldenCases.writeTests(CreateMlFormatTest.class, createMl, work);
    }

    @Test
    void cocoToCreateMlToCocoKeepsEveryBoxExactly(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        d.annotations().add(new ObjectAnnotation(8, 4, 1, new CocoBox(0.1 + 0.2, 1e-7, 33.333333333333336, 0.5)));
        Path out = dir.resolve("ml/annotations.json");
        createMl.write(d, out);
        ReadResult back = createMl.read(out);

        assertThat(back.problems()).isEmpty();
        assertThat(RoundTrips.boxes(back.dataset(), RoundTrips::byPath)).isEqualTo(RoundTrips.boxes(d, RoundTrips::byPath));
        assertThat(back.dataset().categories()).containsExactly(new Category(1, "ball"), new Category(2, "duck"),
                new Category(3, "toy lemon"));
        assertThat(new CreateMlFormat(d.categories()).read(out).dataset().annotations()).extracting(ObjectAnnotation::categoryId)
                .containsExactlyElementsOf(d.annotations().stream().map(ObjectAnnotation::categoryId).toList());
    }

    @Test
    void duckySetRoundTripsExactly(@TempDir Path dir) throws Exception {
        Dataset ducky = RoundTrips.ducky();
        Assumptions.assumeTrue(ducky != null, "no ../shared/datasets/ducky");
        Path out = dir.resolve("ducky.createml.json");
        createMl.write(ducky, out);
        ReadResult back = createMl.read(out);

        assertThat(back.problems()).isEmpty();
        assertThat(RoundTrips.boxes(back.dataset(), RoundTrips::byPath)).isEqualTo(RoundTrips.boxes(ducky, RoundTrips::byPath));
        // [504.1, 279, 103.2, 123.5]: center 555.7, 340.75
        assertThat(Files.readString(out)).contains("\"x\" : 555.7,\n", "\"y\" : 340.75,\n");
    }

    @Test
    void recognizesCreateMlByContentNotByExtension(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ml.json"), "[{\"annotations\": [], \"image\": \"a.jpg\"}]");
        Files.writeString(dir.resolve("empty.json"), "[]");
        Files.writeString(dir.resolve("coco.json"), "{\"images\": [{\"image\": 1}]}");
        Files.writeString(dir.resolve("detections.json"), "[{\"image_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.9}]");
        Files.writeString(dir.resolve("numbers.json"), "[1, 2]");
        // only the start is looked at: a file cut short after the first "image" is still Create ML (its read then fails)
        Files.writeString(dir.resolve("broken.json"), "[{\"image\": \"a.jpg\", \"annotations\": [");
        Files.writeString(dir.resolve("ml.txt"), "[{\"image\": \"a.jpg\"}]");

        assertThat(createMl.recognizes(dir.resolve("ml.json"))).isTrue();
        assertThat(createMl.recognizes(dir.resolve("empty.json"))).isTrue();
        assertThat(createMl.recognizes(dir.resolve("coco.json"))).isFalse();
        assertThat(createMl.recognizes(dir.resolve("detections.json"))).isFalse();
        assertThat(createMl.recognizes(dir.resolve("numbers.json"))).isFalse();
        assertThat(createMl.recognizes(dir.resolve("broken.json"))).isTrue();
        assertThat(createMl.recognizes(dir.resolve("ml.txt"))).isFalse();
        assertThat(createMl.recognizes(dir)).isFalse();
        // COCO takes any .json, so the registry must ask Create ML first
        assertThat(new CocoFormat().recognizes(dir.resolve("ml.json"))).isTrue();
    }

    @Test
    void anOutputPathIsNeverCreateMlByName() {
        assertThat(createMl.recognizesOutput(Path.of("out.json"))).isFalse();
        assertThat(createMl.recognizesOutput(Path.of("createml.json"))).isFalse();
        assertThat(createMl.recognizesOutput(Path.of("out"))).isFalse();
    }

    @Test
    void aFailedWriteLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        d.annotations().set(6, d.annotations().get(6).withCategory(42));
        String before = GoldenCases.listing(dir);
        Path out = dir.resolve("a/b/out.json");

        assertThatThrownBy(() -> createMl.write(d, out)).isInstanceOf(DatasetException.class).hasMessage(out
                + ": annotation 7 (image more/c.jpg): category_id 42 is not a category of the dataset (nothing was written)");
        assertThat(GoldenCases.listing(dir)).isEqualTo(before);
    }

    @Test
    void rewritingAFileKeepsItsPermissions(@TempDir Path dir) throws Exception {
        Dataset d = RoundTrips.smallDataset(dir);
        Path out = dir.resolve("out.json");
        createMl.write(d, out);
        Assumptions.assumeTrue(Files.getFileStore(out).supportsFileAttributeView("posix"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        createMl.write(d, out);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-rw----");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(List.of("out.json", "photos"));
        }
    }
}
