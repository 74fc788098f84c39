package io.detectionstudio.data.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.proto.tf.Example;
import io.detectionstudio.proto.tf.Feature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.framework.data.DatasetIterator;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.ParseSingleExample;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * TensorFlow's own TFRecord reader ({@code TFRecordDataset}) and example parser ({@code ParseSingleExample}), in
 * graph mode, read what we write: the same records, the same keys and values. Its PNG and JPEG decoders decode
 * our masks and the stored pixels our boxes refer to.
 */
class TensorFlowReadsOurRecordsTest {

    private static final List<String> FLOAT_KEYS = List.of(OdApiKeys.BBOX_XMIN, OdApiKeys.BBOX_XMAX, OdApiKeys.BBOX_YMIN,
            OdApiKeys.BBOX_YMAX, OdApiKeys.AREA, OdApiKeys.KEYPOINT_X, OdApiKeys.KEYPOINT_Y);
    private static final List<String> INT_KEYS = List.of(OdApiKeys.CLASS_LABEL, OdApiKeys.IS_CROWD, OdApiKeys.DIFFICULT,
            OdApiKeys.KEYPOINT_VISIBILITY);
    private static final List<String> BYTES_KEYS = List.of(OdApiKeys.CLASS_TEXT, OdApiKeys.MASK);
    private static final List<String> DENSE_KEYS = List.of(OdApiKeys.IMAGE_HEIGHT, OdApiKeys.IMAGE_WIDTH,
            OdApiKeys.IMAGE_ENCODED, OdApiKeys.IMAGE_SOURCE_ID, OdApiKeys.IMAGE_FORMAT);

    @TempDir
    Path dir;

    /** What TensorFlow parsed from one record. */
    record Parsed(Map<String, float[]> floats, Map<String, long[]> ints, Map<String, List<byte[]>> bytes, long height,
                  long width, byte[] encoded, String sourceId, String format) {
    }

    @Test
    void tensorFlowReadsTheGoldenFileWithOurValues() throws Exception {
        Path golden = TfRecordFormatTest.RESOURCES.resolve("tiny.record");
        assertSameAsOurs(golden, readWithTensorFlow(golden));
    }

