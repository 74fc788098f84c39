package io.detectionstudio.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * A checkpoint written in the test by TensorFlow Java (variables of several dtypes and shapes, saved with the
 * {@code SaveV2} op, and with {@code Session.save}) is listed by the pure-Java index reader exactly as written and
 * read back value for value by {@link CheckpointReader}; damaged copies fail with one-line messages.
 */
class CheckpointRoundTripTest {

    @TempDir
    static Path dir;

    static Path prefix;
    static long firstTensorFlowStartMillis;

    static final float[] KERNEL = {0.5f, -1.25f, 3f, 1e-7f, 123456.78f, Float.MAX_VALUE};
    static final float[] BIAS = {0.1f, 0.2f, 0.3f};
    static final double[] RATIOS = {Math.PI, Math.E, -1e300, 1e-300};
    static final float[] HALF = {1.5f, -2f, 0.25f};
    static final long[] STEPS = {0, 1L << 40, -7, Long.MAX_VALUE};
    static final int[] COUNTS = {1, -2, Integer.MAX_VALUE};
    static final boolean[] MASK = {true, false, true};
    static final String[] LABELS = {"duck", "ente \uD83E\uDD86"};

    @BeforeAll
    static void writeCheckpoint() {
        long start = System.nanoTime();
        prefix = dir.resolve("train").resolve("ckpt-1");
        List<String> names = new ArrayList<>();
        List<Operand<?>> values = new ArrayList<>();
        try (Graph g = new Graph(); Session session = new Session(g)) {
            Ops tf = Ops.create(g);
            names.add("dense/kernel");
            values.add(tf.variable(tf.constant(new float[][] {{KERNEL[0], KERNEL[1], KERNEL[2]}, {KERNEL[3], KERNEL[4], KERNEL[5]}})));
            names.add("dense/bias");
            values.add(tf.variable(tf.constant(BIAS)));
            names.add("temperature");
            values.add(tf.variable(tf.constant(2.5f)));
            names.add("ratios");
            values.add(tf.variable(tf.constant(new double[][] {{RATIOS[0], RATIOS[1]}, {RATIOS[2], RATIOS[3]}})));
            names.add("half");
            values.add(tf.variable(tf.dtypes.cast(tf.constant(HALF), TFloat16.class)));
            names.add("steps");
            values.add(tf.variable(tf.constant(STEPS)));
            names.add("global_step");
            values.add(tf.variable(tf.constant(42L)));
            names.add("counts");
            values.add(tf.variable(tf.constant(COUNTS)));
            names.add("mask");
            values.add(tf.variable(tf.constant(MASK)));
            names.add("labels");
            values.add(tf.variable(tf.constant(StandardCharsets.UTF_8, LABELS)));
            names.add("note");
            values.add(tf.variable(tf.constant("hello")));
            names.add("empty");
            values.add(tf.variable(tf.zeros(tf.constant(new long[] {0, 4}), TFloat32.class)));
            String[] slices = new String[names.size()];
            Arrays.fill(slices, "");
            session.run(tf.train.save(tf.constant(prefix.toString()), tf.constant(StandardCharsets.UTF_8, names.toArray(new String[0])),
                    tf.constant(StandardCharsets.UTF_8, slices), values));
        }
        firstTensorFlowStartMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("CheckpointRoundTripTest: TensorFlow start and checkpoint write took " + firstTensorFlowStartMillis + " ms");
    }

    @Test
    void theIndexReaderSeesExactlyWhatWasWritten() throws Exception {
        assertThat(Files.isRegularFile(prefix.resolveSibling("ckpt-1.index"))).isTrue();
        assertThat(Files.isRegularFile(prefix.resolveSibling("ckpt-1.data-00000-of-00001"))).isTrue();
        List<String> lines = TensorBundleIndex.list(prefix).stream().map(VariableInfo::toString).toList();
        assertThat(lines).containsExactly(
                "counts int32 [3]",
                "dense/bias float32 [3]",
                "dense/kernel float32 [2, 3]",
                "empty float32 [0, 4]",
                "global_step int64 []",
                "half float16 [3]",
                "labels string [2]",
                "mask bool [3]",
                "note string []",
                "ratios float64 [2, 2]",
                "steps int64 [4]",
                "temperature float32 []");
        TensorBundleIndex index = TensorBundleIndex.read(prefix);
        assertThat(index.numShards()).isEqualTo(1);
        assertThat(index.variable("dense/kernel").orElseThrow().size()).isEqualTo(24);
        assertThat(index.variable("ratios").orElseThrow().size()).isEqualTo(32);
        assertThat(index.variable("empty").orElseThrow().elementCount()).isZero();
        // Python-style sharded saves write the same format; TF Java's single-shard SaveV2 writes uncompressed blocks.
        byte[] bytes = Files.readAllBytes(index.indexFile());
        assertThat(SsTable.fixed64(bytes, bytes.length - 8)).isEqualTo(SsTable.MAGIC);
    }

