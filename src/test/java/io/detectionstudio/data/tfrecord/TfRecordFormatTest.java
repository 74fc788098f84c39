package io.detectionstudio.data.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat.ReadResult;
import io.detectionstudio.proto.tf.Example;
import io.detectionstudio.proto.tf.Feature;
import io.detectionstudio.proto.tf.FloatList;
import io.detectionstudio.proto.tf.Int64List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordFormatTest {

    static final Path RESOURCES = resources();
    static final Path TINY = RESOURCES.resolve("tiny/annotations.coco.json");
    static final Path DUCKY = Path.of("../shared/datasets/ducky/train/annotations.coco.json");

    private final TfRecordFormat format = new TfRecordFormat();

    @TempDir
    Path dir;

    static Path resources() {
        try {
            return Path.of(TfRecordFormatTest.class.getResource("tiny/annotations.coco.json").toURI()).getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Dataset tiny() throws DatasetException {
        CocoJson.Result r = CocoJson.read(TINY);
        assertThat(r.problems()).isEmpty();
        return r.dataset();
    }

    @Test
    void aFileDamagedFromItsFirstRecordLeavesNoImageFolder() throws Exception {
        Path golden = RESOURCES.resolve("tiny.record");
        Path cut = dir.resolve("cut.record");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(golden), 30));
        ReadResult r = format.read(cut);
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).toString()).startsWith(cut + ": record 0 (byte 0): truncated record");
        assertThat(TfRecordFormat.imageFolder(cut)).doesNotExist();
    }

    @Test
    void theTinyDatasetWritesTheGoldenBytes() throws Exception {
        Path out = dir.resolve("tiny.record");
        format.write(tiny(), out);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(RESOURCES.resolve("tiny.record")));
    }

    @Test
    void theRecordsHoldTheOdApiKeysAndValues() throws Exception {
        List<Example> ex = examples(RESOURCES.resolve("tiny.record"));
        assertThat(ex).hasSize(2);
        Map<String, Feature> f = ex.get(0).getFeatures().getFeatureMap();
        assertThat(f.keySet()).containsExactlyInAnyOrder("image/height", "image/width", "image/filename",
                "image/source_id", "image/key/sha256", "image/encoded", "image/format", "image/object/bbox/xmin",
                "image/object/bbox/xmax", "image/object/bbox/ymin", "image/object/bbox/ymax",
                "image/object/class/label", "image/object/class/text", "image/object/difficult",
                "image/object/is_crowd", "image/object/area", "image/object/keypoint/x", "image/object/keypoint/y",
                "image/object/keypoint/visibility", "image/object/keypoint/text", "image/object/keypoint/num");
        byte[] png = Files.readAllBytes(RESOURCES.resolve("tiny/a.png"));
        assertThat(f.get("image/encoded").getBytesList().getValue(0).toByteArray()).isEqualTo(png);
        assertThat(f.get("image/format").getBytesList().getValue(0).toStringUtf8()).isEqualTo("png");
        assertThat(f.get("image/filename").getBytesList().getValue(0).toStringUtf8()).isEqualTo("a.png");
        assertThat(f.get("image/source_id").getBytesList().getValue(0).toStringUtf8()).isEqualTo("1");
        assertThat(f.get("image/key/sha256").getBytesList().getValue(0).toStringUtf8())
                .isEqualTo(ExampleEncoder.sha256(png)).hasSize(64);
        assertThat(f.get("image/width").getInt64List().getValueList()).containsExactly(8L);
        assertThat(f.get("image/height").getInt64List().getValueList()).containsExactly(6L);
        // Object 0: bbox [1, 0.5, 4, 3.25] on 8x6; object 1: [5, 2, 3, 4], crowd, no area (box area 12).
        assertThat(f.get("image/object/bbox/xmin").getFloatList().getValueList()).containsExactly(1f / 8, 5f / 8);
        assertThat(f.get("image/object/bbox/xmax").getFloatList().getValueList()).containsExactly(5f / 8, 1f);
        assertThat(f.get("image/object/bbox/ymin").getFloatList().getValueList()).containsExactly((float) (0.5 / 6),
                (float) (2.0 / 6));
        assertThat(f.get("image/object/bbox/ymax").getFloatList().getValueList()).containsExactly((float) (3.75 / 6), 1f);
        assertThat(f.get("image/object/class/label").getInt64List().getValueList()).containsExactly(1L, 2L);
        assertThat(f.get("image/object/class/text").getBytesList().getValueList()).extracting(b -> b.toStringUtf8())
                .containsExactly("duck", "ball");
        assertThat(f.get("image/object/is_crowd").getInt64List().getValueList()).containsExactly(0L, 1L);
        assertThat(f.get("image/object/difficult").getInt64List().getValueList()).containsExactly(0L, 0L);
        assertThat(f.get("image/object/area").getFloatList().getValueList()).containsExactly(10.5f, 12f);
        // K = 2 (duck: head, tail); the ball's slots are absent: 0, 0, visibility 0.
        assertThat(f.get("image/object/keypoint/x").getFloatList().getValueList()).containsExactly(2f / 8, 4.5f / 8, 0f, 0f);
        assertThat(f.get("image/object/keypoint/y").getFloatList().getValueList()).containsExactly(1f / 6, 3f / 6, 0f, 0f);
        assertThat(f.get("image/object/keypoint/visibility").getInt64List().getValueList()).containsExactly(2L, 1L, 0L, 0L);
        assertThat(f.get("image/object/keypoint/text").getBytesList().getValueList()).extracting(b -> b.toStringUtf8())
                .containsExactly("head", "tail", "head", "tail");
        assertThat(f.get("image/object/keypoint/num").getInt64List().getValueList()).containsExactly(2L, 0L);

        Map<String, Feature> g = ex.get(1).getFeatures().getFeatureMap();
        assertThat(g.get("image/format").getBytesList().getValue(0).toStringUtf8()).isEqualTo("jpeg");
        assertThat(g.get("image/object/difficult").getInt64List().getValueList()).containsExactly(1L, 0L);
        // Object 0 of image 2 has its head unlabelled (0, 0, 0) and its tail at (7, 5.5), visible.
        assertThat(g.get("image/object/keypoint/x").getFloatList().getValueList()).containsExactly(0f, 7f / 8, 0f, 0f);
        assertThat(g.get("image/object/keypoint/visibility").getInt64List().getValueList()).containsExactly(0L, 2L, 0L, 0L);
    }

    @Test
    void cocoToTfRecordToCocoKeepsBoxesCategoriesFlagsKeypointsAndAreas() throws Exception {
        Dataset d = tiny();
        Path out = dir.resolve("tiny.record");
        format.write(d, out);
        ReadResult r = format.read(out, d.categories());
        assertThat(r.problems()).isEmpty();
        Dataset back = r.dataset();

        assertThat(back.imageRoot()).isEqualTo(dir.resolve("tiny.record_images"));
        assertThat(back.categories()).isEqualTo(d.categories());
        assertThat(back.images()).isEqualTo(d.images());
        for (ImageRecord im : back.images()) {
            assertThat(Files.readAllBytes(back.resolve(im))).isEqualTo(Files.readAllBytes(d.resolve(im)));
        }
        assertSameObjects(d, back);
        // With few decimals, the numbers come back exactly as the COCO file has them.
        for (int i = 0; i < d.annotations().size(); i++) {
            ObjectAnnotation a = d.annotations().get(i);
            ObjectAnnotation b = back.annotations().get(i);
            assertThat(b.bbox()).isEqualTo(a.bbox());
            assertThat(b.area()).isEqualTo(a.effectiveArea());
            assertThat(b.keypoints()).isEqualTo(a.keypoints());
            assertThat(b.id()).isEqualTo(a.id());
        }
    }

    @Test
    void withoutCategoriesTheyAreMadeFromLabelsTextsAndKeypointNames() throws Exception {
        Dataset d = tiny();
        Path out = dir.resolve("tiny.record");
        format.write(d, out);
        ReadResult r = format.read(out);
        assertThat(r.problems()).isEmpty();
        assertThat(r.dataset().categories()).containsExactly(
                new Category(1, "duck", null, new KeypointSchema(List.of("head", "tail"), List.of(), List.of()), Map.of()),
                new Category(2, "ball"));
        assertSameObjects(d, r.dataset());
    }

    @Test
    void theDuckyPhotosKeepAllFiveBoxes() throws Exception {
        assumeThat(Files.isRegularFile(DUCKY)).as("../shared/datasets/ducky is absent").isTrue();
        CocoJson.Result in = CocoJson.read(DUCKY);
        Dataset d = in.dataset();
        Path out = dir.resolve("ducky/train.record");
        format.write(d, out);
        ReadResult r = format.read(out);
        assertThat(r.problems()).isEmpty();
        Dataset back = r.dataset();
        assertThat(back.annotations()).hasSize(5);
        assertThat(back.categories()).containsExactly(new Category(1, "rubber_ducky"));
        for (int i = 0; i < 5; i++) {
            CocoBox a = d.annotations().get(i).bbox();
            CocoBox b = back.annotations().get(i).bbox();
            assertThat(b.toArray()).containsExactly(a.toArray(), org.assertj.core.data.Offset.offset(1e-3));
            assertThat(b).isEqualTo(a); // 504.1 and the like come back as typed
            assertThat(back.annotations().get(i).area()).isEqualTo(d.annotations().get(i).area());
        }
        assertThat(back.images()).extracting(ImageRecord::fileName).containsExactly("robertducky1.jpg",
                "robertducky2.jpg", "robertducky3.jpg", "robertducky4.jpg", "robertducky5.jpg");
    }

    /** Same images, categories, boxes (as normalized floats), flags, areas and keypoints, in order. */
    static void assertSameObjects(Dataset a, Dataset b) {
        assertThat(b.annotations()).hasSize(a.annotations().size());
        for (int i = 0; i < a.annotations().size(); i++) {
            ObjectAnnotation x = a.annotations().get(i);
            ObjectAnnotation y = b.annotations().get(i);
            ImageRecord im = a.image(x.imageId()).orElseThrow();
            assertThat(y.imageId()).isEqualTo(x.imageId());
            assertThat(y.categoryId()).isEqualTo(x.categoryId());
            assertThat(normalized(y.bbox(), im)).as("box of annotation %d", x.id()).isEqualTo(normalized(x.bbox(), im));
            assertThat(y.iscrowd()).isEqualTo(x.iscrowd());
            assertThat(y.difficult()).isEqualTo(x.difficult());
            assertThat((float) (double) y.area()).isEqualTo((float) x.effectiveArea());
            if (a.category(x.categoryId()).orElseThrow().hasKeypoints()) {
                assertThat(normalizedKeypoints(y.keypoints(), im)).isEqualTo(normalizedKeypoints(x.keypoints(), im));
            } else {
                assertThat(y.keypoints()).isNull();
            }
        }
    }

    /** {@code [xmin, xmax, ymin, ymax]} as the float32s a tf.Example holds. */
    static float[] normalized(CocoBox b, ImageRecord im) {
        return new float[] {(float) (b.x() / im.width()), (float) (b.right() / im.width()), (float) (b.y() / im.height()),
                (float) (b.bottom() / im.height())};
    }

    static float[] normalizedKeypoints(double[] kp, ImageRecord im) {
        float[] out = new float[kp.length];
        for (int i = 0; i < kp.length; i += 3) {
            boolean labelled = kp[i + 2] > 0;
            out[i] = labelled ? (float) (kp[i] / im.width()) : 0;
            out[i + 1] = labelled ? (float) (kp[i + 1] / im.height()) : 0;
            out[i + 2] = (float) kp[i + 2];
        }
        return out;
    }

    @Test
    void segmentationsBecomePngMasksAndComeBackAsRle() throws Exception {
        Dataset d = tiny();
        ObjectAnnotation a0 = d.annotations().get(0);
        // A rectangle polygon covering the pixel centres x 1..4, y 1..2 (a centre on the bottom edge, y = 3.5, is
        // outside), and a compressed RLE (x 2..4, y 1..4).
        d.annotations().set(0, new ObjectAnnotation(a0.id(), a0.imageId(), a0.categoryId(), a0.bbox(), a0.area(),
                a0.iscrowd(), a0.difficult(), a0.keypoints(), List.of(new double[] {1, 0.6, 5, 0.6, 5, 3.5, 1, 3.5}),
                null, Map.of()));
        ObjectAnnotation a3 = d.annotations().get(3);
        Map<String, Object> rle = Map.of("size", List.of(6, 8), "counts", "=42000a0");
        d.annotations().set(3, new ObjectAnnotation(a3.id(), a3.imageId(), a3.categoryId(), a3.bbox(), a3.area(),
                a3.iscrowd(), a3.difficult(), null, List.of(), rle, Map.of()));
        Path out = dir.resolve("masks.record");
        format.write(d, out);

        List<Example> ex = examples(out);
        List<com.google.protobuf.ByteString> masks0 = ex.get(0).getFeatures().getFeatureMap().get("image/object/mask")
                .getBytesList().getValueList();
        assertThat(masks0).hasSize(2);
        Masks.Decoded m = Masks.fromPng(masks0.get(0).toByteArray());
        assertThat(m.width()).isEqualTo(8);
        assertThat(m.height()).isEqualTo(6);
        assertThat(m.raster()).isEqualTo(rect(8, 6, 1, 5, 1, 3));
        assertThat(Masks.isEmpty(Masks.fromPng(masks0.get(1).toByteArray()).raster())).isTrue();
        assertThat(ex.get(1).getFeatures().getFeatureMap().get("image/object/mask").getBytesList().getValueCount()).isEqualTo(2);

        ReadResult r = format.read(out, d.categories());
        assertThat(r.problems()).isEmpty();
        List<ObjectAnnotation> back = r.dataset().annotations();
        assertThat(Masks.fromRle(back.get(0).rle(), 8, 6)).isEqualTo(rect(8, 6, 1, 5, 1, 3));
        assertThat(back.get(1).rle()).isNull(); // no segmentation: an empty mask, read as none
        assertThat(back.get(3).rle()).isEqualTo(Map.of("size", List.of(6, 8), "counts", List.of(13, 4, 2, 4, 2, 4, 19)));
        assertThat(back.get(0).polygons()).isEmpty();
    }

    @Test
    void compressedRleDecodesAsPycocotoolsDoes() {
        // Strings made with a port of pycocotools' rleToString (see the README).
        assertThat(Masks.decodeCompressed("=42000a0")).containsExactly(13, 4, 2, 4, 2, 4, 19);
        assertThat(Masks.decodeCompressed("3240Q1")).containsExactly(3, 2, 4, 2, 37);
        assertThat(Masks.toRle(Masks.fromRle(Map.of("size", List.of(6, 8), "counts", "3240Q1"), 8, 6), 8, 6))
                .isEqualTo(Map.of("size", List.of(6, 8), "counts", List.of(3, 2, 4, 2, 37)));
    }

    static byte[] rect(int w, int h, int x0, int x1, int y0, int y1) {
        byte[] out = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                out[y * w + x] = 1;
            }
        }
        return out;
    }

    /** A 32x16 (displayed) JPEG stored 16x32 with EXIF orientation 6, red in its displayed top-left quadrant. */
    static Dataset rotated(Path folder) throws Exception {
        Files.createDirectories(folder);
        Files.copy(RESOURCES.resolve("orient-6.jpg"), folder.resolve("orient-6.jpg"));
        Dataset d = new Dataset(folder);
        d.images().add(new ImageRecord(7, "orient-6.jpg", 32, 16));
        d.categories().add(new Category(1, "red", null, new KeypointSchema(List.of("dot"), List.of(), List.of()), Map.of()));
        d.annotations().add(new ObjectAnnotation(1, 7, 1, new CocoBox(0, 0, 16, 8), 128.0, false, false,
                new double[] {4, 2.5, 2}, List.of(new double[] {0, 0, 16, 0, 16, 8, 0, 8}), null, Map.of()));
        return d;
    }

    @Test
    void anExifRotatedJpegIsDescribedInItsStoredPixelsAndTurnedBackWhenRead() throws Exception {
        Dataset d = rotated(dir.resolve("photos"));
        Path out = dir.resolve("rot.record");
        format.write(d, out);
        Map<String, Feature> f = examples(out).get(0).getFeatures().getFeatureMap();
        assertThat(f.get("image/width").getInt64List().getValue(0)).isEqualTo(16);
        assertThat(f.get("image/height").getInt64List().getValue(0)).isEqualTo(32);
        // Displayed (u, v) is stored (v, 32 - u): the box [0, 16] x [0, 8] is stored [0, 8] x [16, 32].
        assertThat(f.get("image/object/bbox/xmin").getFloatList().getValue(0)).isEqualTo(0f);
        assertThat(f.get("image/object/bbox/xmax").getFloatList().getValue(0)).isEqualTo(0.5f);
        assertThat(f.get("image/object/bbox/ymin").getFloatList().getValue(0)).isEqualTo(0.5f);
        assertThat(f.get("image/object/bbox/ymax").getFloatList().getValue(0)).isEqualTo(1f);
        assertThat(f.get("image/object/keypoint/x").getFloatList().getValue(0)).isEqualTo(2.5f / 16);
        assertThat(f.get("image/object/keypoint/y").getFloatList().getValue(0)).isEqualTo(28f / 32);
        Masks.Decoded m = Masks.fromPng(f.get("image/object/mask").getBytesList().getValue(0).toByteArray());
        assertThat(m.raster()).isEqualTo(rect(16, 32, 0, 8, 16, 32));

        ReadResult r = format.read(out, d.categories());
        assertThat(r.problems()).isEmpty();
        assertThat(r.dataset().images()).containsExactly(new ImageRecord(7, "orient-6.jpg", 32, 16));
        ObjectAnnotation a = r.dataset().annotations().get(0);
        assertThat(a.bbox()).isEqualTo(new CocoBox(0, 0, 16, 8));
        assertThat(a.keypoints()).containsExactly(4, 2.5, 2);
        assertThat(Masks.fromRle(a.rle(), 32, 16)).isEqualTo(rect(32, 16, 0, 16, 0, 8));
    }

    @Test
    void badRecordsAreOneLineProblemsWithFileAndRecordAndTheRestStillLoads() throws Exception {
        Path good = dir.resolve("good.record");
        format.write(tiny(), good);
        List<byte[]> records = TfRecordFiles.readAll(good).records();
        Example valid = Example.parseFrom(records.get(0));

        Example noImage = edit(valid, f -> f.removeFeature("image/encoded"));
        Example unequal = edit(valid, f -> f.putFeature("image/object/bbox/ymax",
                Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue(0.5f)).build()));
        Example unknownLabel = edit(valid, f -> f.putFeature("image/object/class/label",
                Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(7).addValue(2)).build()));
        Example wrongKind = edit(valid, f -> f.putFeature("image/height",
                Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue(6f)).build()));
        List<byte[]> all = new ArrayList<>();
        all.add(records.get(0));
        all.add(new byte[] {0x0a, 0x05, 0x01});
        all.add(noImage.toByteArray());
        all.add(unequal.toByteArray());
        all.add(unknownLabel.toByteArray());
        all.add(wrongKind.toByteArray());
        all.add(records.get(1));
        Path bad = dir.resolve("bad.record");
        TfRecordFiles.write(bad, all);
        // Cut the last record short.
        byte[] bytes = Files.readAllBytes(bad);
        Files.write(bad, Arrays.copyOf(bytes, bytes.length - 10));
        long lastStart = bytes.length - TfRecordFiles.frame(records.get(1)).length;

        ReadResult r = format.read(bad, tiny().categories());
        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                bad + ": record 1: not a tf.Example (While parsing a protocol message, the input ended unexpectedly in"
                        + " the middle of a field.  This could mean either that the input has been truncated or that an"
                        + " embedded message misreported its own length.)",
                bad + ": record 2: missing key image/encoded",
                bad + ": record 3: bbox lists of unequal lengths (xmin 2, xmax 2, ymin 2, ymax 1)",
                bad + ": record 5: image/height should be an int64 list, found a float list",
                bad + ": record 6 (byte " + lastStart + "): truncated record: it needs "
                        + records.get(1).length + " data bytes and a 4-byte CRC but the file ends "
                        + (records.get(1).length - 6) + " bytes later",
                bad + ": record 4, object 0: label 7 is not one of the categories (the object is left out)");
        // Records 0 and 4 load (record 4 without its unknown object): two images, three objects.
        assertThat(r.dataset().images()).hasSize(2);
        assertThat(r.dataset().images().get(1).fileName()).isEqualTo("a-2.png");
        assertThat(r.dataset().annotations()).extracting(ObjectAnnotation::categoryId).containsExactly(1, 2, 2);
        assertThat(r.dataset().images()).extracting(ImageRecord::id).containsExactly(1L, 2L);
    }

    @Test
    void recordsWithClassTextsOnlyGetCategoriesByName() throws Exception {
        // The TF2 create_coco_tf_record.py writes image/object/class/text without class/label.
        Path good = dir.resolve("good.record");
        format.write(tiny(), good);
        List<byte[]> textsOnly = new ArrayList<>();
        for (byte[] b : TfRecordFiles.readAll(good).records()) {
            textsOnly.add(edit(Example.parseFrom(b), f -> f.removeFeature("image/object/class/label")).toByteArray());
        }
        Path rec = dir.resolve("texts.record");
        TfRecordFiles.write(rec, textsOnly);

        ReadResult found = format.read(rec);
        assertThat(found.problems()).isEmpty();
        assertThat(found.dataset().categories()).extracting(Category::id, Category::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "duck"), org.assertj.core.groups.Tuple.tuple(2, "ball"));

        List<Category> renumbered = List.of(new Category(5, "ball"), tiny().categories().get(0));
        ReadResult given = format.read(rec, renumbered);
        assertThat(given.problems()).isEmpty();
        assertThat(given.dataset().annotations()).extracting(ObjectAnnotation::categoryId).containsExactly(1, 5, 1, 5);

        ReadResult unknown = format.read(rec, List.of(tiny().categories().get(0)));
        assertThat(unknown.problems()).extracting(Problem::toString).containsExactly(
                rec + ": record 0, object 1: class text \"ball\" is not the name of a category (the object is left out)",
                rec + ": record 1, object 1: class text \"ball\" is not the name of a category (the object is left out)");
    }

    @Test
    void aFlippedCrcKeepsTheRecordsBeforeIt() throws Exception {
        Path rec = dir.resolve("tiny.record");
        format.write(tiny(), rec);
        byte[] bytes = Files.readAllBytes(rec);
        int second = TfRecordFiles.frame(TfRecordFiles.readAll(rec).records().get(0)).length;
        bytes[bytes.length - 1] ^= 0x10;
        Files.write(rec, bytes);
        ReadResult r = format.read(rec);
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).toString()).startsWith(rec + ": record 1 (byte " + second
                + "): bad CRC of the record's ");
        assertThat(r.dataset().images()).extracting(ImageRecord::fileName).containsExactly("a.png");
        assertThat(r.dataset().annotations()).hasSize(2);
    }

    @Test
    void shardsAreNamedAsTheOdApiNamesThemAndFilledRoundRobin() throws Exception {
        Dataset d = tiny();
        Path base = dir.resolve("s/train.record");
        List<Path> files = format.write(d, base, 2);
        assertThat(files).containsExactly(dir.resolve("s/train.record-00000-of-00002"),
                dir.resolve("s/train.record-00001-of-00002"));
        assertThat(sourceIds(files.get(0))).containsExactly("1");
        assertThat(sourceIds(files.get(1))).containsExactly("2");

        ReadResult r = format.read(dir.resolve("s/train.record-?????-of-00002"), d.categories());
        assertThat(r.problems()).isEmpty();
        assertThat(r.dataset().imageRoot()).isEqualTo(dir.resolve("s/train.record_images"));
        assertSameObjects(d, r.dataset());
        assertThat(format.read(dir.resolve("s")).dataset().imageRoot()).isEqualTo(dir.resolve("s/train.record_images"));

        // Writing 3 shards replaces the set of 2; a missing shard of a pattern is reported.
        format.write(d, dir.resolve("s/train.record-?????-of-00003"));
        assertThat(names(dir.resolve("s"))).containsExactly("train.record-00000-of-00003",
                "train.record-00001-of-00003", "train.record-00002-of-00003", "train.record_images");
        assertThat(TfRecordFiles.readAll(dir.resolve("s/train.record-00002-of-00003")).records()).isEmpty();
        Files.delete(dir.resolve("s/train.record-00001-of-00003"));
        r = format.read(dir.resolve("s/train.record-?????-of-00003"));
        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                dir.resolve("s/train.record-?????-of-00003") + ": shard train.record-00001-of-00003 is missing");
        assertThat(r.dataset().images()).hasSize(1);
    }

    @Test
    void aFolderGetsShardsNamedAfterItAboutOneHundredMegabytesEach() throws Exception {
        Path out = Files.createDirectories(dir.resolve("train"));
        format.write(tiny(), out);
        assertThat(names(out)).containsExactly("train.record-00000-of-00001");
        assertThat(TfRecordShards.shardCount(250L << 20, 1000, TfRecordFormat.TARGET_SHARD_BYTES)).isEqualTo(3);
        assertThat(TfRecordShards.shardCount(250L << 20, 2, TfRecordFormat.TARGET_SHARD_BYTES)).isEqualTo(2);
        assertThat(TfRecordShards.shardCount(0, 0, TfRecordFormat.TARGET_SHARD_BYTES)).isEqualTo(1);
        ReadResult r = format.read(out);
        assertThat(r.dataset().imageRoot()).isEqualTo(out.resolve("train.record_images"));
        assertThat(r.dataset().images()).hasSize(2);
    }

    @Test
    void writingIsAllOrNothing() throws Exception {
        Path out = dir.resolve("out/keep.record");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "the old output");

        Dataset missing = tiny();
        missing.images().add(new ImageRecord(3, "gone.jpg", 8, 6));
        assertThatThrownBy(() -> format.write(missing, out)).isInstanceOf(DatasetException.class)
                .hasMessage(RESOURCES.resolve("tiny/gone.jpg") + ": image file not found");

        // An unknown category is only met while writing the second image: the first is already in a shard.
        Dataset late = tiny();
        ObjectAnnotation a = late.annotations().get(3);
        late.annotations().set(3, a.withCategory(9));
        assertThatThrownBy(() -> format.write(late, out)).isInstanceOf(DatasetException.class)
                .hasMessage(RESOURCES.resolve("tiny/b.jpg") + ": annotation id 4: category_id 9 is not a category");
        assertThatThrownBy(() -> format.write(late, dir.resolve("out/sharded.record"), 2))
                .isInstanceOf(DatasetException.class);

        Dataset wrongSize = tiny();
        wrongSize.images().set(0, new ImageRecord(1, "a.png", 9, 6));
        assertThatThrownBy(() -> format.write(wrongSize, out)).hasMessage(RESOURCES.resolve("tiny/a.png")
                + ": the dataset says 9x6 but the image is 8x6 as displayed");

        assertThat(names(out.getParent())).containsExactly("keep.record");
        assertThat(Files.readString(out)).isEqualTo("the old output");

        format.write(tiny(), out);
        assertThat(TfRecordFiles.readAll(out).records()).hasSize(2);
        assertThat(names(out.getParent())).containsExactly("keep.record");
    }

    @Test
    void readingAgainWritesNoImageAndReplacesOnlyWhatDiffers() throws Exception {
        Path rec = dir.resolve("tiny.record");
        format.write(tiny(), rec);
        Dataset first = format.read(rec).dataset();
        Path a = first.resolve(first.images().get(0));
        Path b = first.resolve(first.images().get(1));
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(a, old);
        Files.setLastModifiedTime(b, old);
        Files.write(b, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(b, old);

        Dataset second = format.read(rec).dataset();
        assertThat(second.images()).isEqualTo(first.images());
        assertThat(Files.getLastModifiedTime(a)).isEqualTo(old);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(RESOURCES.resolve("tiny/b.jpg")));
        assertThat(TfRecordFormat.imageFolder(rec)).isEqualTo(dir.resolve("tiny.record_images"));

        Path elsewhere = dir.resolve("elsewhere");
        Dataset third = format.read(rec, null, elsewhere).dataset();
        assertThat(third.imageRoot()).isEqualTo(elsewhere);
        assertThat(names(elsewhere)).containsExactly("a.png", "b.jpg");
    }

    @Test
    void recognizesRecordFilesPatternsAndFoldersAndOutputsByName() throws Exception {
        Path rec = dir.resolve("tiny.record");
        format.write(tiny(), rec);
        assertThat(format.recognizes(rec)).isTrue();
        Path renamed = Files.copy(rec, dir.resolve("data.bin"));
        assertThat(format.recognizes(renamed)).isTrue();
        assertThat(format.recognizes(TINY)).isFalse();
        assertThat(format.recognizes(dir)).isTrue();
        assertThat(format.recognizes(RESOURCES.resolve("tiny"))).isFalse();
        format.write(tiny(), dir.resolve("p.record"), 2);
        assertThat(format.recognizes(dir.resolve("p.record-?????-of-00002"))).isTrue();
        assertThat(format.recognizes(dir.resolve("q.record-?????-of-00002"))).isFalse();

        assertThat(format.recognizesOutput(Path.of("x/train.record"))).isTrue();
        assertThat(format.recognizesOutput(Path.of("x/train.tfrecord"))).isTrue();
        assertThat(format.recognizesOutput(Path.of("x/train.record-?????-of-00004"))).isTrue();
        assertThat(format.recognizesOutput(Path.of("x/coco_train.record-00000-of-00100"))).isTrue();
        assertThat(format.recognizesOutput(Path.of("x/annotations.json"))).isFalse();
        assertThat(format.name()).isEqualTo("tfrecord");
    }

    static List<Example> examples(Path file) throws Exception {
        TfRecordFiles.Contents c = TfRecordFiles.readAll(file);
        assertThat(c.damage()).isNull();
        List<Example> out = new ArrayList<>();
        for (byte[] b : c.records()) {
            out.add(Example.parseFrom(b));
        }
        return out;
    }

    private static List<String> sourceIds(Path file) throws Exception {
        return examples(file).stream()
                .map(e -> e.getFeatures().getFeatureMap().get("image/source_id").getBytesList().getValue(0).toStringUtf8())
                .toList();
    }

    private static Example edit(Example e, java.util.function.Consumer<io.detectionstudio.proto.tf.Features.Builder> change) {
        Example.Builder b = e.toBuilder();
        change.accept(b.getFeaturesBuilder());
        return b.build();
    }

    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