    @Test
    void tensorFlowReadsShardsMasksAndRotatedImagesAsWeMeantThem() throws Exception {
        Dataset d = TfRecordFormatTest.rotated(dir.resolve("photos"));
        Path rotated = dir.resolve("rot.record");
        new TfRecordFormat().write(d, rotated);
        List<Parsed> parsed = readWithTensorFlow(rotated);
        assertSameAsOurs(rotated, parsed);
        Parsed p = parsed.get(0);
        // TensorFlow decodes the stored 16x32 pixels; our box [0, 0.5] x [0.5, 1] of them is the red quadrant.
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TUint8> image = tf.image.decodeJpeg(tf.constant(TString.tensorOfBytes(
                    org.tensorflow.ndarray.NdArrays.scalarOfObject(p.encoded()))));
            Operand<TUint8> mask = tf.image.decodePng(tf.constant(TString.tensorOfBytes(
                    org.tensorflow.ndarray.NdArrays.scalarOfObject(p.bytes().get(OdApiKeys.MASK).get(0)))), TUint8.class);
            try (Result r = s.runner().fetch(image).fetch(mask).run()) {
                TUint8 im = (TUint8) r.get(0);
                TUint8 m = (TUint8) r.get(1);
                assertThat(im.shape()).isEqualTo(Shape.of(32, 16, 3));
                assertThat(m.shape()).isEqualTo(Shape.of(32, 16, 1));
                int x0 = Math.round(p.floats().get(OdApiKeys.BBOX_XMIN)[0] * 16);
                int x1 = Math.round(p.floats().get(OdApiKeys.BBOX_XMAX)[0] * 16);
                int y0 = Math.round(p.floats().get(OdApiKeys.BBOX_YMIN)[0] * 32);
                int y1 = Math.round(p.floats().get(OdApiKeys.BBOX_YMAX)[0] * 32);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 16; x++) {
                        boolean inside = x >= x0 && x < x1 && y >= y0 && y < y1;
                        int red = im.getByte(y, x, 0) & 0xff;
                        int green = im.getByte(y, x, 1) & 0xff;
                        if (inside) {
                            assertThat(red).as("red at stored (%d, %d)", x, y).isGreaterThan(200);
                            assertThat(green).as("green at stored (%d, %d)", x, y).isLessThan(60);
                        } else {
                            assertThat(red > 200 && green < 60 && (im.getByte(y, x, 2) & 0xff) < 60)
                                    .as("not red at stored (%d, %d)", x, y).isFalse();
                        }
                        assertThat(m.getByte(y, x, 0)).as("mask at stored (%d, %d)", x, y).isEqualTo((byte) (inside ? 1 : 0));
                    }
                }
            }
        }

        // Shards: TensorFlow gets every record of every shard.
        List<Path> shards = new TfRecordFormat().write(TfRecordFormatTest.tiny(), dir.resolve("train.record"), 2);
        List<Parsed> all = readWithTensorFlow(shards.toArray(Path[]::new));
        assertThat(all).extracting(Parsed::sourceId).containsExactly("1", "2");
        assertSameAsOurs(shards.get(0), all.subList(0, 1));
        assertSameAsOurs(shards.get(1), all.subList(1, 2));
    }

    @Test
    void tensorFlowAlsoRejectsTheDamageWeReport() throws Exception {
        Path rec = dir.resolve("bad.record");
        byte[] bytes = Files.readAllBytes(TfRecordFormatTest.RESOURCES.resolve("tiny.record"));
        bytes[bytes.length - 1] ^= 0x10;
        Files.write(rec, bytes);
        assertThat(TfRecordFiles.readAll(rec).damage().message()).startsWith("bad CRC of the record's");
        assertThatThrownBy(() -> readWithTensorFlow(rec)).hasMessageContaining("corrupted record");
    }

    /** TensorFlow's values equal the ones our generated tf.Example classes parse, record by record. */
    private static void assertSameAsOurs(Path file, List<Parsed> parsed) throws Exception {
        List<Example> ours = TfRecordFormatTest.examples(file);
        assertThat(parsed).hasSameSizeAs(ours);
        for (int i = 0; i < ours.size(); i++) {
            Map<String, Feature> f = ours.get(i).getFeatures().getFeatureMap();
            Parsed p = parsed.get(i);
            for (String key : FLOAT_KEYS) {
                List<Float> expected = f.containsKey(key) ? f.get(key).getFloatList().getValueList() : List.of();
                float[] got = p.floats().get(key);
                assertThat(got).as(key).hasSize(expected.size());
                for (int j = 0; j < got.length; j++) {
                    assertThat(got[j]).as("%s[%d]", key, j).isEqualTo(expected.get(j));
                }
            }
            for (String key : INT_KEYS) {
                List<Long> expected = f.containsKey(key) ? f.get(key).getInt64List().getValueList() : List.of();
                assertThat(p.ints().get(key)).as(key).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
            }
            for (String key : BYTES_KEYS) {
                List<byte[]> expected = f.containsKey(key)
                        ? f.get(key).getBytesList().getValueList().stream().map(b -> b.toByteArray()).toList() : List.of();
                assertThat(p.bytes().get(key)).as(key).containsExactlyElementsOf(expected);
            }
            assertThat(p.height()).isEqualTo(f.get(OdApiKeys.IMAGE_HEIGHT).getInt64List().getValue(0));
            assertThat(p.width()).isEqualTo(f.get(OdApiKeys.IMAGE_WIDTH).getInt64List().getValue(0));
            assertThat(p.encoded()).isEqualTo(f.get(OdApiKeys.IMAGE_ENCODED).getBytesList().getValue(0).toByteArray());
            assertThat(p.sourceId()).isEqualTo(f.get(OdApiKeys.IMAGE_SOURCE_ID).getBytesList().getValue(0).toStringUtf8());
            assertThat(p.format()).isEqualTo(f.get(OdApiKeys.IMAGE_FORMAT).getBytesList().getValue(0).toStringUtf8());
        }
    }

    /** Every record of the files, in order, through {@code TFRecordDataset} and {@code ParseSingleExample}. */
    @SuppressWarnings("unchecked")
    static List<Parsed> readWithTensorFlow(Path... file) {
        List<Path> files = List.of(file);
        List<String> sparseKeys = new ArrayList<>();
        List<Class<? extends TType>> sparseTypes = new ArrayList<>();
        FLOAT_KEYS.forEach(k -> {
            sparseKeys.add(k);
            sparseTypes.add(TFloat32.class);
        });
        INT_KEYS.forEach(k -> {
            sparseKeys.add(k);
            sparseTypes.add(TInt64.class);
        });
        BYTES_KEYS.forEach(k -> {
            sparseKeys.add(k);
            sparseTypes.add(TString.class);
        });
        List<Parsed> out = new ArrayList<>();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            // TFRecordDataset, the op tf.data.TFRecordDataset uses without byte offsets. (TFRecordDatasetV2, which
            // the framework's helper of 1.1.0 builds, fails when TensorFlow 2.18 re-serializes it for the iterator.)
            String[] names = files.stream().map(Path::toString).toArray(String[]::new);
            Output<?> handle = tf.scope().opBuilder("TFRecordDataset", "records")
                    .addInput(tf.constant(StandardCharsets.UTF_8, names).asOutput())
                    .addInput(tf.constant("").asOutput()).addInput(tf.constant(0L).asOutput()).build().output(0);
            org.tensorflow.framework.data.Dataset records = new org.tensorflow.framework.data.Dataset(tf, handle,
                    List.of(TString.class), List.of(Shape.scalar())) { };
            DatasetIterator it = records.makeInitializeableIterator();
            Operand<TString> serialized = (Operand<TString>) it.getNext().get(0);
            // Dense keys with empty defaults are required; the others are VarLen (sparse) lists.
            List<Operand<?>> defaults = List.of(tf.constant(new long[0]), tf.constant(new long[0]),
                    tf.constant(Shape.of(0), org.tensorflow.ndarray.buffer.DataBuffers.ofObjects(String.class, 0)), tf.constant(Shape.of(0), org.tensorflow.ndarray.buffer.DataBuffers.ofObjects(String.class, 0)), tf.constant(Shape.of(0), org.tensorflow.ndarray.buffer.DataBuffers.ofObjects(String.class, 0)));
            ParseSingleExample parse = tf.io.parseSingleExample(serialized, defaults, (long) sparseKeys.size(),
                    sparseKeys, DENSE_KEYS, sparseTypes,
                    List.of(Shape.scalar(), Shape.scalar(), Shape.scalar(), Shape.scalar(), Shape.scalar()));
            s.run(it.getInitializer());
            while (true) {
                Session.Runner runner = s.runner();
                for (Output<?> v : parse.sparseValues()) {
                    runner.fetch(v);
                }
                for (Output<?> v : parse.denseValues()) {
                    runner.fetch(v);
                }
                try (Result r = runner.run()) {
                    Map<String, float[]> floats = new java.util.HashMap<>();
                    Map<String, long[]> ints = new java.util.HashMap<>();
                    Map<String, List<byte[]>> bytes = new java.util.HashMap<>();
                    int i = 0;
                    for (String k : FLOAT_KEYS) {
                        TFloat32 t = (TFloat32) r.get(i++);
                        float[] v = new float[(int) t.size()];
                        for (int j = 0; j < v.length; j++) {
                            v[j] = t.getFloat(j);
                        }
                        floats.put(k, v);
                    }
                    for (String k : INT_KEYS) {
                        TInt64 t = (TInt64) r.get(i++);
                        long[] v = new long[(int) t.size()];
                        for (int j = 0; j < v.length; j++) {
                            v[j] = t.getLong(j);
                        }
                        ints.put(k, v);
                    }
                    for (String k : BYTES_KEYS) {
                        TString t = (TString) r.get(i++);
                        List<byte[]> v = new ArrayList<>();
                        for (int j = 0; j < t.size(); j++) {
                            v.add(t.asBytes().getObject(j));
                        }
                        bytes.put(k, v);
                    }
                    long height = ((TInt64) r.get(i++)).getLong();
                    long width = ((TInt64) r.get(i++)).getLong();
                    byte[] encoded = ((TString) r.get(i++)).asBytes().getObject();
                    String sourceId = new String(((TString) r.get(i++)).asBytes().getObject(), StandardCharsets.UTF_8);
                    String format = new String(((TString) r.get(i)).asBytes().getObject(), StandardCharsets.UTF_8);
                    out.add(new Parsed(floats, ints, bytes, height, width, encoded, sourceId, format));
                } catch (TFOutOfRangeException end) {
                    return out;
                }
            }
        }
    }
}
