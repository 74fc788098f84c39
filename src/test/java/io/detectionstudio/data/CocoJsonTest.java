package io.detectionstudio.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * COCO JSON against golden files in {@code src/test/resources/io/detectionstudio/data/coco/}: each
 * {@code NAME.input.json} is read and written, and must give {@code NAME.expected.json} byte for byte.
 */
class CocoJsonTest {

    static Path resource(String name) {
        try {
            return Path.of(CocoJsonTest.class.getResource("coco/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String write(Dataset d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CocoJson.write(d, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void goldenFileWritesAsExpected() throws Exception {
        CocoJson.Result r = CocoJson.read(resource("full.input.json"));
        assertThat(r.problems()).isEmpty();
        assertThat(write(r.dataset())).isEqualTo(Files.readString(resource("full.expected.json")));
    }

    @Test
    void roundTripIsLosslessAndStable() throws Exception {
        Dataset first = CocoJson.read(resource("full.input.json")).dataset();
        Path expected = resource("full.expected.json");
        CocoJson.Result again = CocoJson.read(expected);
        assertThat(again.problems()).isEmpty();
        Dataset second = again.dataset();
        assertThat(second.images()).isEqualTo(first.images());
        assertThat(second.categories()).isEqualTo(first.categories());
        assertThat(second.annotations()).isEqualTo(first.annotations());
        assertThat(second.info()).isEqualTo(first.info());
        assertThat(second.licenses()).isEqualTo(first.licenses());
        assertThat(second.extras()).isEqualTo(first.extras());
        assertThat(write(second)).isEqualTo(Files.readString(expected));
    }

    @Test
    void everyModelledFieldIsRead() throws Exception {
        Dataset d = CocoJson.read(resource("full.input.json")).dataset();
        assertThat(d.images()).extracting(ImageRecord::id, ImageRecord::fileName, ImageRecord::width, ImageRecord::height)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "a.jpg", 640, 480),
                        org.assertj.core.groups.Tuple.tuple(7L, "sub/b.png", 100, 200));
        assertThat(d.images().get(0).extras()).containsEntry("license", 1).containsEntry("date_captured", "2026-11-01 10:00:00");
        assertThat(d.images().get(1).extras()).containsKey("flickr_url");
        assertThat(d.resolve(d.images().get(1))).isEqualTo(resource("full.input.json").getParent().resolve("sub/b.png"));

        ObjectAnnotation a1 = d.annotations().get(0);
        assertThat(a1.bbox()).isEqualTo(new CocoBox(10, 20.5, 100.25, 50));
        assertThat(a1.area()).isEqualTo(5012.5);
        assertThat(a1.polygons()).hasSize(1);
        assertThat(a1.polygons().get(0)).containsExactly(10, 20.5, 110.25, 20.5, 110.25, 70.5, 10, 70.5);
        assertThat(a1.extras()).containsEntry("source", "hand").containsEntry("attributes", Map.of("occluded", false));

        ObjectAnnotation a2 = d.annotations().get(1);
        assertThat(a2.area()).isNull();
        assertThat(a2.effectiveArea()).isEqualTo(80 * 160);
        assertThat(a2.keypoints()).containsExactly(340, 110, 2, 330, 115, 2, 350, 115, 1, 0, 0, 0);
        assertThat(a2.numKeypoints()).isEqualTo(3);

        ObjectAnnotation a3 = d.annotations().get(2);
        assertThat(a3.iscrowd()).isTrue();
        assertThat(a3.rle()).isEqualTo(Map.of("counts", List.of(0, 10, 20), "size", List.of(480, 640)));

        ObjectAnnotation a4 = d.annotations().get(3);
        assertThat(a4.iscrowd()).isFalse();
        assertThat(a4.difficult()).isTrue();

        Category fig = d.category(2).orElseThrow();
        assertThat(fig.keypoints().names()).containsExactly("head", "left_hand", "right_hand", "tail");
        assertThat(fig.keypoints().skeleton()).containsExactly(new KeypointSchema.Edge(0, 1), new KeypointSchema.Edge(0, 2),
                new KeypointSchema.Edge(0, 3));
        assertThat(fig.keypoints().flipPairs()).containsExactly(new KeypointSchema.Edge(1, 2));
        assertThat(fig.extras()).containsEntry("color", "#ff0000");
        assertThat(d.category(1).orElseThrow().supercategory()).isEqualTo("toy");
        assertThat(d.extras()).containsOnlyKeys("tool");
    }

    @Test
    void malformedEntriesAreReportedOneLineEachAndTheRestLoads() throws Exception {
        CocoJson.Result r = CocoJson.read(resource("broken-entries.input.json"));
        String f = resource("broken-entries.input.json").toString();
        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                f + ": categories[1].skeleton: edge [1,3] does not join two of the 2 keypoints (numbered from 1)",
                f + ": images[1].id: should be a whole number, found \"two\"",
                f + ": images[2]: no \"file_name\"",
                f + ": images[3]: should be an object, found a string",
                f + ": annotations[0].bbox: should be [x, y, width, height], found 3 numbers",
                f + ": annotations[1].iscrowd: should be 0 or 1, found 2",
                f + ": annotations[2].keypoints: should be x, y, v triples, found 2 numbers",
                f + ": annotations[3].keypoints: visibility of keypoint 1 is 5, should be 0, 1 or 2",
                f + ": annotations[4]: no \"category_id\"",
                f + ": annotations[5].segmentation: each polygon should be x, y pairs, at least 3 points");
        assertThat(r.dataset().images()).extracting(ImageRecord::id).containsExactly(1L);
        assertThat(r.dataset().annotations()).extracting(ObjectAnnotation::id).containsExactly(7L);
        assertThat(r.dataset().categories()).extracting(Category::id).containsExactly(1);
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain("\n"));
    }

    @Test
    void outOfRangeNumbersAreProblemsNotQuietlyChanged(@TempDir Path dir) throws Exception {
        // issue 11, F7: width 4294967616 was read as 320, id 2^63 as 2^63-1
        Path f = dir.resolve("a.json");
        Files.writeString(f, """
                {"images": [{"id": 9223372036854775808, "file_name": "a.png", "width": 4294967616, "height": 10},
                            {"id": 1e19, "file_name": "b.png", "width": 10, "height": 10},
                            {"id": 3, "file_name": "c.png", "width": 10, "height": 10}],
                 "annotations": [{"id": 1, "image_id": 3, "category_id": 4294967297, "bbox": [1, 1, 2, 2]}],
                 "categories": [{"id": 2147483648, "name": "duck"}]}
                """);
        CocoJson.Result r = CocoJson.read(f);
        assertThat(r.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                f + ": images[0].id: 9223372036854775808 is out of range (a whole number from -9223372036854775808 to"
                        + " 9223372036854775807, or up to 2^53 written with a fraction or exponent)",
                f + ": images[0].width: 4294967616 is out of range (at most 2147483647)",
                f + ": images[1].id: 1.0E19 is out of range (a whole number from -9223372036854775808 to"
                        + " 9223372036854775807, or up to 2^53 written with a fraction or exponent)",
                f + ": annotations[0].category_id: 4294967297 is out of range (at most 2147483647)",
                f + ": categories[0].id: 2147483648 is out of range (at most 2147483647)");
        assertThat(r.dataset().images()).extracting(ImageRecord::id).containsExactly(3L);
    }

    @Test
    void truncatedJsonIsOneLineWithThePosition() {
        Path file = resource("truncated.json");
        assertThatThrownBy(() -> CocoJson.read(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(file + ": invalid JSON at line 4, column ")
                .hasMessageContaining("end-of-input")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void otherUnreadableFiles(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> CocoJson.read(resource("top-level-array.json")))
                .hasMessageEndingWith("not a COCO dataset: the top level is a JSON array, not an object");
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> CocoJson.read(missing)).hasMessage(missing + ": file not found");
        Path empty = Files.createFile(dir.resolve("empty.json"));
        assertThatThrownBy(() -> CocoJson.read(empty)).hasMessage(empty + ": empty file, expected a COCO JSON object");
    }

    @Test
    void atomicWriteKeepsTheOldVersionAsBackupAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("annotations.coco.json");
        Dataset d = new Dataset(dir);
        d.categories().add(new Category(1, "duck"));
        d.images().add(new ImageRecord(1, "a.jpg", 10, 10));
        CocoJson.write(d, file);
        d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(1, 1, 2, 2)));
        CocoJson.write(d, file);
        assertThat(CocoJson.read(file).dataset().annotations()).hasSize(1);
        assertThat(CocoJson.read(dir.resolve("annotations.coco.json.bak")).dataset().annotations()).isEmpty();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "annotations.coco.json", "annotations.coco.json.bak");
        }
    }
}
