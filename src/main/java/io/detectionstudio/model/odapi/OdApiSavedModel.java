package io.detectionstudio.model.odapi;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.ModelException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** A detector exported by the OD API (or by us in its format), run through its {@code serving_default} signature. */
public final class OdApiSavedModel implements Detector {

    public static final String SIGNATURE = "serving_default";
    public static final String INPUT = "input_tensor";
    static final Set<String> REQUIRED_OUTPUTS = Set.of("detection_boxes", "detection_scores", "detection_classes",
            "num_detections");

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final boolean hasKeypoints;
    private final Map<Integer, String> names;

    private OdApiSavedModel(SavedModelBundle bundle, SessionFunction function, boolean hasKeypoints, Map<Integer, String> names) {
        this.bundle = bundle;
        this.function = function;
        this.hasKeypoints = hasKeypoints;
        this.names = Map.copyOf(names);
    }

    /** True when {@code dir} holds a SavedModel ({@code saved_model.pb}). */
    public static boolean isSavedModel(Path dir) {
        return Files.isRegularFile(dir.resolve("saved_model.pb"));
    }

    /**
     * Loads a SavedModel and checks its signature.
     *
     * @param names class names by category id, e.g. from the export's label map; may be empty
     */
    public static OdApiSavedModel load(Path dir, Map<Integer, String> names) throws ModelException {
        if (!isSavedModel(dir)) {
            throw new ModelException(dir + ": not a SavedModel (no saved_model.pb)");
        }
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG).load();
        } catch (TensorFlowException | IllegalArgumentException e) {
            throw new ModelException(dir + ": cannot load the SavedModel: " + firstLine(e.getMessage()), e);
        }
        try {
            Signature sig = bundle.signatures().stream().filter(s -> s.key().equals(SIGNATURE)).findFirst()
                    .orElseThrow(() -> new ModelException(dir + ": the SavedModel has no \"" + SIGNATURE + "\" signature"));
            if (!sig.inputNames().contains(INPUT)) {
                throw new ModelException(dir + ": signature " + SIGNATURE + " has no input \"" + INPUT + "\" (it has "
                        + sig.inputNames() + ")");
            }
            for (String out : REQUIRED_OUTPUTS) {
                if (!sig.outputNames().contains(out)) {
                    throw new ModelException(dir + ": signature " + SIGNATURE + " has no output \"" + out + "\"");
                }
            }
            boolean keypoints = sig.outputNames().contains("detection_keypoints");
            return new OdApiSavedModel(bundle, bundle.function(SIGNATURE), keypoints, names);
        } catch (ModelException | RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    @Override
    public List<Detection> detect(BufferedImage image) throws ModelException {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] rgb = toRgbBytes(image);
        try (TUint8 input = TUint8.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(rgb, true, false));
             org.tensorflow.Result result = function.call(Map.of(INPUT, input))) {
            TFloat32 boxes = output(result, "detection_boxes");
            TFloat32 scores = output(result, "detection_scores");
            TFloat32 classes = output(result, "detection_classes");
            TFloat32 count = output(result, "num_detections");
            TFloat32 keypoints = hasKeypoints ? output(result, "detection_keypoints") : null;
            TFloat32 keypointScores = hasKeypoints && result.containsKey("detection_keypoint_scores")
                    ? output(result, "detection_keypoint_scores") : null;
            int n = Math.min((int) count.getFloat(0), (int) scores.shape().get(1));
            List<Detection> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double y0 = clamp(boxes.getFloat(0, i, 0));
                double x0 = clamp(boxes.getFloat(0, i, 1));
                double y1 = clamp(boxes.getFloat(0, i, 2));
                double x1 = clamp(boxes.getFloat(0, i, 3));
                Box box = new Box(Math.min(y0, y1), Math.min(x0, x1), Math.max(y0, y1), Math.max(x0, x1));
                int category = Math.round(classes.getFloat(0, i));
                List<Keypoint> kps = new ArrayList<>();
                double[] kpScores = null;
                if (keypoints != null) {
                    int k = (int) keypoints.shape().get(2);
                    kpScores = new double[k];
                    for (int j = 0; j < k; j++) {
                        kps.add(new Keypoint(clamp(keypoints.getFloat(0, i, j, 0)), clamp(keypoints.getFloat(0, i, j, 1)),
                                Keypoint.VISIBLE));
                        kpScores[j] = keypointScores == null ? 1 : keypointScores.getFloat(0, i, j);
                    }
                }
                out.add(new Detection(box, category, scores.getFloat(0, i), kps, kpScores));
            }
            return out;
        } catch (TensorFlowException | IllegalArgumentException | ClassCastException e) {
            throw new ModelException("running the SavedModel failed: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public Map<Integer, String> categoryNames() {
        return names;
    }

    @Override
    public void close() {
        bundle.close();
    }

    private static TFloat32 output(org.tensorflow.Result result, String name) throws ModelException {
        Tensor t = result.get(name).orElseThrow(() -> new ModelException("the SavedModel returned no " + name));
        if (!(t instanceof TFloat32 f)) {
            throw new ModelException("the SavedModel's " + name + " is " + t.dataType() + ", expected float32");
        }
        return f;
    }

    /** Interleaved RGB bytes, row by row, of any BufferedImage (fast path for TYPE_3BYTE_BGR). */
    static byte[] toRgbBytes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof DataBufferByte db && db.getData().length == out.length) {
            byte[] bgr = db.getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                out[p] = (byte) (row[x] >> 16);
                out[p + 1] = (byte) (row[x] >> 8);
                out[p + 2] = (byte) row[x];
            }
        }
        return out;
    }

    private static double clamp(float v) {
        return Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }

    private static String firstLine(String s) {
        return s == null ? "unknown error" : s.lines().findFirst().orElse("").trim();
    }
}