    @Test
    void theReaderGivesBackEveryValue() throws Exception {
        CheckpointReader reader = CheckpointReader.open(prefix);
        assertThat(reader.readFloats("dense/kernel")).containsExactly(KERNEL);
        assertThat(reader.readFloats("dense/bias")).containsExactly(BIAS);
        assertThat(reader.readFloats("temperature")).containsExactly(2.5f);
        assertThat(reader.readDoubles("ratios")).containsExactly(RATIOS);
        assertThat(reader.readFloats("half")).containsExactly(HALF);
        assertThat(reader.readDoubles("half")).containsExactly(1.5, -2, 0.25);
        assertThat(reader.readFloats("ratios")).containsExactly((float) Math.PI, (float) Math.E, Float.NEGATIVE_INFINITY, 0f);
        assertThat(reader.readLongs("steps")).containsExactly(STEPS);
        assertThat(reader.readLongs("global_step")).containsExactly(42L);
        assertThat(reader.readLongs("counts")).containsExactly(1, -2, Integer.MAX_VALUE);
        assertThat(reader.readInts("counts")).containsExactly(COUNTS);
        assertThat(reader.readBooleans("mask")).containsExactly(MASK);
        assertThat(reader.readStrings("labels")).containsExactly(LABELS);
        assertThat(reader.readBytes("labels")[1]).isEqualTo(LABELS[1].getBytes(StandardCharsets.UTF_8));
        assertThat(reader.readStrings("note")).containsExactly("hello");
        assertThat(reader.readFloats("empty")).isEmpty();

        assertThat(reader.readFloats(List.of())).isEmpty();
        Map<String, float[]> many = reader.readFloats(List.of("dense/bias", "dense/kernel", "temperature"));
        assertThat(many.keySet()).containsExactly("dense/bias", "dense/kernel", "temperature");
        assertThat(many.get("dense/kernel")).containsExactly(KERNEL);

        try (TFloat32 kernel = reader.readFloat32("dense/kernel")) {
            assertThat(kernel.shape()).isEqualTo(Shape.of(2, 3));
            assertThat(kernel.getFloat(1, 1)).isEqualTo(KERNEL[4]);
        }
        Map<String, Tensor> raw = reader.readTensors(List.of("steps", "note", "dense/kernel"));
        try {
            assertThat(raw.get("steps")).isInstanceOf(TInt64.class);
            assertThat(((TInt64) raw.get("steps")).getLong(1)).isEqualTo(1L << 40);
            assertThat(raw.get("note")).isInstanceOf(TString.class);
            assertThat(raw.get("note").shape()).isEqualTo(Shape.scalar());
            assertThat(raw.get("dense/kernel").shape()).isEqualTo(Shape.of(2, 3));
        } finally {
            raw.values().forEach(Tensor::close);
        }
    }

    @Test
    void wrongNamesAndTypesAreOneLine() throws Exception {
        CheckpointReader reader = CheckpointReader.open(prefix);
        assertThat(reader.contains("dense/kernel")).isTrue();
        assertThat(reader.contains("dense/kernal")).isFalse();
        assertThat(oneLine(() -> reader.readFloats("dense/kernal")))
                .isEqualTo(prefix + ": no tensor named dense/kernal in this checkpoint (12 tensors)");
        assertThat(oneLine(() -> reader.readFloats("steps"))).isEqualTo(prefix + ": steps is int64 [4], not a floating-point tensor");
        assertThat(oneLine(() -> reader.readInts("steps"))).isEqualTo(prefix + ": steps is int64 [4], not an int32, uint16 or uint8 tensor");
        assertThat(oneLine(() -> reader.readStrings("mask"))).isEqualTo(prefix + ": mask is bool [3], not a string tensor");
        assertThat(oneLine(() -> reader.readBooleans("labels"))).isEqualTo(prefix + ": labels is string [2], not a bool tensor");
    }

