package io.detectionstudio.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The top-down feature pyramid of the OD API's CenterNet MobileNetV2-FPN feature extractor
 * ({@code center_net_mobilenet_v2_fpn_feature_extractor.py}), which merges the backbone's four feature maps into
 * one map at stride 4.
 *
 * <pre>
 *   top = conv1x1(stride32, 64)                                          lateral32 (with bias)
 *   for (stride, lateral filters, next filters) in (16, 64, 32), (8, 32, 24), (4, 24, 24):
 *       top = upsample2x(top) + conv1x1(feature[stride], lateral filters)  lateral{stride} (with bias)
 *       top = relu(bn(conv3x3(top, next filters)))                        smooth{stride} (with bias), smooth{stride}_bn
 *   output: [N, H/4, W/4, 24]
 * </pre>
 *
 * The channel counts are the OD API's, which keeps them at every depth multiplier ({@code num_filters_list = [64,
 * 32, 24]}, output 24); {@link Config} can change them. As in the OD API: the convolutions have biases, Keras'
 * default initializer (Glorot uniform, zero bias) and no weight decay; batch normalization is Keras' default
 * (momentum 0.99, epsilon 1e-3); the activation is a plain ReLU (not ReLU6); upsampling is nearest by default. The
 * OD API's {@code use_separable_conv} option is not supported.
 *
 * <p>Variables (prefix {@code fpn}, group {@code fpn}): {@code fpn_lateral32_kernel}, {@code fpn_lateral32_bias},
 * {@code fpn_lateral{16,8,4}_{kernel,bias}}, {@code fpn_smooth{16,8,4}_{kernel,bias}},
 * {@code fpn_smooth{16,8,4}_bn_{gamma,beta,moving_mean,moving_variance}}.
 */
public final class Fpn {

    private Fpn() {
    }

    /**
     * How to build it.
     *
     * @param levelFilters   the lateral filters at strides 16, 8 and 4 (the OD API: 64, 32, 24); the stride-32
     *                       lateral has {@code levelFilters[0]} filters and the 3x3 conv after the merge at stride 16
     *                       and 8 has the next level's count, so that the sums add tensors of equal depth
     * @param outputFilters  the filters of the last 3x3 conv: the output's channels (the OD API: 24)
     * @param interpolation  how to upsample (the OD API's {@code upsampling_interpolation}, nearest by default)
     * @param bnMomentum     batch normalization's momentum (Keras' default 0.99)
     * @param bnEpsilon      batch normalization's epsilon (1e-3)
     */
    public record Config(int[] levelFilters, int outputFilters, Interpolation interpolation, float bnMomentum,
            float bnEpsilon) {

        public Config {
            Objects.requireNonNull(levelFilters, "levelFilters");
            Objects.requireNonNull(interpolation, "interpolation");
            if (levelFilters.length != 3 || Arrays.stream(levelFilters).anyMatch(f -> f <= 0) || outputFilters <= 0) {
                throw new IllegalArgumentException("want three positive lateral filter counts and a positive output count, got "
                        + Arrays.toString(levelFilters) + " and " + outputFilters);
            }
            levelFilters = levelFilters.clone();
        }

        /** The OD API's: laterals 64/64/32/24 (strides 32/16/8/4), 3x3 convs 32/24/24, nearest upsampling. */
        public static Config defaults() {
            return new Config(new int[] {64, 32, 24}, 24, Interpolation.NEAREST, 0.99f, 1e-3f);
        }

        @Override
        public int[] levelFilters() {
            return levelFilters.clone();
        }

        public Config withInterpolation(Interpolation value) {
            return new Config(levelFilters, outputFilters, value, bnMomentum, bnEpsilon);
        }

        public Config withBnMomentum(float value) {
            return new Config(levelFilters, outputFilters, interpolation, value, bnEpsilon);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && Arrays.equals(levelFilters, c.levelFilters) && outputFilters == c.outputFilters
                    && interpolation == c.interpolation && Float.compare(bnMomentum, c.bnMomentum) == 0
                    && Float.compare(bnEpsilon, c.bnEpsilon) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(levelFilters), outputFilters, interpolation, bnMomentum, bnEpsilon);
        }

        @Override
        public String toString() {
            return "Fpn.Config[levelFilters=" + Arrays.toString(levelFilters) + ", outputFilters=" + outputFilters
                    + ", interpolation=" + interpolation + ", bnMomentum=" + bnMomentum + ", bnEpsilon=" + bnEpsilon + "]";
        }
    }

    /**
     * Builds the pyramid under {@code net.scope("fpn", "fpn")}.
     *
     * @return the stride-4 map, {@code [N, H/4, W/4, outputFilters]}
     */
    public static Operand<TFloat32> build(NetBuilder net, MobileNetV2.Features features, Config config) {
        NetBuilder b = net.scope("fpn", "fpn");
        int[] filters = config.levelFilters();
        Init init = Init.glorotUniform();
        List<Operand<TFloat32>> levels = List.of(features.stride16(), features.stride8(), features.stride4());
        int[] strides = {16, 8, 4};

        Operand<TFloat32> top = b.conv1x1("lateral32", features.stride32(), filters[0], true, init, 0f);
        for (int i = 0; i < 3; i++) {
            int stride = strides[i];
            top = b.upsample2x(top, config.interpolation());
            Operand<TFloat32> lateral = b.conv1x1("lateral" + stride, levels.get(i), filters[i], true, init, 0f);
            top = b.add(top, lateral);
            int next = i + 1 < 3 ? filters[i + 1] : config.outputFilters();
            top = b.conv2d("smooth" + stride, top, next, 3, 1, true, init, 0f);
            top = b.relu(b.batchNorm("smooth" + stride + "_bn", top, config.bnMomentum(), config.bnEpsilon()));
        }
        return top;
    }
}
