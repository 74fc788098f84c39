package io.detectionstudio.nn;

import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Small helpers shared by the nn tests. */
final class NnTesting {

    private NnTesting() {
    }

    /** A session with the project's thread settings. */
    static Session session(Graph graph) {
        return new Session(graph, NetBuilder.sessionConfig(2, 1));
    }

    /** A float32 placeholder named {@code images}. */
    static Placeholder<TFloat32> images(Ops tf, Shape shape) {
        return tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(shape));
    }

    /** Uniform values in [-1, 1] from a fixed seed. */
    static float[] uniform(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    static TFloat32 tensor(Shape shape, float[] values) {
        return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    /** A tensor's values, row-major. */
    static float[] values(Tensor tensor) {
        TFloat32 t = (TFloat32) tensor;
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    /** Runs {@code fetch} (feeding {@code input} to {@code placeholder} when not null) and returns its values. */
    static float[] fetch(Session session, Operand<?> fetch, Placeholder<TFloat32> placeholder, TFloat32 input) {
        Session.Runner runner = session.runner().fetch(fetch);
        if (placeholder != null) {
            runner.feed(placeholder, input);
        }
        try (Result result = runner.run()) {
            return values(result.get(0));
        }
    }

    /** The shape of what {@code fetch} computes. */
    static Shape fetchShape(Session session, Operand<?> fetch, Placeholder<TFloat32> placeholder, TFloat32 input) {
        try (Result result = session.runner().feed(placeholder, input).fetch(fetch).run()) {
            return result.get(0).shape();
        }
    }

    static float maxAbsDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " != " + b.length);
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static double std(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (float v : values) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / values.length);
    }
}
