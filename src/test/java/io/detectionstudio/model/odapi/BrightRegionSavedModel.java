package io.detectionstudio.model.odapi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Test fixture: writes a small SavedModel with the OD API exporter's {@code serving_default} signature whose
 * "detector" is plain arithmetic: one detection of class 1, the box around the pixels brighter than a
 * threshold (a variable, 200), score 1 when there are any (else 0). It lets tests prove the whole path
 * (load, signature, uint8 input, outputs, JSON, drawing, COCO metrics) without a trained network.
 */
public final class BrightRegionSavedModel {

    private BrightRegionSavedModel() {
    }

    public static void export(Path dir) throws IOException {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TUint8> input = tf.withName("input_tensor").placeholder(TUint8.class,
                    Placeholder.shape(Shape.of(1, -1, -1, 3)));
            Variable<TFloat32> threshold = tf.withName("threshold").variable(tf.constant(200f));
            Operand<TFloat32> gray = tf.math.mean(tf.dtypes.cast(input, TFloat32.class), tf.constant(3));
            Operand<TFloat32> mask = tf.dtypes.cast(tf.math.greater(gray, threshold), TFloat32.class); // [1,H,W]
            Operand<TInt32> shape = tf.shape(input);
            Operand<TFloat32> h = tf.dtypes.cast(tf.gather(shape, tf.constant(1), tf.constant(0)), TFloat32.class);
            Operand<TFloat32> w = tf.dtypes.cast(tf.gather(shape, tf.constant(2), tf.constant(0)), TFloat32.class);
            Operand<TFloat32>[] ys = extent(tf, tf.max(mask, tf.constant(2)), h);
            Operand<TFloat32>[] xs = extent(tf, tf.max(mask, tf.constant(1)), w);
            Operand<TFloat32> boxes = tf.reshape(tf.stack(List.of(ys[0], xs[0], ys[1], xs[1]), Stack.axis(1L)),
                    tf.constant(new long[] {1, 1, 4}));
            Operand<TFloat32> scores = tf.reshape(tf.max(mask, tf.constant(new int[] {1, 2})), tf.constant(new long[] {1, 1}));
            Operand<TFloat32> classes = tf.constant(new float[][] {{1f}});
            Operand<TFloat32> count = tf.constant(new float[] {1f});
            try (Session s = new Session(g)) {
                s.initialize();
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(Signature.builder()
                        .key("serving_default")
                        .input("input_tensor", input)
                        .output("detection_boxes", boxes)
                        .output("detection_scores", scores)
                        .output("detection_classes", classes)
                        .output("num_detections", count)
                        .build()).export();
            }
        }
    }

    /** Normalized [min, max) of the positions where {@code has} ([1, N]) is 1. */
    @SuppressWarnings("unchecked")
    private static Operand<TFloat32>[] extent(Ops tf, Operand<TFloat32> has, Operand<TFloat32> size) {
        Operand<TFloat32> idx = tf.range(tf.constant(0f), size, tf.constant(1f));
        Operand<TFloat32> big = tf.math.mul(tf.math.sub(tf.constant(1f), has), tf.constant(1e9f));
        Operand<TFloat32> min = tf.min(tf.math.add(tf.math.mul(idx, has), big), tf.constant(1));
        Operand<TFloat32> max = tf.math.add(tf.max(tf.math.sub(tf.math.mul(idx, has), big), tf.constant(1)), tf.constant(1f));
        return new Operand[] {tf.math.div(min, size), tf.math.div(max, size)};
    }
}
