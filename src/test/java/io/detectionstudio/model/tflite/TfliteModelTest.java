package io.detectionstudio.model.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import io.detectionstudio.model.ModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The TFLite reader on a small model written here with {@code flatbuffers-java}'s builder, field by field as
 * {@code schema.fbs} numbers them: one 3x3 conv with int8 per-channel weights and int32 biases, and the damaged
 * versions of it that must end in a one-line {@link ModelException}.
 */
class TfliteModelTest {

    static final Path NAME = Path.of("tiny.tflite");

    /** A model: input [1,8,8,3] float, a CONV_2D (stride 2, SAME, RELU6) with weights [2,3,3,3] int8 per channel. */
    static byte[] tinyModel() {
        FlatBufferBuilder b = new FlatBufferBuilder(1024);
        // Buffers: 0 empty (the convention), 1 weights (54 int8), 2 bias (2 int32).
        byte[] weights = new byte[2 * 3 * 3 * 3];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) (i - 27);
        }
        ByteBuffer bias = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(100).putInt(-50);
        int empty = buffer(b, new byte[0]);
        int w = buffer(b, weights);
        int bi = buffer(b, bias.array());
        int buffers = vectorOfTables(b, empty, w, bi);

        int tInput = tensor(b, "input", new int[] {1, 8, 8, 3}, 0, 0, -1, null, null);
        int tWeights = tensor(b, "conv/weights", new int[] {2, 3, 3, 3}, 9, 1, 0, new float[] {0.5f, 0.25f}, new long[] {0, 0});
        int tBias = tensor(b, "conv/bias", new int[] {2}, 2, 2, 0, new float[] {0.01f, 0.02f}, new long[] {0, 0});
        int tOut = tensor(b, "output", new int[] {1, 4, 4, 2}, 0, 0, -1, null, null);
        int tensors = vectorOfTables(b, tInput, tWeights, tBias, tOut);

        // Conv2DOptions: padding SAME (0), stride_w 2, stride_h 2, fused_activation_function RELU6 (3).
        b.startTable(6);
        b.addInt(1, 2, 0);
        b.addInt(2, 2, 0);
        b.addByte(3, (byte) 3, 0);
        int options = b.endTable();
        int inputs = b.createVectorOfTables(new int[0]);
        b.startVector(4, 3, 4);
        b.addInt(2);
        b.addInt(1);
        b.addInt(0);
        inputs = b.endVector();
        b.startVector(4, 1, 4);
        b.addInt(3);
        int outputs = b.endVector();
        b.startTable(6);
        b.addInt(0, 0, 0);
        b.addOffset(1, inputs, 0);
        b.addOffset(2, outputs, 0);
        b.addByte(3, (byte) 1, 0);
        b.addOffset(4, options, 0);
        int op = b.endTable();
        int operators = vectorOfTables(b, op);

        b.startVector(4, 1, 4);
        b.addInt(0);
        int gIn = b.endVector();
        b.startVector(4, 1, 4);
        b.addInt(3);
        int gOut = b.endVector();
        b.startTable(5);
        b.addOffset(0, tensors, 0);
        b.addOffset(1, gIn, 0);
        b.addOffset(2, gOut, 0);
        b.addOffset(3, operators, 0);
        int graph = b.endTable();
        int subgraphs = vectorOfTables(b, graph);

        b.startTable(4);
        b.addInt(3, 3, 0); // builtin_code CONV_2D
        b.addByte(0, (byte) 3, 0); // deprecated_builtin_code
        b.addInt(2, 1, 0);
        int code = b.endTable();
        int codes = vectorOfTables(b, code);
        int description = b.createString("tiny test model");

        b.startTable(5);
        b.addInt(0, 3, 0);
        b.addOffset(1, codes, 0);
        b.addOffset(2, subgraphs, 0);
        b.addOffset(3, description, 0);
        b.addOffset(4, buffers, 0);
        int model = b.endTable();
        b.finish(model, "TFL3");
        return b.sizedByteArray();
    }

    private static int buffer(FlatBufferBuilder b, byte[] data) {
        int v = b.createByteVector(data);
        b.startTable(3);
        b.addOffset(0, v, 0);
        return b.endTable();
    }

    private static int vectorOfTables(FlatBufferBuilder b, int... tables) {
        return b.createVectorOfTables(tables);
    }

    private static int tensor(FlatBufferBuilder b, String name, int[] shape, int type, int buffer, int axis, float[] scale, long[] zero) {
        int n = b.createString(name);
        b.startVector(4, shape.length, 4);
        for (int i = shape.length - 1; i >= 0; i--) {
            b.addInt(shape[i]);
        }
        int s = b.endVector();
        int q = 0;
        if (scale != null) {
            b.startVector(4, scale.length, 4);
            for (int i = scale.length - 1; i >= 0; i--) {
                b.addFloat(scale[i]);
            }
            int sv = b.endVector();
            b.startVector(8, zero.length, 8);
            for (int i = zero.length - 1; i >= 0; i--) {
                b.addLong(zero[i]);
            }
            int zv = b.endVector();
            b.startTable(7);
            b.addOffset(2, sv, 0);
            b.addOffset(3, zv, 0);
            b.addInt(6, axis, 0);
            q = b.endTable();
        }
        b.startTable(8);
        b.addOffset(0, s, 0);
        b.addByte(1, (byte) type, 0);
        b.addInt(2, buffer, 0);
        b.addOffset(3, n, 0);
        if (q != 0) {
            b.addOffset(4, q, 0);
        }
        return b.endTable();
    }

    @Test
    void readsTensorsOperatorsAndQuantization() throws Exception {
        TfliteModel m = TfliteModel.parse(NAME, tinyModel());
        assertThat(m.description()).isEqualTo("tiny test model");
        assertThat(m.tensors()).hasSize(4);
        assertThat(m.inputs()).containsExactly(0);
        assertThat(m.outputs()).containsExactly(3);
        TfliteModel.Operator op = m.operators().get(0);
        assertThat(op.code()).isEqualTo(TfliteModel.CONV_2D);
        assertThat(op.inputs()).containsExactly(0, 1, 2);
        assertThat(op.padding()).isEqualTo("SAME");
        assertThat(op.strideH()).isEqualTo(2);
        assertThat(op.strideW()).isEqualTo(2);
        assertThat(op.dilationH()).isEqualTo(1);
        assertThat(op.activation()).isEqualTo("RELU6");
        TfliteModel.Tensor w = m.tensors().get(1);
        assertThat(w.type()).isEqualTo(TfliteModel.Type.INT8);
        assertThat(w.shape()).containsExactly(2, 3, 3, 3);
        float[] values = m.floats(w);
        // Channel 0 (first 27 values) scale 0.5, channel 1 scale 0.25: q = i - 27.
        assertThat(values[0]).isEqualTo(-27 * 0.5f);
        assertThat(values[26]).isEqualTo(-1 * 0.5f);
        assertThat(values[27]).isEqualTo(0f);
        assertThat(values[53]).isEqualTo(26 * 0.25f);
        assertThat(m.floats(m.tensors().get(2))).containsExactly(1.0f, -1.0f);
        assertThat(m.hasData(m.tensors().get(0))).isFalse();
    }

    @Test
    void refusesWhatIsNotTflite() {
        assertThatThrownBy(() -> TfliteModel.parse(NAME, "{\"not\": \"a model\"}".getBytes()))
                .isInstanceOf(ModelException.class).hasMessage("tiny.tflite: not a TensorFlow Lite model (no TFL3 identifier)");
        assertThatThrownBy(() -> TfliteModel.parse(NAME, new byte[3])).isInstanceOf(ModelException.class);
    }

    @Test
    void refusesAModelThatIsNoMobileNet() throws Exception {
        TfliteModel m = TfliteModel.parse(NAME, tinyModel());
        assertThatThrownBy(() -> MobileNetV2Weights.from(m)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith("tiny.tflite: not a MobileNetV2 (1 convolutions");
    }

    /** Truncations and random byte changes: a model, or a one-line ModelException naming the file; nothing else. */
    @Test
    void damagedFilesEndInOneLine() {
        byte[] good = tinyModel();
        SplittableRandom random = new SplittableRandom(7);
        int refused = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bad;
            if (trial < good.length) {
                bad = Arrays.copyOf(good, trial);
            } else {
                bad = good.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    bad[8 + random.nextInt(bad.length - 8)] = (byte) random.nextInt(256);
                }
            }
            try {
                TfliteModel m = TfliteModel.parse(NAME, bad);
                for (TfliteModel.Tensor t : m.tensors()) {
                    if (m.hasData(t)) {
                        m.floats(t);
                    }
                }
                MobileNetV2Weights.from(m);
            } catch (ModelException e) {
                assertThat(e.getMessage()).startsWith("tiny.tflite: ").doesNotContain("\n");
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(good.length / 2);
    }
}
