package io.detectionstudio.model.centernet;

import io.detectionstudio.config.ConfigException;
import io.detectionstudio.config.LabelMaps;
import io.detectionstudio.data.Category;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.nn.Mode;
import io.detectionstudio.nn.NetBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Exports a run as a SavedModel with the OD API exporter's {@code serving_default} signature (input
 * {@code input_tensor} uint8 {@code [1, H, W, 3]}; outputs {@code detection_boxes} {@code [1, N, 4]} normalized
 * ymin, xmin, ymax, xmax of the input image, {@code detection_scores}, {@code detection_classes} (category ids,
 * float, as the OD API gives them) and {@code num_detections}; for keypoint models also {@code detection_keypoints}
 * {@code [1, N, K, 2]} normalized y, x and {@code detection_keypoint_scores}), so that anything that serves OD API models
 * serves ours. The graph fits the image into the run's square as training did (keep aspect ratio, bilinear,
 * centred, padded with {@link CenterNetDetector#PAD}) and maps the boxes back. The label map is written beside.
 */
public final class CenterNetExport {

    private CenterNetExport() {
    }

    public static void export(Path runFolder, Path savedModel) throws ModelException {
        CenterNetRun run = CenterNetRun.open(runFolder);
        if (Files.exists(savedModel)) {
            throw new ModelException(savedModel + ": exists; choose a new folder");
        }
        int s = run.inputSize();
        CenterNetSpec spec = run.spec(100);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TUint8> input = tf.withName("input_tensor").placeholder(TUint8.class,
                    Placeholder.shape(Shape.of(1, -1, -1, 3)));
            Operand<TInt32> shape = tf.shape(input);
            Operand<TFloat32> h = tf.dtypes.cast(tf.gather(shape, tf.constant(1), tf.constant(0)), TFloat32.class);
            Operand<TFloat32> w = tf.dtypes.cast(tf.gather(shape, tf.constant(2), tf.constant(0)), TFloat32.class);
            Operand<TFloat32> side = tf.constant((float) s);
            Operand<TFloat32> fit = tf.math.minimum(tf.math.div(side, w), tf.math.div(side, h));
            Operand<TFloat32> nh = tf.math.minimum(side, tf.math.round(tf.math.mul(h, fit)));
            Operand<TFloat32> nw = tf.math.minimum(side, tf.math.round(tf.math.mul(w, fit)));
            Operand<TFloat32> top = tf.math.floor(tf.math.div(tf.math.sub(side, nh), tf.constant(2f)));
            Operand<TFloat32> left = tf.math.floor(tf.math.div(tf.math.sub(side, nw), tf.constant(2f)));
            Operand<TInt32> size = tf.dtypes.cast(tf.stack(List.of(nh, nw)), TInt32.class);
            Operand<TFloat32> resized = tf.image.resizeBilinear(input, size,
                    org.tensorflow.op.image.ResizeBilinear.halfPixelCenters(true));
            float[] pad = {CenterNetDetector.PAD.getRed() / 127.5f - 1, CenterNetDetector.PAD.getGreen() / 127.5f - 1,
                    CenterNetDetector.PAD.getBlue() / 127.5f - 1};
            Operand<TFloat32> padColor = tf.constant(pad);
            Operand<TFloat32> normalized = tf.math.sub(tf.math.sub(tf.math.div(resized, tf.constant(127.5f)), tf.constant(1f)), padColor);
            Operand<TInt32> t = tf.dtypes.cast(top, TInt32.class);
            Operand<TInt32> l = tf.dtypes.cast(left, TInt32.class);
            Operand<TInt32> b = tf.math.sub(tf.math.sub(tf.constant(s), t), tf.dtypes.cast(nh, TInt32.class));
            Operand<TInt32> r = tf.math.sub(tf.math.sub(tf.constant(s), l), tf.dtypes.cast(nw, TInt32.class));
            Operand<TInt32> zero = tf.constant(0);
            Operand<TInt32> paddings = tf.reshape(tf.stack(List.of(zero, zero, t, b, l, r, zero, zero)), tf.constant(new long[] {4, 2}));
            Operand<TFloat32> square = tf.ensureShape(tf.math.add(tf.pad(normalized, paddings, tf.constant(0f)), padColor),
                    Shape.of(1, s, s, 3));

            NetBuilder net = new NetBuilder(tf, Mode.INFERENCE, 0);
            CenterNetHeads heads = CenterNetNet.build(net, square, spec, run.net());
            CenterNetDecoder.Outputs out = CenterNetDecoder.build(tf, spec, CenterNetDecoder.Config.DEFAULTS, heads);

            // Square-normalized [ymin, xmin, ymax, xmax] -> image-normalized, clipped.
            Operand<TFloat32> scale = tf.stack(List.of(tf.math.div(side, nh), tf.math.div(side, nw), tf.math.div(side, nh),
                    tf.math.div(side, nw)));
            Operand<TFloat32> shift = tf.stack(List.of(tf.math.div(top, nh), tf.math.div(left, nw), tf.math.div(top, nh),
                    tf.math.div(left, nw)));
            Operand<TFloat32> boxes = tf.clipByValue(tf.math.sub(tf.math.mul(out.boxes(), scale), shift), tf.constant(0f),
                    tf.constant(1f));
            int[] ids = run.categories().stream().mapToInt(Category::id).toArray();
            Operand<TFloat32> classes = tf.dtypes.cast(tf.gather(tf.constant(ids), out.classes(), tf.constant(0)), TFloat32.class);
            Operand<TFloat32> count = tf.dtypes.cast(out.numDetections(), TFloat32.class);

            Operand<TFloat32> keypoints = null;
            if (spec.hasKeypoints()) {
                // [1, N, K, 2] (y, x) in the square -> the image, like the boxes.
                Operand<TFloat32> kpScale = tf.stack(List.of(tf.math.div(side, nh), tf.math.div(side, nw)));
                Operand<TFloat32> kpShift = tf.stack(List.of(tf.math.div(top, nh), tf.math.div(left, nw)));
                keypoints = tf.clipByValue(tf.math.sub(tf.math.mul(out.keypoints(), kpScale), kpShift), tf.constant(0f),
                        tf.constant(1f));
            }

            Placeholder<TString> prefix = tf.withName("checkpoint_prefix").placeholder(TString.class);
            var restore = net.restoreVariables(prefix, v -> true);
            try (Session session = new Session(g)) {
                try (TString p = TString.scalarOf(run.checkpoint().toString())) {
                    session.runner().feed(prefix, p).addTarget(restore).run();
                }
                Signature.Builder sig = Signature.builder()
                        .key("serving_default")
                        .input("input_tensor", input)
                        .output("detection_boxes", boxes)
                        .output("detection_scores", out.scores())
                        .output("detection_classes", classes)
                        .output("num_detections", count);
                if (keypoints != null) {
                    sig.output("detection_keypoints", keypoints).output("detection_keypoint_scores", out.keypointScores());
                }
                SavedModelBundle.exporter(savedModel.toString()).withSession(session).withSignature(sig.build()).export();
            }
            LabelMaps.write(LabelMaps.fromCategories(run.categories()), savedModel.resolve(CenterNetRun.LABEL_MAP));
        } catch (TensorFlowException | IllegalArgumentException | IOException | ConfigException e) {
            throw new ModelException(savedModel + ": cannot export: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }
}
