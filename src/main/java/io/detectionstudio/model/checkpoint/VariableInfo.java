package io.detectionstudio.model.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a checkpoint as its {@code .index} file describes it (its values live in the data shards).
 *
 * @param name     the tensor's key in the bundle, e.g.
 *                 {@code model/_box_predictor/_prediction_heads/box_encodings/.../bias/.ATTRIBUTES/VARIABLE_VALUE}
 *                 for a TF2 object-based checkpoint, or the variable's op name for a name-based one
 * @param dtype    the element type by its Python name: {@code float32}, {@code float64}, {@code float16},
 *                 {@code bfloat16}, {@code int32}, {@code int64}, {@code uint8}, {@code bool}, {@code string}...
 * @param shape    the full tensor's shape; empty for a scalar
 * @param shardId  the data file ({@code PREFIX.data-SSSSS-of-NNNNN}) holding the values; meaningless for a
 *                 partitioned tensor ({@code slices > 0}), whose slices are stored as entries of their own
 * @param offset   where the values start in that data file
 * @param size     how many bytes they take there
 * @param slices   how many partitions ({@code tf.Variable(partitioner=...)}) the tensor was saved in; 0 for a
 *                 tensor saved whole, as almost all are
 */
public record VariableInfo(String name, String dtype, long[] shape, int shardId, long offset, long size, int slices) {

    /** The key under which TF2 checkpoints store their object graph (a serialized {@code TrackableObjectGraph}). */
    public static final String OBJECT_GRAPH = "_CHECKPOINTABLE_OBJECT_GRAPH";

    public VariableInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    /** The shape (a copy): {@code [3, 3, 32, 1]}; {@code []} for a scalar. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements: the product of the dimensions, 1 for a scalar. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Whether it holds numbers (not a string, resource or variant): what a parameter count counts. */
    public boolean isNumeric() {
        return switch (dtype) {
            case "string", "resource", "variant", "invalid" -> false;
            default -> !dtype.startsWith("dtype(");
        };
    }

    /** Whether this is the TF2 object graph entry ({@value #OBJECT_GRAPH}) rather than a variable's value. */
    public boolean isObjectGraph() {
        return OBJECT_GRAPH.equals(name);
    }

    /** The shape as TensorFlow prints it: {@code [3, 3, 32, 1]}, {@code []} for a scalar. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VariableInfo v && name.equals(v.name) && dtype.equals(v.dtype) && Arrays.equals(shape, v.shape)
                && shardId == v.shardId && offset == v.offset && size == v.size && slices == v.slices;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), shardId, offset, size, slices);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + shapeString();
    }
}
