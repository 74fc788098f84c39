package io.detectionstudio.model.tflite;

import io.detectionstudio.model.ModelException;
import io.detectionstudio.nn.MobileNetV2;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a MobileNetV2 in a TensorFlow Lite file, mapped onto our {@link MobileNetV2}'s variables
 * ({@code backbone_conv1_kernel}, {@code backbone_block3_expand_bn_beta}, ...).
 *
 * <p>The mapping goes by operator order, which every MobileNetV2 graph shares: the file's convolutions
 * ({@code CONV_2D}, {@code DEPTHWISE_CONV_2D}) in execution order are conv1; block0's depthwise and projection;
 * each of blocks 1..16's expansion, depthwise and projection; then, when the next one is a 1x1 conv to the final
 * width, the final conv. Each shape is checked against what our net builds for the width found, so a file that
 * is not a MobileNetV2 (or another width) is refused in one line. Known layouts: Keras/TF2
 * ({@code tf2_mobilenet_v2_1.0_224_ptq}), TF-slim ({@code mobilenet_v2_1.0_224_quant}) and DeepLabV3's
 * MobileNetV2 0.5 ({@code deeplabv3_mnv2_dm05_pascal_quant}), whose widths are not rounded to multiples of 8
 * ({@link MobileNetV2.Config#divisor()} 1), whose last blocks are dilated instead of strided (we keep our strides:
 * same weights, a stride-32 map) and which has no final conv.
 *
 * <p>Conversion: values are dequantized ({@link TfliteModel#floats}); kernels go from TFLite's
 * {@code [out, h, w, in]} to TensorFlow's {@code [h, w, in, out]} and depthwise kernels from {@code [1, h, w, c]} to
 * {@code [h, w, c, 1]}. The converter folded each batch normalization into its conv (kernel scaled, a bias added),
 * so each of our batch normalizations gets gamma 1, beta = that bias, moving mean 0 and moving variance
 * {@code 1 - epsilon}: then {@code gamma / sqrt(variance + epsilon)} is exactly 1 and the layer computes the file's
 * conv plus bias, in inference and frozen modes alike.
 *
 * <p>Input: RGB in [-1, 1] ({@code pixel / 127.5 - 1}), what all three expect (their input quantization maps
 * 0..255 onto it).
 */
public final class MobileNetV2Weights {

    private final Path file;
    private final MobileNetV2.Config config;
    private final String layout;
    private final Map<String, float[]> backbone;
    private final Classifier classifier;

    /**
     * An image classifier on top of the backbone's last feature map: global average pool, then a 1x1 conv.
     *
     * @param kernel {@code [1, 1, channels, classes]} as TensorFlow lays it out
     */
    public record Classifier(int channels, int classes, float[] kernel, float[] bias) {
    }

    private MobileNetV2Weights(Path file, MobileNetV2.Config config, String layout, Map<String, float[]> backbone,
                               Classifier classifier) {
        this.file = file;
        this.config = config;
        this.layout = layout;
        this.backbone = backbone;
        this.classifier = classifier;
    }

    /** Reads a {@code .tflite} file and maps its MobileNetV2; a one-line {@link ModelException} when it has none. */
    public static MobileNetV2Weights read(Path tflite) throws ModelException {
        return from(TfliteModel.read(tflite));
    }

    /** Maps the MobileNetV2 of a parsed TFLite model. */
    public static MobileNetV2Weights from(TfliteModel model) throws ModelException {
        List<TfliteModel.Operator> convs = new ArrayList<>();
        for (TfliteModel.Operator op : model.operators()) {
            if (op.code() == TfliteModel.CONV_2D || op.code() == TfliteModel.DEPTHWISE_CONV_2D || op.code() == TfliteModel.FULLY_CONNECTED) {
                convs.add(op);
            }
        }
        int backboneConvs = 1 + 2 + 3 * (MobileNetV2.BLOCKS - 1);
        if (convs.size() < backboneConvs) {
            throw new ModelException(model.file() + ": not a MobileNetV2 (" + convs.size() + " convolutions, want at least "
                    + backboneConvs + ")");
        }
        int[] lastShape = kernelShape(model, convs.get(backboneConvs - 1));
        if (lastShape.length != 4 || lastShape[0] < 1) {
            throw new ModelException(model.file() + ": not a MobileNetV2 (convolution " + (backboneConvs - 1) + " has shape "
                    + java.util.Arrays.toString(lastShape) + ")");
        }
        int lastOut = lastShape[0];
        float depth = lastOut / 320f;
        String problem = null;
        for (int divisor : new int[] {8, 1}) {
            MobileNetV2.Config config = MobileNetV2.Config.defaults().withDepthMultiplier(depth).withDivisor(divisor);
            try {
                return map(model, convs, config);
            } catch (Mismatch e) {
                problem = e.getMessage();
            }
        }
        throw new ModelException(model.file() + ": not a MobileNetV2 we can map: " + problem);
    }

    /** A shape that does not fit the width tried. */
    private static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    private static MobileNetV2Weights map(TfliteModel model, List<TfliteModel.Operator> convs, MobileNetV2.Config config)
            throws Mismatch, ModelException {
        Map<String, float[]> out = new LinkedHashMap<>();
        int k = 0;
        int in = 3;
        k = take(model, convs, k, "conv1", false, 3, in, config.firstFilters(), out);
        in = config.firstFilters();
        for (int block = 0; block < MobileNetV2.BLOCKS; block++) {
            String name = "block" + block;
            int expanded = in;
            if (block > 0) {
                expanded = 6 * in;
                k = take(model, convs, k, name + "_expand", false, 1, in, expanded, out);
            }
            k = take(model, convs, k, name + "_depthwise", true, 3, expanded, expanded, out);
            k = take(model, convs, k, name + "_project", false, 1, expanded, config.blockFilters(block), out);
            in = config.blockFilters(block);
        }
        boolean finalConv = false;
        if (k < convs.size() && isConv1x1(model, convs.get(k), in, config.finalFilters())) {
            k = take(model, convs, k, "final_conv", false, 1, in, config.finalFilters(), out);
            in = config.finalFilters();
            finalConv = true;
        }
        Classifier classifier = null;
        if (k < convs.size()) {
            TfliteModel.Operator op = convs.get(k);
            int[] shape = kernelShape(model, op);
            boolean pooledBefore = pooledBefore(model, op);
            if (pooledBefore && shape.length >= 2 && shape[shape.length - 1] == in && (op.code() == TfliteModel.FULLY_CONNECTED
                    || op.code() == TfliteModel.CONV_2D && shape.length == 4 && shape[1] == 1 && shape[2] == 1)) {
                int classes = shape[0];
                float[] kernel = transposeOutFirst(model.floats(kernelTensor(model, op)), classes, 1, 1, in);
                classifier = new Classifier(in, classes, kernel, bias(model, op, classes));
            }
        }
        MobileNetV2.Config fitted = config.withFinalConv(finalConv);
        String layout = model.tensors().stream().anyMatch(t -> t.name().startsWith("MobileNetV2/Conv2d_0_0")) ? "TF2"
                : model.tensors().stream().anyMatch(t -> t.name().contains("MobilenetV2/")) ? "TF-slim" : "unnamed";
        return new MobileNetV2Weights(model.file(), fitted, layout, out, classifier);
    }

    private static boolean pooledBefore(TfliteModel model, TfliteModel.Operator op) {
        return pooledBefore(model, op, 0);
    }

    private static boolean pooledBefore(TfliteModel model, TfliteModel.Operator op, int depth) {
        if (op.inputs().length == 0 || depth > 4) {
            return false;
        }
        int input = op.inputs()[0];
        for (TfliteModel.Operator other : model.operators()) {
            for (int o : other.outputs()) {
                if (o == input) {
                    return other.code() == TfliteModel.AVERAGE_POOL_2D || other.code() == TfliteModel.MEAN
                            || other.code() == TfliteModel.RESHAPE && pooledBefore(model, other, depth + 1);
                }
            }
        }
        return false;
    }

    private static boolean isConv1x1(TfliteModel model, TfliteModel.Operator op, int in, int out) throws ModelException {
        if (op.code() != TfliteModel.CONV_2D) {
            return false;
        }
        int[] s = kernelShape(model, op);
        return s.length == 4 && s[0] == out && s[1] == 1 && s[2] == 1 && s[3] == in && !pooledBefore(model, op);
    }

    /** Maps convolution {@code k} onto layer {@code layer}, checking its kind and shape; the next index. */
    private static int take(TfliteModel model, List<TfliteModel.Operator> convs, int k, String layer, boolean depthwise,
                            int size, int in, int out, Map<String, float[]> into) throws Mismatch, ModelException {
        TfliteModel.Operator op = convs.get(k);
        int[] s = kernelShape(model, op);
        int[] want = depthwise ? new int[] {1, size, size, out} : new int[] {out, size, size, in};
        boolean kindOk = op.code() == (depthwise ? TfliteModel.DEPTHWISE_CONV_2D : TfliteModel.CONV_2D);
        if (!kindOk || !java.util.Arrays.equals(s, want)) {
            throw new Mismatch(String.format(Locale.ROOT, "convolution %d (for %s) is %s %s, want %s %s", k, layer,
                    kindName(op.code()), java.util.Arrays.toString(s), depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D",
                    java.util.Arrays.toString(want)));
        }
        float[] values = model.floats(kernelTensor(model, op));
        String prefix = "backbone_" + layer;
        // Depthwise [1, h, w, c] has the same memory order as [h, w, c, 1].
        into.put(prefix + "_kernel", depthwise ? values : transposeOutFirst(values, out, size, size, in));
        float[] ones = new float[out];
        java.util.Arrays.fill(ones, 1f);
        float[] variance = new float[out];
        java.util.Arrays.fill(variance, 1f - MobileNetV2.Config.defaults().bnEpsilon());
        into.put(prefix + "_bn_gamma", ones);
        into.put(prefix + "_bn_beta", bias(model, op, out));
        into.put(prefix + "_bn_moving_mean", new float[out]);
        into.put(prefix + "_bn_moving_variance", variance);
        return k + 1;
    }

    private static String kindName(int code) {
        return switch (code) {
            case TfliteModel.CONV_2D -> "CONV_2D";
            case TfliteModel.DEPTHWISE_CONV_2D -> "DEPTHWISE_CONV_2D";
            case TfliteModel.FULLY_CONNECTED -> "FULLY_CONNECTED";
            default -> "operator " + code;
        };
    }

    private static TfliteModel.Tensor kernelTensor(TfliteModel model, TfliteModel.Operator op) throws ModelException {
        if (op.inputs().length < 2 || op.inputs()[1] < 0 || !model.hasData(model.tensors().get(op.inputs()[1]))) {
            throw new ModelException(model.file() + ": a convolution without constant weights");
        }
        return model.tensors().get(op.inputs()[1]);
    }

    private static int[] kernelShape(TfliteModel model, TfliteModel.Operator op) throws ModelException {
        return kernelTensor(model, op).shape();
    }

    private static float[] bias(TfliteModel model, TfliteModel.Operator op, int out) throws ModelException {
        if (op.inputs().length < 3 || op.inputs()[2] < 0) {
            return new float[out];
        }
        TfliteModel.Tensor b = model.tensors().get(op.inputs()[2]);
        float[] values = model.floats(b);
        if (values.length != out) {
            throw new ModelException(model.file() + ": bias " + TfliteModel.printable(b.name()) + " has " + values.length + " values for " + out + " filters");
        }
        return values;
    }

    /** {@code [out, h, w, in]} to {@code [h, w, in, out]}. */
    static float[] transposeOutFirst(float[] v, int out, int h, int w, int in) {
        float[] t = new float[v.length];
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int i = 0; i < in; i++) {
                        t[((y * w + x) * in + i) * out + o] = v[((o * h + y) * w + x) * in + i];
                    }
                }
            }
        }
        return t;
    }

    /** The file the weights came from. */
    public Path file() {
        return file;
    }

    /** The backbone these weights fit (width, rounding, with or without the final conv). */
    public MobileNetV2.Config config() {
        return config;
    }

    public float depthMultiplier() {
        return config.depthMultiplier();
    }

    /** The values by our variable name ({@code backbone_...}), in TensorFlow's layouts. */
    public Map<String, float[]> backbone() {
        return java.util.Collections.unmodifiableMap(backbone);
    }

    /** The classifier on top, when the file has one. */
    public Optional<Classifier> classifier() {
        return Optional.ofNullable(classifier);
    }

    /** E.g. {@code MobileNetV2 1.0 (TF2 layout), with final conv, 1001-class classifier}. */
    public String describe() {
        return String.format(Locale.ROOT, "MobileNetV2 %s (%s layout%s), %s final conv%s",
                config.depthMultiplier() == Math.round(config.depthMultiplier()) ? String.format(Locale.ROOT, "%.1f", config.depthMultiplier())
                        : Float.toString(config.depthMultiplier()),
                layout, config.divisor() == 1 ? ", unrounded widths" : "", config.includeFinalConv() ? "with" : "no",
                classifier == null ? "" : ", " + classifier.classes() + "-class classifier");
    }
}
