package io.detectionstudio.model.tflite;

import com.google.flatbuffers.Table;
import io.detectionstudio.model.ModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TensorFlow Lite flatbuffer ({@code schema.fbs}, file identifier {@code TFL3}) read into plain Java: the first
 * subgraph's tensors (shape, type, buffer, quantization) and operators (builtin code, inputs, outputs and the
 * options of the convolutions), and the model's buffers. Only what importing weights needs is read; every other
 * table is skipped. The accessors are what {@code flatc --java} generates for those fields, written out by hand on
 * {@code flatbuffers-java}'s {@link Table} (see {@code package-info}).
 *
 * <p>Every offset and length is checked against the file before it is followed or allocated, so a damaged or
 * hostile file ends in a one-line {@link ModelException} naming it, never another exception.
 */
public record TfliteModel(Path file, String description, List<Tensor> tensors, List<Operator> operators,
                          List<ByteBuffer> buffers, List<Integer> inputs, List<Integer> outputs) {

    /** The largest file read (the biggest MobileNet we know is ~14 MB; a detector a few tens of MB). */
    public static final long MAX_BYTES = 512L << 20;

    /** TFLite's {@code TensorType} values we name; others keep their number. */
    public enum Type {
        FLOAT32(0, 4), FLOAT16(1, 2), INT32(2, 4), UINT8(3, 1), INT64(4, 8), STRING(5, 1), BOOL(6, 1), INT16(7, 2),
        COMPLEX64(8, 8), INT8(9, 1), FLOAT64(10, 8), OTHER(-1, 1);

        final int code;
        final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return OTHER;
        }
    }

    /** The builtin operators we use by name ({@code BuiltinOperator} in the schema). */
    public static final int ADD = 0;
    public static final int AVERAGE_POOL_2D = 1;
    public static final int CONV_2D = 3;
    public static final int DEPTHWISE_CONV_2D = 4;
    public static final int DEQUANTIZE = 6;
    public static final int FULLY_CONNECTED = 9;
    public static final int RESHAPE = 22;
    public static final int SOFTMAX = 25;
    public static final int PAD = 34;
    public static final int MEAN = 40;
    public static final int QUANTIZE = 114;

    /**
     * Quantization of a tensor: {@code real = scale * (q - zeroPoint)}, per tensor (one scale) or per channel along
     * {@code axis}.
     */
    public record Quantization(float[] scale, long[] zeroPoint, int axis) {

        public boolean isPresent() {
            return scale.length > 0;
        }
    }

    /** A tensor of the first subgraph; {@code buffer} indexes {@link #buffers()} (0 and empty buffers: no data). */
    public record Tensor(int index, String name, int[] shape, Type type, int buffer, Quantization quantization) {

        /** The number of values, or -1 when it does not fit a long. */
        public long elementCount() {
            long n = 1;
            try {
                for (int d : shape) {
                    n = Math.multiplyExact(n, d);
                }
            } catch (ArithmeticException e) {
                return -1;
            }
            return n;
        }
    }

    /**
     * An operator of the first subgraph. For CONV_2D and DEPTHWISE_CONV_2D the options are read: padding
     * ({@code SAME} or {@code VALID}), strides, dilations and the fused activation ({@code NONE}, {@code RELU},
     * {@code RELU6}, ...); for other operators they hold zeros.
     */
    public record Operator(int code, String customCode, int[] inputs, int[] outputs, String padding, int strideH,
                           int strideW, int dilationH, int dilationW, String activation) {
    }

    /** The values of a constant tensor as floats, dequantized where it is quantized. */
    public float[] floats(Tensor t) throws ModelException {
        ByteBuffer data = buffers.get(t.buffer()).duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long n = t.elementCount();
        if (n < 0 || n > Integer.MAX_VALUE || n * t.type().bytes != data.remaining()) {
            throw new ModelException(file + ": tensor " + printable(t.name()) + " has " + data.remaining() + " bytes of data for "
                    + n + " values of " + t.type());
        }
        float[] out = new float[(int) n];
        Quantization q = t.quantization();
        int channels = q.scale().length;
        int axis = q.axis();
        int inner = 1;
        if (channels > 1) {
            if (axis < 0 || axis >= t.shape().length || t.shape()[axis] != channels) {
                throw new ModelException(file + ": tensor " + printable(t.name()) + " has " + channels + " scales for axis " + axis);
            }
            for (int d = axis + 1; d < t.shape().length; d++) {
                inner *= t.shape()[d];
            }
        }
        for (int i = 0; i < n; i++) {
            double raw = switch (t.type()) {
                case FLOAT32 -> data.getFloat(4 * i);
                case INT8 -> data.get(i);
                case UINT8 -> data.get(i) & 0xFF;
                case INT32 -> data.getInt(4 * i);
                case INT16 -> data.getShort(2 * i);
                default -> throw new ModelException(file + ": tensor " + printable(t.name()) + " has type " + t.type() + ", not supported");
            };
            if (channels > 0 && t.type() != Type.FLOAT32) {
                int c = channels == 1 ? 0 : (i / inner) % channels;
                long zero = q.zeroPoint().length == 0 ? 0 : q.zeroPoint()[Math.min(c, q.zeroPoint().length - 1)];
                raw = q.scale()[c] * (raw - zero);
            }
            out[i] = (float) raw;
        }
        return out;
    }

    /**
     * A name read from the file, fit for a one-line message: control characters escaped ({@code \\uXXXX}), cut to 80
     * characters, quoted.
     */
    public static String printable(String name) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < name.length() && i < 80; i++) {
            char c = name.charAt(i);
            b.append(Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append(name.length() > 80 ? "...\"" : "\"").toString();
    }

    /** Whether the tensor holds constant data (a weight or bias). */
    public boolean hasData(Tensor t) {
        return t.buffer() > 0 && t.buffer() < buffers.size() && buffers.get(t.buffer()).remaining() > 0;
    }

    /** Reads a {@code .tflite} file. */
    public static TfliteModel read(Path file) throws ModelException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ModelException(file + ": " + size + " bytes, more than the " + (MAX_BYTES >> 20)
                        + " MB a TFLite model may have here");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file, bytes);
    }

    /** Parses the bytes of a {@code .tflite} file ({@code file} only names it in messages). */
    public static TfliteModel parse(Path file, byte[] bytes) throws ModelException {
        if (bytes.length < 8 || bytes[4] != 'T' || bytes[5] != 'F' || bytes[6] != 'L' || bytes[7] != '3') {
            throw new ModelException(file + ": not a TensorFlow Lite model (no TFL3 identifier)");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            return new Reader(file, bb).model();
        } catch (IndexOutOfBoundsException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new ModelException(file + ": damaged TensorFlow Lite model (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Walks the flatbuffer with bounds checks; {@link Node} is a generated-style table accessor. */
    private static final class Reader {
        private final Path file;
        private final ByteBuffer bb;

        Reader(Path file, ByteBuffer bb) {
            this.file = file;
            this.bb = bb;
        }

        TfliteModel model() throws ModelException {
            Node model = node(bb.getInt(0));
            String description = model.string(3);
            int subgraphs = model.vectorLength(2);
            if (subgraphs < 1) {
                throw new ModelException(file + ": a TensorFlow Lite model without a subgraph");
            }
            Node graph = model.table(2, 0);
            List<OperatorCode> codes = new ArrayList<>();
            for (int i = 0, n = model.vectorLength(1); i < n; i++) {
                Node c = model.table(1, i);
                int deprecated = c.byteField(0, 0);
                int builtin = c.intField(3, 0);
                codes.add(new OperatorCode(Math.max(deprecated, builtin), c.string(1)));
            }
            List<ByteBuffer> buffers = new ArrayList<>();
            for (int i = 0, n = model.vectorLength(4); i < n; i++) {
                Node b = model.table(4, i);
                long offset = b.longField(1, 0);
                long size = b.longField(2, 0);
                if (offset > 1) {
                    if (offset + size > bb.capacity() || size < 0) {
                        throw new ModelException(file + ": buffer " + i + " lies outside the file");
                    }
                    buffers.add(bb.duplicate().position((int) offset).limit((int) (offset + size)).slice());
                } else {
                    buffers.add(b.byteVector(0));
                }
            }
            List<Tensor> tensors = new ArrayList<>();
            for (int i = 0, n = graph.vectorLength(0); i < n; i++) {
                Node t = graph.table(0, i);
                int[] shape = t.intVector(0);
                for (int d : shape) {
                    if (d < 0) {
                        throw new ModelException(file + ": tensor " + i + " has a negative dimension");
                    }
                }
                int buffer = (int) t.uintField(2);
                if (buffer < 0 || buffer >= Math.max(1, buffers.size())) {
                    throw new ModelException(file + ": tensor " + i + " names buffer " + buffer + " of " + buffers.size());
                }
                Quantization q = new Quantization(new float[0], new long[0], 0);
                if (t.present(4)) {
                    Node qn = t.table(4);
                    q = new Quantization(qn.floatVector(2), qn.longVector(3), qn.intField(6, 0));
                }
                tensors.add(new Tensor(i, t.string(3), shape, Type.of(t.byteField(1, 0)), buffer, q));
            }
            List<Operator> operators = new ArrayList<>();
            for (int i = 0, n = graph.vectorLength(3); i < n; i++) {
                Node o = graph.table(3, i);
                int index = (int) o.uintField(0);
                if (index < 0 || index >= codes.size()) {
                    throw new ModelException(file + ": operator " + i + " has opcode index " + index + " of " + codes.size());
                }
                OperatorCode code = codes.get(index);
                int[] in = o.intVector(1);
                int[] out = o.intVector(2);
                for (int[] ids : new int[][] {in, out}) {
                    for (int id : ids) {
                        if (id < -1 || id >= tensors.size()) {
                            throw new ModelException(file + ": operator " + i + " names tensor " + id + " of " + tensors.size());
                        }
                    }
                }
                String padding = "";
                int sh = 0;
                int sw = 0;
                int dh = 0;
                int dw = 0;
                String act = "";
                if ((code.code == CONV_2D || code.code == DEPTHWISE_CONV_2D) && o.present(4)) {
                    Node opt = o.table(4);
                    // Conv2DOptions: padding, stride_w, stride_h, fused_activation_function, dilation_w, dilation_h.
                    // DepthwiseConv2DOptions: padding, stride_w, stride_h, depth_multiplier, fused_activation_function,
                    // dilation_w, dilation_h.
                    boolean dw3 = code.code == DEPTHWISE_CONV_2D;
                    padding = opt.byteField(0, 0) == 0 ? "SAME" : "VALID";
                    sw = opt.intField(1, 1);
                    sh = opt.intField(2, 1);
                    act = activation(opt.byteField(dw3 ? 4 : 3, 0));
                    dw = opt.intField(dw3 ? 5 : 4, 1);
                    dh = opt.intField(dw3 ? 6 : 5, 1);
                }
                operators.add(new Operator(code.code, code.custom, in, out, padding, sh, sw, dh, dw, act));
            }
            return new TfliteModel(file, description, List.copyOf(tensors), List.copyOf(operators), List.copyOf(buffers),
                    boxed(graph.intVector(1)), boxed(graph.intVector(2)));
        }

        private static List<Integer> boxed(int[] values) {
            return java.util.Arrays.stream(values).boxed().toList();
        }

        private static String activation(int code) {
            return switch (code) {
                case 0 -> "NONE";
                case 1 -> "RELU";
                case 2 -> "RELU_N1_TO_1";
                case 3 -> "RELU6";
                case 4 -> "TANH";
                default -> "OTHER";
            };
        }

        private Node node(int position) throws ModelException {
            if (position < 0 || position + 4 > bb.capacity()) {
                throw new ModelException(file + ": a table lies outside the file (offset " + position + ")");
            }
            Node n = new Node(this);
            n.reset(position, bb);
            int vtable = position - bb.getInt(position);
            if (vtable < 0 || vtable + 4 > bb.capacity()) {
                throw new ModelException(file + ": a table's vtable lies outside the file (offset " + position + ")");
            }
            int vtableSize = bb.getShort(vtable) & 0xFFFF;
            if (vtableSize < 4 || vtable + vtableSize > bb.capacity()) {
                throw new ModelException(file + ": a table's vtable is damaged (offset " + vtable + ")");
            }
            return n;
        }
    }

    private record OperatorCode(int code, String custom) {
    }

    /**
     * One table, with checked versions of the accessors {@code flatc} generates: field {@code i} sits at vtable
     * offset {@code 4 + 2i}.
     */
    private static final class Node extends Table {
        private final Reader reader;

        Node(Reader reader) {
            this.reader = reader;
        }

        void reset(int position, ByteBuffer buffer) {
            __reset(position, buffer);
        }

        private int field(int i) {
            return __offset(4 + 2 * i);
        }

        boolean present(int i) {
            return field(i) != 0;
        }

        int byteField(int i, int otherwise) {
            int o = field(i);
            return o != 0 ? bb.get(o + bb_pos) : otherwise;
        }

        int intField(int i, int otherwise) {
            int o = field(i);
            return o != 0 ? bb.getInt(o + bb_pos) : otherwise;
        }

        long uintField(int i) {
            int o = field(i);
            return o != 0 ? bb.getInt(o + bb_pos) & 0xFFFFFFFFL : 0;
        }

        long longField(int i, long otherwise) {
            int o = field(i);
            return o != 0 ? bb.getLong(o + bb_pos) : otherwise;
        }

        String string(int i) throws ModelException {
            int o = field(i);
            if (o == 0) {
                return "";
            }
            int start = checkedVector(o, 1);
            int len = bb.getInt(start - 4);
            return new String(bb.array(), start, len, java.nio.charset.StandardCharsets.UTF_8);
        }

        Node table(int i) throws ModelException {
            int o = field(i);
            return reader.node(__indirect(o + bb_pos));
        }

        int vectorLength(int i) throws ModelException {
            int o = field(i);
            if (o == 0) {
                return 0;
            }
            checkedVector(o, 4);
            return __vector_len(o);
        }

        Node table(int i, int j) throws ModelException {
            int o = field(i);
            int start = checkedVector(o, 4);
            return reader.node(__indirect(start + 4 * j));
        }

        ByteBuffer byteVector(int i) throws ModelException {
            int o = field(i);
            if (o == 0) {
                return ByteBuffer.allocate(0);
            }
            int start = checkedVector(o, 1);
            return bb.duplicate().position(start).limit(start + __vector_len(o)).slice();
        }

        int[] intVector(int i) throws ModelException {
            int o = field(i);
            if (o == 0) {
                return new int[0];
            }
            int start = checkedVector(o, 4);
            int[] out = new int[__vector_len(o)];
            for (int k = 0; k < out.length; k++) {
                out[k] = bb.getInt(start + 4 * k);
            }
            return out;
        }

        float[] floatVector(int i) throws ModelException {
            int o = field(i);
            if (o == 0) {
                return new float[0];
            }
            int start = checkedVector(o, 4);
            float[] out = new float[__vector_len(o)];
            for (int k = 0; k < out.length; k++) {
                out[k] = bb.getFloat(start + 4 * k);
            }
            return out;
        }

        long[] longVector(int i) throws ModelException {
            int o = field(i);
            if (o == 0) {
                return new long[0];
            }
            int start = checkedVector(o, 8);
            long[] out = new long[__vector_len(o)];
            for (int k = 0; k < out.length; k++) {
                out[k] = bb.getLong(start + 8 * k);
            }
            return out;
        }

        /** The first element's position of the vector at field offset {@code o}, after checking it fits the file. */
        private int checkedVector(int o, int elementBytes) throws ModelException {
            int at = o + bb_pos;
            long start = (long) at + bb.getInt(at) + 4;
            if (start < 4 || start > bb.capacity()) {
                throw new ModelException(reader.file + ": a vector lies outside the file (offset " + at + ")");
            }
            long len = bb.getInt((int) start - 4) & 0xFFFFFFFFL;
            if (start + len * elementBytes > bb.capacity()) {
                throw new ModelException(reader.file + ": a vector of " + len + " elements runs past the end of the file");
            }
            return (int) start;
        }
    }
}
