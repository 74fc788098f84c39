package io.detectionstudio.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * MobileNetV2 (Sandler et al. 2018, "MobileNetV2: Inverted Residuals and Linear Bottlenecks") as the OD API's
 * {@code keras_models/mobilenet_v2.py} builds it for {@code center_net} with {@code mobilenet_v2_fpn}: Keras'
 * {@code MobileNetV2(include_top=False)} with the OD API's layer overrides.
 *
 * <p>Layout (input stride 1, float32 NHWC in [-1, 1]; every convolution 'SAME', no bias, then batch normalization):
 * <pre>
 *   conv1        3x3 conv, 32 filters, stride 2, BN, ReLU6                                 stride 2
 *   block0       t=1: 3x3 depthwise, BN, ReLU6, 1x1 project to 16, BN                      stride 2
 *   block1-2     t=6, 24 channels, first stride 2   (block2's sum is the OD API's block_2_add) stride 4
 *   block3-5     t=6, 32 channels, first stride 2   (block_5_add)                            stride 8
 *   block6-9     t=6, 64 channels, first stride 2   (block_9_add)                            stride 16
 *   block10-12   t=6, 96 channels                                                            stride 16
 *   block13-15   t=6, 160 channels, first stride 2                                           stride 32
 *   block16      t=6, 320 channels                                                           stride 32
 *   final_conv   1x1 conv, 1280 filters, BN, ReLU6  (Keras' Conv_1 + out_relu)               stride 32
 * </pre>
 * A block with expansion {@code t} is: 1x1 expand to {@code t * in} channels, BN, ReLU6 (absent when t = 1); 3x3
 * depthwise with the block's stride, BN, ReLU6; 1x1 linear projection, BN; plus the block's input when the stride is
 * 1 and the channel counts match.
 *
 * <p>The depth multiplier (Keras' {@code alpha}) scales every block's output channels as Keras does,
 * {@code makeDivisible((int) (c * alpha), 8)}, and the first conv's as {@code makeDivisible(32 * alpha, 8)}; the
 * expansions follow from their inputs. The final conv keeps 1280 filters unless alpha &lt; 1, where the OD API's
 * override makes it {@code makeDivisible(1280 * alpha, 8)}. {@code minDepth} (the OD API's {@code min_depth}, off
 * for CenterNet) raises every non-expansion conv's filters to at least that.
 *
 * <p>Features: the OD API's CenterNet MobileNetV2-FPN takes the outputs of {@code block_2_add} (stride 4),
 * {@code block_5_add} (stride 8), {@code block_9_add} (stride 16) and {@code out_relu} (stride 32, the final
 * 1280-filter conv): {@link Features}. With {@code includeFinalConv = false} the net stops at block16 and the
 * stride-32 feature is block16's projection (320 channels at alpha 1), a smaller variant that is not the OD API's.
 *
 * <p>Variables (prefix {@code backbone}, group {@code backbone}): {@code backbone_conv1_kernel},
 * {@code backbone_conv1_bn_{gamma,beta,moving_mean,moving_variance}},
 * {@code backbone_block{i}_{expand,depthwise,project}_kernel} and {@code ..._bn_*} for i = 0..16 (block0 has no
 * expand), {@code backbone_final_conv_kernel}, {@code backbone_final_conv_bn_*}. Keras names the same layers
 * {@code Conv1}/{@code bn_Conv1}, {@code expanded_conv_*} (block0), {@code block_{i}_{expand,depthwise,project}}
 * with {@code _BN}, and {@code Conv_1}/{@code Conv_1_bn}.
 */
public final class MobileNetV2 {

    /** Per stage: expansion, output channels (at alpha 1), repeats, stride of the first block (Sandler et al., Table 2). */
    static final int[][] STAGES = {
            {1, 16, 1, 1},
            {6, 24, 2, 2},
            {6, 32, 3, 2},
            {6, 64, 4, 2},
            {6, 96, 3, 1},
            {6, 160, 3, 2},
            {6, 320, 1, 1},
    };

    /** The blocks whose outputs are the OD API's FPN inputs at strides 4, 8 and 16 (block_2_add, block_5_add, block_9_add). */
    static final int STRIDE4_BLOCK = 2;
    static final int STRIDE8_BLOCK = 5;
    static final int STRIDE16_BLOCK = 9;

    /** The number of inverted residual blocks. */
    public static final int BLOCKS = 17;

    private MobileNetV2() {
    }

    /**
     * How to build it.
     *
     * @param depthMultiplier  Keras' alpha (the OD API's {@code depth_multiplier}): 1.0, 0.75, 0.5, 0.35, ...
     * @param minDepth         the least number of filters of any non-expansion conv; 0 for none (CenterNet's default)
     * @param includeFinalConv whether to build the 1x1 conv to 1280 whose output is the stride-32 feature (the OD API
     *                         does)
     * @param bnMomentum       batch normalization's momentum (the OD API's MobileNetV2: 0.9997)
     * @param bnEpsilon        batch normalization's epsilon (1e-3)
     * @param kernelInit       the initializer of every kernel. The OD API draws them from a normal of stddev 0.09
     *                         truncated at 2 stddev; we default to {@link Init#heNormal()}, since a backbone trained
     *                         from scratch trains better from it and a pretrained one overwrites it anyway
     * @param l2               the L2 weight decay on every kernel (the OD API: {@code 0.00004 * 0.5})
     * @param divisor          channel counts are rounded to multiples of this: 8 as Keras does; 1 for TF-slim's
     *                         {@code divisible_by=1} (DeepLab's MobileNetV2 0.5, whose blocks have 8, 12, 16, ... channels)
     */
    public record Config(float depthMultiplier, int minDepth, boolean includeFinalConv, float bnMomentum, float bnEpsilon,
            Init kernelInit, float l2, int divisor) {

        public Config {
            if (!(depthMultiplier > 0) || Float.isInfinite(depthMultiplier)) {
                throw new IllegalArgumentException("depthMultiplier must be positive: " + depthMultiplier);
            }
            if (minDepth < 0) {
                throw new IllegalArgumentException("minDepth must not be negative: " + minDepth);
            }
            java.util.Objects.requireNonNull(kernelInit, "kernelInit");
            if (divisor < 1) {
                throw new IllegalArgumentException("divisor must be positive: " + divisor);
            }
        }

        /** The OD API's settings for {@code mobilenet_v2_fpn} at depth multiplier 1.0 (kernel init: He normal, see above). */
        public static Config defaults() {
            return new Config(1.0f, 0, true, 0.9997f, 1e-3f, Init.heNormal(), 0.00004f * 0.5f, 8);
        }

        public Config withDepthMultiplier(float value) {
            return new Config(value, minDepth, includeFinalConv, bnMomentum, bnEpsilon, kernelInit, l2, divisor);
        }

        public Config withMinDepth(int value) {
            return new Config(depthMultiplier, value, includeFinalConv, bnMomentum, bnEpsilon, kernelInit, l2, divisor);
        }

        public Config withFinalConv(boolean value) {
            return new Config(depthMultiplier, minDepth, value, bnMomentum, bnEpsilon, kernelInit, l2, divisor);
        }

        public Config withBnMomentum(float value) {
            return new Config(depthMultiplier, minDepth, includeFinalConv, value, bnEpsilon, kernelInit, l2, divisor);
        }

        public Config withDivisor(int value) {
            return new Config(depthMultiplier, minDepth, includeFinalConv, bnMomentum, bnEpsilon, kernelInit, l2, value);
        }

        public Config withKernelInit(Init value) {
            return new Config(depthMultiplier, minDepth, includeFinalConv, bnMomentum, bnEpsilon, value, l2, divisor);
        }

        /** Filters of the first conv. */
        public int firstFilters() {
            return atLeastMin(makeDivisible(32 * (double) depthMultiplier, divisor));
        }

        /** Output channels of inverted residual block {@code block} (0..16). */
        public int blockFilters(int block) {
            int[] stage = STAGES[stageOf(block)];
            return atLeastMin(makeDivisible((int) (stage[1] * (double) depthMultiplier), divisor));
        }

        /** Filters of the final 1x1 conv (the OD API's override of Keras: 1280, scaled only when alpha &lt; 1). */
        public int finalFilters() {
            int filters = depthMultiplier < 1.0f ? makeDivisible(1280 * (double) depthMultiplier, divisor) : 1280;
            return atLeastMin(filters);
        }

        /** Channels of the features at strides 4, 8, 16 and 32. */
        public int[] featureChannels() {
            return new int[] {blockFilters(STRIDE4_BLOCK), blockFilters(STRIDE8_BLOCK), blockFilters(STRIDE16_BLOCK),
                    includeFinalConv ? finalFilters() : blockFilters(BLOCKS - 1)};
        }

        private int atLeastMin(int filters) {
            return Math.max(filters, minDepth);
        }
    }

    /**
     * The backbone's feature maps, NHWC.
     *
     * @param stride4  {@code [N, H/4, W/4, C]}: block2's output (24 channels at alpha 1)
     * @param stride8  block5's output (32)
     * @param stride16 block9's output (64)
     * @param stride32 the final conv's output (1280), or block16's projection (320) without it
     */
    public record Features(Operand<TFloat32> stride4, Operand<TFloat32> stride8, Operand<TFloat32> stride16,
            Operand<TFloat32> stride32) {

        /** The four maps, finest first. */
        public List<Operand<TFloat32>> all() {
            return List.of(stride4, stride8, stride16, stride32);
        }
    }

    /**
     * Keras' {@code _make_divisible}: {@code v} rounded to the nearest multiple of {@code divisor}, at least
     * {@code divisor}, and not more than 10% below {@code v}.
     */
    public static int makeDivisible(double v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * v) {
            rounded += divisor;
        }
        return rounded;
    }

    /** The stage (index into the table of stages) of block {@code block}. */
    static int stageOf(int block) {
        if (block < 0 || block >= BLOCKS) {
            throw new IllegalArgumentException("block must be in 0.." + (BLOCKS - 1) + ": " + block);
        }
        int first = 0;
        for (int s = 0; s < STAGES.length; s++) {
            if (block < first + STAGES[s][2]) {
                return s;
            }
            first += STAGES[s][2];
        }
        throw new AssertionError(block);
    }

    /** The stride of block {@code block}'s depthwise conv. */
    static int blockStride(int block) {
        int stage = stageOf(block);
        int first = 0;
        for (int s = 0; s < stage; s++) {
            first += STAGES[s][2];
        }
        return block == first ? STAGES[stage][3] : 1;
    }

    /**
     * Builds the backbone under {@code net.scope("backbone", "backbone")}.
     *
     * @param images float32 {@code [N, H, W, 3]} in [-1, 1] (Keras' {@code mobilenet_v2.preprocess_input}:
     *               {@code pixel / 127.5 - 1}); H and W, when known, must be multiples of 32
     */
    public static Features build(NetBuilder net, Operand<TFloat32> images, Config config) {
        Shape shape = images.shape();
        if (shape.isUnknown() || shape.numDimensions() != 4 || shape.get(3) != 3) {
            throw new IllegalArgumentException("MobileNetV2 wants float32 images [N, H, W, 3], got shape " + shape);
        }
        for (int axis = 1; axis <= 2; axis++) {
            if (shape.get(axis) > 0 && shape.get(axis) % 32 != 0) {
                throw new IllegalArgumentException("image height and width must be multiples of 32, got " + shape);
            }
        }
        NetBuilder b = net.scope("backbone", "backbone");
        Init init = config.kernelInit();
        float l2 = config.l2();

        Operand<TFloat32> x = b.conv2d("conv1", images, config.firstFilters(), 3, 2, false, init, l2);
        x = b.relu6(b.batchNorm("conv1_bn", x, config.bnMomentum(), config.bnEpsilon()));

        List<Operand<TFloat32>> outputs = new ArrayList<>();
        for (int block = 0; block < BLOCKS; block++) {
            x = invertedResidual(b, x, block, config);
            outputs.add(x);
        }
        Operand<TFloat32> top = outputs.get(BLOCKS - 1);
        if (config.includeFinalConv()) {
            top = b.conv2d("final_conv", top, config.finalFilters(), 1, 1, false, init, l2);
            top = b.relu6(b.batchNorm("final_conv_bn", top, config.bnMomentum(), config.bnEpsilon()));
        }
        return new Features(outputs.get(STRIDE4_BLOCK), outputs.get(STRIDE8_BLOCK), outputs.get(STRIDE16_BLOCK), top);
    }

    private static Operand<TFloat32> invertedResidual(NetBuilder b, Operand<TFloat32> input, int block, Config config) {
        int in = NetBuilder.channels(input);
        int expansion = STAGES[stageOf(block)][0];
        int stride = blockStride(block);
        int out = config.blockFilters(block);
        String name = "block" + block;
        Init init = config.kernelInit();
        float l2 = config.l2();
        float momentum = config.bnMomentum();
        float epsilon = config.bnEpsilon();

        Operand<TFloat32> x = input;
        if (expansion != 1) {
            x = b.conv1x1(name + "_expand", x, expansion * in, false, init, l2);
            x = b.relu6(b.batchNorm(name + "_expand_bn", x, momentum, epsilon));
        }
        x = b.depthwiseConv3x3(name + "_depthwise", x, stride, init, l2);
        x = b.relu6(b.batchNorm(name + "_depthwise_bn", x, momentum, epsilon));
        x = b.conv1x1(name + "_project", x, out, false, init, l2);
        x = b.batchNorm(name + "_project_bn", x, momentum, epsilon);
        if (stride == 1 && in == out) {
            x = b.add(input, x);
        }
        return x;
    }
}
