package io.detectionstudio.model.checkpoint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Reads tensors of a checkpoint by name, for restoring pretrained weights: a checkpoint written by Python
 * ({@code tf.train.Checkpoint}, {@code tf.compat.v1.train.Saver}, a SavedModel's {@code variables/variables}) or by
 * TensorFlow Java ({@code SaveV2}, {@code Session.save}).
 *
 * <p>The names, dtypes and shapes come from the {@code .index} file ({@link TensorBundleIndex}, pure Java); the
 * values are read by TensorFlow itself, with the raw {@code RestoreV2} op in a small graph of its own, so every
 * check TensorFlow makes (data checksums, sizes, byte order, assembling partitioned variables) applies. Each
 * read builds and runs one graph; read many tensors at once with {@link #readFloats(Collection)} or
 * {@link #readTensors(Collection)}.
 *
 * <p>Values come back in row-major order (TensorFlow's), e.g. a conv kernel {@code [3, 3, 3, 32]} as 864 floats
 * with the output channel varying fastest. Floating-point tensors of any precision can be read as
 * {@code float} or {@code double} (cast in the graph); integers as {@code long} (and as {@code int} when they
 * fit); {@code bool}s and strings as they are. Anything else is a {@link CheckpointException}, as is a name that
 * is not in the checkpoint: the message is one line naming the checkpoint and the tensor.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class CheckpointReader {

    private final TensorBundleIndex index;

    private CheckpointReader(TensorBundleIndex index) {
        this.index = index;
    }

    /**
     * Opens a checkpoint: reads its index and checks that its data files are there.
     *
     * @param prefixOrIndexFile the checkpoint prefix ({@code .../ckpt-0}) or any other path
     *                          {@link TensorBundleIndex#read(Path)} accepts
     * @throws CheckpointException when the index cannot be read or a data file is missing
     */
    public static CheckpointReader open(Path prefixOrIndexFile) throws CheckpointException {
        TensorBundleIndex index = TensorBundleIndex.read(prefixOrIndexFile);
        List<Path> files = index.dataFiles();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                boolean one = files.size() == 1;
                throw new CheckpointException(f + ": data file not found (the index " + index.indexFile().getFileName() + " lists "
                        + files.size() + (one ? " data file; without it" : " data files; without them") + " only names and shapes can be read)");
            }
        }
        return new CheckpointReader(index);
    }

    /** The checkpoint's index. */
    public TensorBundleIndex index() {
        return index;
    }

    /** The checkpoint prefix that {@code RestoreV2} reads. */
    public Path prefix() {
        return index.prefix();
    }

    /** Every tensor of the checkpoint, as {@link TensorBundleIndex#variables()}. */
    public List<VariableInfo> variables() {
        return index.variables();
    }

    /** The tensor of that name, or a CheckpointException saying the checkpoint has none. */
    public VariableInfo variable(String name) throws CheckpointException {
        return index.variable(name).orElseThrow(() -> new CheckpointException(
                index.prefix() + ": no tensor named " + name + " in this checkpoint (" + index.variables().size() + " tensors)"));
    }

    /** Whether the checkpoint has a tensor of that name. */
    public boolean contains(String name) {
        return index.variable(name).isPresent();
    }

    /** A floating-point tensor (float16, bfloat16, float32 or float64) as float32, flattened in row-major order. */
    public float[] readFloats(String name) throws CheckpointException {
        return readFloats(List.of(name)).get(name);
    }

    /** Several floating-point tensors as float32 in one run, by name, in the order asked. */
    public Map<String, float[]> readFloats(Collection<String> names) throws CheckpointException {
        Map<String, float[]> values = new LinkedHashMap<>();
        List<String> list = distinct(names);
        List<Tensor> tensors = restore(list, TFloat32.class, FLOATING, "a floating-point tensor");
        try {
            for (int i = 0; i < list.size(); i++) {
                TFloat32 t = (TFloat32) tensors.get(i);
                float[] a = new float[length(list.get(i), t)];
                t.copyTo(DataBuffers.of(a, false, false));
                values.put(list.get(i), a);
            }
        } finally {
            closeAll(tensors);
        }
        return values;
    }

    /**
     * A floating-point tensor as a {@link TFloat32} of its shape; the caller owns it and must close it. Saves a
     * copy when the values go straight into a TensorFlow graph (e.g. fed to an {@code Assign}).
     */
    public TFloat32 readFloat32(String name) throws CheckpointException {
        return (TFloat32) restore(List.of(name), TFloat32.class, FLOATING, "a floating-point tensor").get(0);
    }

    /** A floating-point tensor as float64, flattened in row-major order. */
    public double[] readDoubles(String name) throws CheckpointException {
        List<Tensor> tensors = restore(List.of(name), TFloat64.class, FLOATING, "a floating-point tensor");
        try {
            TFloat64 t = (TFloat64) tensors.get(0);
            double[] a = new double[length(name, t)];
            t.copyTo(DataBuffers.of(a, false, false));
            return a;
        } finally {
            closeAll(tensors);
        }
    }

    /** An integer tensor (int64, int32, uint16 or uint8) as int64, flattened in row-major order. */
    public long[] readLongs(String name) throws CheckpointException {
        List<Tensor> tensors = restore(List.of(name), TInt64.class, Set.of(DataType.DT_INT64, DataType.DT_INT32, DataType.DT_UINT16,
                DataType.DT_UINT8), "an integer tensor");
        try {
            TInt64 t = (TInt64) tensors.get(0);
            long[] a = new long[length(name, t)];
            t.copyTo(DataBuffers.of(a, false, false));
            return a;
        } finally {
            closeAll(tensors);
        }
    }

    /** An int32, uint16 or uint8 tensor as int32, flattened in row-major order (int64 ones: {@link #readLongs}). */
    public int[] readInts(String name) throws CheckpointException {
        List<Tensor> tensors = restore(List.of(name), TInt32.class, Set.of(DataType.DT_INT32, DataType.DT_UINT16, DataType.DT_UINT8),
                "an int32, uint16 or uint8 tensor");
        try {
            TInt32 t = (TInt32) tensors.get(0);
            int[] a = new int[length(name, t)];
            t.copyTo(DataBuffers.of(a, false, false));
            return a;
        } finally {
            closeAll(tensors);
        }
    }

    /** A bool tensor, flattened in row-major order. */
    public boolean[] readBooleans(String name) throws CheckpointException {
        List<Tensor> tensors = restore(List.of(name), TBool.class, Set.of(DataType.DT_BOOL), "a bool tensor");
        try {
            TBool t = (TBool) tensors.get(0);
            boolean[] a = new boolean[length(name, t)];
            t.copyTo(DataBuffers.of(a, false, false));
            return a;
        } finally {
            closeAll(tensors);
        }
    }

    /**
     * A string tensor's elements as bytes, flattened in row-major order (TensorFlow strings are bytes; the TF2
     * object graph {@value VariableInfo#OBJECT_GRAPH} is a serialized {@code TrackableObjectGraph} proto).
     */
    public byte[][] readBytes(String name) throws CheckpointException {
        List<Tensor> tensors = restore(List.of(name), TString.class, Set.of(DataType.DT_STRING), "a string tensor");
        try {
            NdArray<byte[]> bytes = ((TString) tensors.get(0)).asBytes();
            List<byte[]> out = new ArrayList<>(length(name, tensors.get(0)));
            bytes.scalars().forEach(s -> out.add(s.getObject()));
            return out.toArray(new byte[0][]);
        } finally {
            closeAll(tensors);
        }
    }

    /** A string tensor's elements decoded as UTF-8, flattened in row-major order. */
    public String[] readStrings(String name) throws CheckpointException {
        byte[][] bytes = readBytes(name);
        String[] s = new String[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            s[i] = new String(bytes[i], StandardCharsets.UTF_8);
        }
        return s;
    }

    /**
     * Several tensors as TensorFlow stores them (a {@code float32} one as {@link TFloat32}, {@code int64} as
     * {@link TInt64}...), in one run, by name in the order asked. The caller owns the tensors and must close them.
     */
    public Map<String, Tensor> readTensors(Collection<String> names) throws CheckpointException {
        List<String> list = distinct(names);
        List<Tensor> tensors = restore(list, null, null, null);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            out.put(list.get(i), tensors.get(i));
        }
        return out;
    }

    private static final Set<DataType> FLOATING = Set.of(DataType.DT_FLOAT, DataType.DT_DOUBLE, DataType.DT_HALF, DataType.DT_BFLOAT16);

    /**
     * Runs {@code RestoreV2} for the named tensors, each cast to {@code target} (null: as stored) when its dtype is in
     * {@code accepted}. Returns the tensors, owned by the caller.
     */
    private List<Tensor> restore(List<String> names, Class<? extends TType> target, Set<DataType> accepted, String expected)
            throws CheckpointException {
        if (names.isEmpty()) {
            return List.of();
        }
        List<Class<? extends TType>> types = new ArrayList<>();
        for (String name : names) {
            VariableInfo info = variable(name);
            DataType dtype = index.dataType(name).orElseThrow();
            if (accepted != null && !accepted.contains(dtype)) {
                throw new CheckpointException(index.prefix() + ": " + name + " is " + info.dtype() + " " + info.shapeString()
                        + ", not " + expected);
            }
            Class<? extends TType> type = javaType(dtype);
            if (type == null) {
                throw new CheckpointException(index.prefix() + ": " + name + " is " + info.dtype()
                        + ", a type TensorFlow Java cannot hold");
            }
            types.add(type);
        }
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            String[] slices = new String[names.size()];
            Arrays.fill(slices, "");
            Restore restore = tf.train.restore(tf.constant(index.prefix().toAbsolutePath().toString()),
                    tf.constant(StandardCharsets.UTF_8, names.toArray(new String[0])), tf.constant(StandardCharsets.UTF_8, slices), types);
            Session.Runner runner = session.runner();
            for (int i = 0; i < names.size(); i++) {
                Operand<?> out = restore.tensors().get(i);
                if (target != null && types.get(i) != target) {
                    out = tf.dtypes.cast(out, target);
                }
                runner.fetch(out);
            }
            Result result = runner.run();
            List<Tensor> tensors = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                tensors.add(result.get(i));
            }
            return tensors;
        } catch (TensorFlowException e) {
            throw new CheckpointException(index.prefix() + ": TensorFlow cannot restore " + (names.size() == 1 ? names.get(0)
                    : names.size() + " tensors") + ": " + firstLine(e.getMessage()), e);
        } catch (LinkageError e) {
            throw new CheckpointException("TensorFlow's native library cannot be loaded to read " + index.prefix() + ": "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** The TensorFlow Java type of a dtype, or null when it has none. */
    private static Class<? extends TType> javaType(DataType dtype) {
        return switch (dtype) {
            case DT_FLOAT -> TFloat32.class;
            case DT_DOUBLE -> TFloat64.class;
            case DT_HALF -> TFloat16.class;
            case DT_BFLOAT16 -> TBfloat16.class;
            case DT_INT32 -> TInt32.class;
            case DT_INT64 -> TInt64.class;
            case DT_UINT8 -> TUint8.class;
            case DT_UINT16 -> TUint16.class;
            case DT_BOOL -> TBool.class;
            case DT_STRING -> TString.class;
            default -> null;
        };
    }

    private int length(String name, Tensor t) throws CheckpointException {
        long n = t.shape().size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(index.prefix() + ": " + name + " has " + n + " elements, too many for a Java array");
        }
        return (int) n;
    }

    private static List<String> distinct(Collection<String> names) {
        return List.copyOf(new LinkedHashSet<>(names));
    }

    private static void closeAll(List<Tensor> tensors) {
        for (Tensor t : tensors) {
            t.close();
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