    @Test
    void sessionSaveCheckpointsAreReadByVariableName() throws Exception {
        Path saved = dir.resolve("session").resolve("ckpt");
        try (Graph g = new Graph(); Session session = new Session(g)) {
            Ops tf = Ops.create(g);
            Ops conv = tf.withSubScope("conv");
            conv.withName("kernel").variable(tf.constant(new float[][] {{1f, 2f}, {3f, 4f}}));
            conv.withName("bias").variable(tf.constant(new float[] {-1f, 1f}));
            session.initialize();
            session.save(saved.toString());
        }
        assertThat(TensorBundleIndex.list(saved).stream().map(VariableInfo::toString))
                .containsExactly("conv/bias float32 [2]", "conv/kernel float32 [2, 2]");
        CheckpointReader reader = CheckpointReader.open(saved);
        assertThat(reader.readFloats("conv/kernel")).containsExactly(1f, 2f, 3f, 4f);
        assertThat(reader.readFloats("conv/bias")).containsExactly(-1f, 1f);
    }

    @Test
    void damagedCopiesFailWithOneLine() throws Exception {
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        byte[] index = Files.readAllBytes(prefix.resolveSibling("ckpt-1.index"));
        byte[] data = Files.readAllBytes(prefix.resolveSibling("ckpt-1.data-00000-of-00001"));

        Path truncated = damaged.resolve("truncated");
        Files.write(damaged.resolve("truncated.index"), Arrays.copyOf(index, index.length - 10));
        Files.write(damaged.resolve("truncated.data-00000-of-00001"), data);
        assertThat(oneLine(() -> TensorBundleIndex.list(truncated)))
                .startsWith(damaged.resolve("truncated.index") + ": not a checkpoint index: bad table magic number");
        assertThat(oneLine(() -> CheckpointReader.open(truncated))).startsWith(damaged.resolve("truncated.index") + ": ");

        Path flipped = damaged.resolve("flipped");
        byte[] bad = index.clone();
        bad[index.length / 3] ^= 0x04;
        Files.write(damaged.resolve("flipped.index"), bad);
        assertThat(oneLine(() -> TensorBundleIndex.list(flipped)))
                .startsWith(damaged.resolve("flipped.index") + ": ").contains("fails its checksum").endsWith("the file is corrupt");

        // Values: the index is fine but a data byte is flipped; TensorFlow's own CRC check catches it.
        Path badData = damaged.resolve("bad-data");
        Files.write(damaged.resolve("bad-data.index"), index);
        byte[] d = data.clone();
        long kernelOffset = TensorBundleIndex.read(prefix).variable("dense/kernel").orElseThrow().offset();
        d[(int) kernelOffset + 5] ^= 0x01;
        Files.write(damaged.resolve("bad-data.data-00000-of-00001"), d);
        CheckpointReader reader = CheckpointReader.open(badData);
        assertThat(reader.readFloats("dense/bias")).containsExactly(BIAS);
        assertThat(oneLine(() -> reader.readFloats("dense/kernel")))
                .startsWith(badData + ": TensorFlow cannot restore dense/kernel: ").containsIgnoringCase("checksum");

        Path noData = damaged.resolve("no-data");
        Files.write(damaged.resolve("no-data.index"), index);
        assertThat(oneLine(() -> CheckpointReader.open(noData))).isEqualTo(damaged.resolve("no-data.data-00000-of-00001")
                + ": data file not found (the index no-data.index lists 1 data file; without it only names and shapes can be read)");
    }

    interface Call {
        void run() throws Exception;
    }

    private static String oneLine(Call call) {
        CheckpointException e = catchThrowableOfType(CheckpointException.class, call::run);
        assertThat(e).as("a CheckpointException").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\tat ");
        return e.getMessage();
    }
}
