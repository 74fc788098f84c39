package io.detectionstudio.model.centernet;

import io.detectionstudio.nn.Fpn;
import io.detectionstudio.nn.Init;
import io.detectionstudio.nn.MobileNetV2;
import io.detectionstudio.nn.Mode;
import io.detectionstudio.nn.NetBuilder;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The CenterNet network of the OD API's {@code center_net} meta-architecture with
 * {@code feature_extractor.type: "mobilenet_v2_fpn"}: MobileNetV2, an FPN to stride 4, and one small head per
 * prediction (3x3 conv + ReLU + 1x1 conv), as {@code center_net_meta_arch.make_prediction_net} builds them.
 * Variables are grouped {@code backbone}, {@code fpn} and {@code head}, so training can leave the first two frozen.
 */
public final class CenterNetNet {

    /**
     * Batch-norm momentum. The OD API's 0.9997 suits fine-tuning for 50,000 steps from pretrained statistics; a
     * few hundred steps from scratch need moving statistics that keep up with the weights, or the inference graph
     * (which uses them) sees other activations than training did. Measured: with 0.9997 a 400-step run found
     * nothing at inference although its training loss had dropped.
     */
    public static final float BN_MOMENTUM = 0.97f;

    /** The OD API's initial center-heatmap bias: sigmoid(-2.19) = 0.1, so the first focal loss is not huge. */
    public static final float HEATMAP_BIAS_INIT = -2.19f;

    /**
     * @param depthMultiplier   MobileNetV2's width ({@code feature_extractor.depth_multiplier})
     * @param headFilters       the filters of each head's 3x3 conv (the OD API's {@code head_num_filters}: 256 on
     *                          accelerators; less is plenty for a few classes on a CPU)
     * @param unrounded         the backbone of TF-slim's {@code divisible_by=1} (widths not rounded to multiples of 8)
     *                          and without the final 1x1 conv, as DeepLab's MobileNetV2 0.5 is built; false: Keras'
     *                          MobileNetV2 as the OD API builds it. Stored as {@link #UNROUNDED_TYPE}.
     * @param frozenBackboneBn  training only: the backbone's batch normalizations use their stored statistics
     *                          ({@link Mode#FROZEN}, the OD API's {@code freeze_batchnorm}) while the FPN's still learn
     *                          theirs; what a pretrained backbone needs, since a few-shot batch's statistics would
     *                          overwrite the ones it was trained with. Inference graphs compute the same either way.
     */
    public record Config(float depthMultiplier, int headFilters, boolean unrounded, boolean frozenBackboneBn) {

        public Config(float depthMultiplier, int headFilters) {
            this(depthMultiplier, headFilters, false, false);
        }

        public static Config defaults() {
            return new Config(1.0f, 64);
        }

        public Config withFrozenBackboneBn(boolean value) {
            return new Config(depthMultiplier, headFilters, unrounded, value);
        }

        /** The backbone this config builds. */
        public MobileNetV2.Config backbone() {
            MobileNetV2.Config c = MobileNetV2.Config.defaults().withDepthMultiplier(depthMultiplier).withBnMomentum(BN_MOMENTUM);
            return unrounded ? c.withDivisor(1).withFinalConv(false) : c;
        }
    }

    /** {@code feature_extractor.type} of the OD API's CenterNet MobileNetV2-FPN. */
    public static final String TYPE = "mobilenet_v2_fpn";
    /** {@code feature_extractor.type} of the same with {@link Config#unrounded()} widths (our own name). */
    public static final String UNROUNDED_TYPE = "mobilenet_v2_unrounded_fpn";

    private CenterNetNet() {
    }

    /** Builds the heads on {@code images} ({@code [B, S, S, 3]}, values in [-1, 1]) for the spec's classes and keypoints. */
    public static CenterNetHeads build(NetBuilder net, Operand<TFloat32> images, CenterNetSpec spec, Config config) {
        NetBuilder backbone = config.frozenBackboneBn() && net.mode() == Mode.TRAIN ? net.withMode(Mode.FROZEN) : net;
        MobileNetV2.Features features = MobileNetV2.build(backbone, images, config.backbone());
        Operand<TFloat32> map = Fpn.build(net.scope("fpn", "fpn"), features, Fpn.Config.defaults().withBnMomentum(BN_MOMENTUM));
        NetBuilder heads = net.scope("head", "head");
        int f = config.headFilters();
        Operand<TFloat32> center = head(heads, "center", map, f, spec.numClasses(), HEATMAP_BIAS_INIT);
        Operand<TFloat32> size = head(heads, "box_size", map, f, 2, 0f);
        Operand<TFloat32> offset = head(heads, "box_offset", map, f, 2, 0f);
        if (!spec.hasKeypoints()) {
            return CenterNetHeads.boxes(center, size, offset);
        }
        int k = spec.numKeypoints();
        return new CenterNetHeads(center, size, offset,
                head(heads, "kp_heatmap", map, f, k, HEATMAP_BIAS_INIT),
                head(heads, "kp_offset", map, f, 2 * k, 0f),
                head(heads, "kp_regression", map, f, 2 * k, 0f));
    }

    private static Operand<TFloat32> head(NetBuilder net, String name, Operand<TFloat32> x, int filters, int outputs,
                                          float biasInit) {
        Operand<TFloat32> h = net.relu(net.conv2d(name + "_conv", x, filters, 3, 1, true, Init.heNormal(), 0f));
        Operand<TFloat32> y = net.conv2d(name + "_out", h, outputs, 1, 1, false, Init.truncatedNormal(0.01), 0f);
        Variable<TFloat32> bias = net.variable(name + "_out_bias", Shape.of(outputs), new Init.Constant(biasInit), true, 0f,
                outputs, outputs);
        return net.tf().nn.biasAdd(y, bias);
    }
}
