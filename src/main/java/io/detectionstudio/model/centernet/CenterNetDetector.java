package io.detectionstudio.model.centernet;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.data.Category;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.nn.Mode;
import io.detectionstudio.nn.NetBuilder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * A trained run of ours as a {@link Detector}: an inference graph (batch norm from the moving statistics) restored
 * from the run's checkpoint by variable name. An image is fitted into the run's square (keeping its aspect ratio,
 * padded), and the boxes are mapped back to the image.
 */
public final class CenterNetDetector implements Detector {

    /** Padding colour of the square (about the ImageNet mean: it looks like nothing in particular); training pads with it too. */
    public static final Color PAD = new Color(124, 116, 104);

    private final Graph graph;
    private final Session session;
    private final CenterNetRun run;
    private final CenterNetSpec spec;
    private final CenterNetDecoder.Outputs outputs;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TString> prefix;
    private final org.tensorflow.op.Op restore;
    private final Map<Integer, String> names = new LinkedHashMap<>();

    /** An image fitted into the run's square ({@link #letterbox(BufferedImage, int)}), kept to run several checkpoints on it. */
    public record Letterboxed(float[] pixels, int width, int height) {
    }

    private CenterNetDetector(CenterNetRun run) throws ModelException {
        this.run = run;
        int s = run.inputSize();
        this.spec = run.spec(100);
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, s, s, 3)));
            NetBuilder net = new NetBuilder(tf, Mode.INFERENCE, 0);
            CenterNetHeads heads = CenterNetNet.build(net, input, spec, run.net());
            outputs = CenterNetDecoder.build(tf, spec, CenterNetDecoder.Config.DEFAULTS, heads);
            prefix = tf.withName("checkpoint_prefix").placeholder(TString.class);
            restore = net.restoreVariables(prefix, v -> true);
            session = new Session(graph, NetBuilder.sessionConfig(Runtime.getRuntime().availableProcessors(), 1));
            restore(run.checkpoint());
        } catch (TensorFlowException | IllegalArgumentException e) {
            graph.close();
            throw new ModelException(run.folder() + ": cannot load the model: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        for (Category c : run.categories()) {
            names.put(c.id(), c.name());
        }
    }

    public static CenterNetDetector open(java.nio.file.Path folder) throws ModelException {
        return new CenterNetDetector(CenterNetRun.open(folder));
    }

    /** A detector on the run's {@link CenterNetRun#checkpoint()}. */
    public static CenterNetDetector open(CenterNetRun run) throws ModelException {
        return new CenterNetDetector(run);
    }

    /** Loads the weights of another checkpoint of the same run (training validates each new one this way). */
    public void restore(java.nio.file.Path checkpointPrefix) {
        try (TString p = TString.scalarOf(checkpointPrefix.toString())) {
            session.runner().feed(prefix, p).addTarget(restore).run();
        }
    }

    public CenterNetRun run() {
        return run;
    }

    @Override
    public List<Detection> detect(BufferedImage image) throws ModelException {
        return detect(letterbox(image, run.inputSize()));
    }

    /** The image fitted into a square of side {@code s} as {@link #detect(BufferedImage)} does it (s: the run's input size). */
    public static Letterboxed letterbox(BufferedImage image, int s) {
        int w = image.getWidth();
        int h = image.getHeight();
        double fit = Math.min((double) s / w, (double) s / h);
        return new Letterboxed(letterbox(image, s, fit, (s - w * fit) / 2, (s - h * fit) / 2), w, h);
    }

    /** Detections on a letterboxed image, normalized to the original image. */
    public List<Detection> detect(Letterboxed image) throws ModelException {
        int s = run.inputSize();
        if (image.pixels().length != s * s * 3) {
            throw new IllegalArgumentException("letterboxed to " + Math.round(Math.sqrt(image.pixels().length / 3.0))
                    + " px; this run takes " + s + " px");
        }
        int w = image.width();
        int h = image.height();
        double fit = Math.min((double) s / w, (double) s / h);
        double ox = (s - w * fit) / 2;
        double oy = (s - h * fit) / 2;
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, s, s, 3), DataBuffers.of(image.pixels(), true, false));
             Result r = fetchAll(session.runner().feed(input, x)).run()) {
            TFloat32 boxes = (TFloat32) r.get(0);
            TInt32 classes = (TInt32) r.get(1);
            TFloat32 scores = (TFloat32) r.get(2);
            int n = ((TInt32) r.get(3)).getInt(0);
            List<Detection> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double y0 = (boxes.getFloat(0, i, 0) * s - oy) / (h * fit);
                double x0 = (boxes.getFloat(0, i, 1) * s - ox) / (w * fit);
                double y1 = (boxes.getFloat(0, i, 2) * s - oy) / (h * fit);
                double x1 = (boxes.getFloat(0, i, 3) * s - ox) / (w * fit);
                Box b = new Box(clamp(Math.min(y0, y1)), clamp(Math.min(x0, x1)), clamp(Math.max(y0, y1)), clamp(Math.max(x0, x1)));
                if (b.area() <= 0) {
                    continue;
                }
                int cls = classes.getInt(0, i);
                int category = run.categories().get(cls).id();
                if (spec.hasKeypoints() && cls == spec.keypointClass()) {
                    TFloat32 kps = (TFloat32) r.get(4);
                    TFloat32 kpScores = (TFloat32) r.get(5);
                    List<Keypoint> points = new ArrayList<>();
                    double[] pointScores = new double[spec.numKeypoints()];
                    for (int k = 0; k < spec.numKeypoints(); k++) {
                        double ky = (kps.getFloat(0, i, k, 0) * s - oy) / (h * fit);
                        double kx = (kps.getFloat(0, i, k, 1) * s - ox) / (w * fit);
                        pointScores[k] = kpScores.getFloat(0, i, k);
                        boolean inside = ky >= 0 && ky <= 1 && kx >= 0 && kx <= 1;
                        points.add(inside ? new Keypoint(ky, kx, Keypoint.VISIBLE) : Keypoint.notLabelled());
                    }
                    out.add(new Detection(b, category, scores.getFloat(0, i), points, pointScores));
                } else {
                    out.add(new Detection(b, category, scores.getFloat(0, i)));
                }
            }
            return suppressDuplicates(out);
        } catch (TensorFlowException e) {
            throw new ModelException("running the model failed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * The IoU above which a detection is dropped for a better one of its class. CenterNet's 3x3 peak pooling (the
     * OD API's {@code peak_max_pool_kernel_size}) is its only duplicate removal; on objects that fill much of the
     * picture a model trained on a few photos leaves several peaks, each a box (measured: a 10-photo raccoon run
     * went from AP50 0.28 to 0.44 on the 200 photos with this step).
     */
    public static final double NMS_IOU = 0.5;

    /** Class-aware hard NMS at {@link #NMS_IOU}, best first; the scores stay the model's. */
    static List<Detection> suppressDuplicates(List<Detection> found) {
        if (found.size() < 2) {
            return found;
        }
        List<Box> boxes = found.stream().map(Detection::box).toList();
        double[] scores = found.stream().mapToDouble(Detection::score).toArray();
        int[] classes = found.stream().mapToInt(Detection::categoryId).toArray();
        List<Detection> kept = new ArrayList<>();
        for (io.detectionstudio.core.Nms.ClassResult r : io.detectionstudio.core.Nms.classAware(boxes, scores, classes, NMS_IOU,
                Double.NEGATIVE_INFINITY, found.size(), found.size(), 0)) {
            kept.add(found.get(r.index()));
        }
        return kept;
    }

    private Session.Runner fetchAll(Session.Runner runner) {
        runner.fetch(outputs.boxes()).fetch(outputs.classes()).fetch(outputs.scores()).fetch(outputs.numDetections());
        if (spec.hasKeypoints()) {
            runner.fetch(outputs.keypoints()).fetch(outputs.keypointScores());
        }
        return runner;
    }

    /** The image fitted into the square as the trainer's un-augmented samples are: RGB in [-1, 1]. */
    static float[] letterbox(BufferedImage image, int s, double fit, double ox, double oy) {
        BufferedImage canvas = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(PAD);
        g.fillRect(0, 0, s, s);
        java.awt.geom.AffineTransform t = new java.awt.geom.AffineTransform();
        t.translate(ox, oy);
        t.scale(fit, fit);
        g.drawImage(image, t, null);
        g.dispose();
        int[] argb = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
        float[] out = new float[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            out[3 * i] = ((argb[i] >> 16) & 0xff) / 127.5f - 1;
            out[3 * i + 1] = ((argb[i] >> 8) & 0xff) / 127.5f - 1;
            out[3 * i + 2] = (argb[i] & 0xff) / 127.5f - 1;
        }
        return out;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    @Override
    public Map<Integer, String> categoryNames() {
        return names;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
